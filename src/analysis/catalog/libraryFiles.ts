import type { SyntaxNode } from '../parser';
import type { SemanticModel } from '../semantic/model';
import { argument, callArguments, field, namedChildren, unparenthesize } from '../syntax';
import { literalValue } from '../rules/helpers/argumentValues';
import { soleReturnValue } from '../rules/helpers/functions';

/**
 * Libraries that read or write a whole file when given a path — pandas, openpyxl, Pillow, python-docx,
 * fpdf2, PyMuPDF, matplotlib, OpenCV, tinytag — and what their file argument is at a call: a path (a string, a `Path`), an in-memory buffer or
 * a file object (no disk here, or opened where ASYNC230 reports it), or not known.
 */
export type FileArgument = 'path' | 'memory' | 'unknown' | 'none';

const PANDAS_READERS = [
  'read_csv', 'read_table', 'read_fwf', 'read_excel', 'read_json', 'read_parquet', 'read_feather', 'read_orc',
  'read_pickle', 'read_hdf', 'read_stata', 'read_sas', 'read_spss', 'read_xml', 'read_html',
];
const PANDAS_WRITERS = [
  'to_csv', 'to_excel', 'to_json', 'to_parquet', 'to_feather', 'to_orc', 'to_pickle', 'to_hdf', 'to_stata', 'to_xml',
  'to_html', 'to_markdown', 'to_string', 'to_latex',
];

/** A library call and where its file argument is: position and keyword names. */
interface FileCall {
  position: number;
  keywords: string[];
}

const FILE_CALLS = new Map<string, FileCall>([
  ...PANDAS_READERS.map((name): [string, FileCall] => [`pandas.${name}`, { position: 0, keywords: ['filepath_or_buffer', 'io', 'path', 'path_or_buffer', 'path_or_buf'] }]),
  ...['pandas.DataFrame', 'pandas.Series'].flatMap((type) =>
    PANDAS_WRITERS.map((name): [string, FileCall] => [`${type}.${name}`, { position: 0, keywords: ['path_or_buf', 'excel_writer', 'path', 'buf', 'fname'] }]),
  ),
  // An `ExcelWriter` on a path writes the whole workbook there when it is closed (the end of its `with` block).
  ['pandas.ExcelWriter', { position: 0, keywords: ['path'] }],
  ['openpyxl.load_workbook', { position: 0, keywords: ['filename'] }],
  ['openpyxl.Workbook.save', { position: 0, keywords: ['filename'] }],
  ['PIL.Image.open', { position: 0, keywords: ['fp'] }],
  ['PIL.Image.Image.save', { position: 0, keywords: ['fp'] }],
  ['docx.Document', { position: 0, keywords: ['docx'] }],
  ['docx.document.Document.save', { position: 0, keywords: ['path_or_stream'] }],
  ['fpdf.FPDF.output', { position: 0, keywords: ['name'] }],
  // matplotlib renders the figure and writes it: a PNG of a chart is tens to hundreds of milliseconds of CPU.
  ...['matplotlib.pyplot.savefig', 'matplotlib.figure.Figure.savefig'].map((name): [string, FileCall] => [name, { position: 0, keywords: ['fname'] }]),
  // PyMuPDF opens and parses a document from a file name (not from `stream=` bytes).
  ...['fitz.open', 'fitz.Document', 'pymupdf.open', 'pymupdf.Document'].map((name): [string, FileCall] => [name, { position: 0, keywords: ['filename'] }]),
  // OpenCV decodes (or encodes) a whole image file.
  ['cv2.imread', { position: 0, keywords: ['filename'] }],
  ['cv2.imwrite', { position: 0, keywords: ['filename'] }],
  // tinytag parses an audio file's tags (and with `image=True` its cover art) from a file name.
  ...['tinytag.TinyTag.get', 'tinytag.tinytag.TinyTag.get'].map((name): [string, FileCall] => [name, { position: 0, keywords: ['filename'] }]),
]);

/** The dotted names of the calls above, for the catalog. */
export const LIBRARY_FILE_CALLS = [...FILE_CALLS.keys()];

/** Calls that give a path: a string or a `pathlib` path. */
const PATH_MAKERS = new Set([
  'builtins.str', 'os.fspath', 'os.path.join', 'os.path.abspath', 'os.path.normpath', 'os.path.expanduser', 'os.path.realpath',
  'os.path.relpath', 'pathlib.Path', 'pathlib.PurePath', 'tempfile.mktemp',
]);
/** Types of the values that hold their bytes in memory, or a file already open. */
const MEMORY_TYPES = new Set(['io.IOBase', 'io.BytesIO', 'io.StringIO']);
const MEMORY_MAKERS = new Set(['io.BytesIO', 'io.StringIO', 'pandas.ExcelWriter']);
const PATH_ANNOTATIONS = /^(str|Path|PurePath|PathLike|os\.PathLike|pathlib\.Path|StrPath)\b/;
const MEMORY_ANNOTATIONS = /^(IO|BinaryIO|TextIO|BytesIO|StringIO|bytes|io\.\w+|typing\.(IO|BinaryIO|TextIO))\b/;

/** What the call's file argument is; `none` when it has none (`df.to_csv()` returns the text). */
export function fileArgument(call: SyntaxNode, model: SemanticModel, name: string): FileArgument {
  const where = FILE_CALLS.get(name);
  if (!where) return 'none';
  const args = callArguments(call);
  if (args.hasSplat) return 'unknown';
  const keyword = where.keywords.map((word) => args.keywords.get(word)).find((node) => node !== undefined);
  const given = keyword ?? args.positional[where.position];
  if (!given) return 'none';
  // fpdf's (and PyFPDF's) `output(name, dest="S")` returns the document.
  if (name === 'fpdf.FPDF.output' && literalValue(argument(args, 1, 'dest') ?? given) === 'S') return 'memory';
  if (literalValue(given) === null) return 'none';
  return classify(given, model, 0);
}

function classify(expression: SyntaxNode, model: SemanticModel, depth: number): FileArgument {
  const node = unparenthesize(expression);
  switch (node.type) {
    case 'string':
    case 'concatenated_string':
      return 'path';
    case 'binary_operator': {
      // `"out/" + name`, `"%s.csv" % day`, `folder / "a.xlsx"`.
      const operator = field(node, 'operator')?.type;
      if (operator === '/' || operator === '+' || operator === '%') return [field(node, 'left'), field(node, 'right')].some((side) => side && classify(side, model, depth + 1) === 'path') ? 'path' : 'unknown';
      return 'unknown';
    }
    case 'call': {
      const callee = field(node, 'function');
      const name = callee ? model.qualifiedName(callee) : undefined;
      if (name && PATH_MAKERS.has(name)) return 'path';
      if (name && MEMORY_MAKERS.has(name)) return 'memory';
      // `path.with_suffix(".csv")`, `base.joinpath("a")`, `"{}.csv".format(day)`.
      const object = callee?.type === 'attribute' ? field(callee, 'object') : null;
      if (object && depth < 4 && classify(object, model, depth + 1) === 'path') return 'path';
      return byType(node, model) === 'unknown' && depth < 4 ? returnedFileArgument(callee, model, depth) : byType(node, model);
    }
    case 'identifier': {
      const byItsType = byType(node, model);
      if (byItsType !== 'unknown' || depth > 3) return byItsType;
      const binding = model.lookup(node.text, node);
      if (binding?.kind === 'parameter' && binding.annotation) {
        const written = binding.annotation.text.replace(/^(Optional\[|Union\[)/, '');
        if (PATH_ANNOTATIONS.test(written)) return 'path';
        if (MEMORY_ANNOTATIONS.test(written)) return 'memory';
      }
      const list = binding ? model.scopes.enclosingScope(binding.node).bindings.get(node.text) : undefined;
      if (binding?.kind === 'assignment' && binding.value && list?.length === 1) return classify(binding.value, model, depth + 1);
      if (binding?.kind === 'with' && binding.value) return classify(binding.value, model, depth + 1);
      return 'unknown';
    }
    default:
      return namedChildren(node).length === 0 ? 'unknown' : byType(node, model);
  }
}

/** A workspace function annotated to return a path (`-> Path`, `-> str`), or whose one `return` gives one (`return os.path.join(...)`). */
function returnedFileArgument(callee: SyntaxNode | null, model: SemanticModel, depth: number): FileArgument {
  const called = model.definitionOf(callee);
  if (called?.node.type !== 'function_definition') return 'unknown';
  const annotation = field(called.node, 'return_type')?.text;
  if (annotation && PATH_ANNOTATIONS.test(annotation)) return 'path';
  const returned = soleReturnValue(called.node);
  return returned ? classify(returned, called.model, depth + 1) : 'unknown';
}

function byType(node: SyntaxNode, model: SemanticModel): FileArgument {
  const type = model.typeOf(node);
  if (type === 'pathlib.Path') return 'path';
  if (type && MEMORY_TYPES.has(type)) return 'memory';
  return 'unknown';
}
