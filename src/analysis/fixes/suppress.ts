import type { SyntaxNode } from '../parser';
import type { SemanticModel } from '../semantic/model';
import type { Finding, Fix, TextEdit } from '../types';
import { t } from '../l10n';
import { LINE_NOQA, noqaLine } from '../noqa';
import { insertAt } from './edits';

/** The quick fix that suppresses one finding with `# noqa: CODE`. */
export function noqaFix(model: SemanticModel, code: string, line: number): Fix {
  return { title: t('Suppress {0} on this line (# noqa)', code), edits: [noqaEdit(model, noqaLine(model, line), [code])] };
}

/**
 * What `check --add-noqa` writes, as `ruff check --add-noqa`: one edit per line, which joins the
 * codes of all the findings reported there to the line's `# noqa: …` list or adds the comment, on
 * the line a `# noqa` for them is read from.
 */
export function noqaEdits(model: SemanticModel, findings: ReadonlyArray<Pick<Finding, 'code' | 'range'>>): TextEdit[] {
  const codesByLine = new Map<number, Set<string>>();
  for (const finding of findings) {
    const line = noqaLine(model, finding.range.start.line);
    const codes = codesByLine.get(line) ?? new Set();
    codesByLine.set(line, codes.add(finding.code));
  }
  return [...codesByLine].map(([line, codes]) => noqaEdit(model, line, [...codes].sort()));
}

function noqaEdit(model: SemanticModel, line: number, codes: string[]): TextEdit {
  const { character, hasCodes } = noqaPlace(model, line);
  return insertAt({ line, character }, hasCodes ? `, ${codes.join(', ')}` : `  # noqa: ${codes.join(', ')}`);
}

const noqaPlaces = new WeakMap<SemanticModel, Map<number, { character: number; hasCodes: boolean }>>();
const commentsByLine = new WeakMap<SemanticModel, Map<number, SyntaxNode>>();

/**
 * Where codes join the line's noqa list (or a new comment goes), once per line: a long line may
 * have many findings. Only a comment counts: `"# noqa: X"` in a string is text.
 */
function noqaPlace(model: SemanticModel, line: number): { character: number; hasCodes: boolean } {
  let places = noqaPlaces.get(model);
  if (!places) noqaPlaces.set(model, (places = new Map()));
  let place = places.get(line);
  if (!place) {
    const comment = lineComments(model).get(line);
    const existing = comment && LINE_NOQA.exec(comment.text);
    place = existing?.groups?.codes
      ? { character: comment!.startPosition.column + existing.index + existing[0].length, hasCodes: true }
      : { character: model.lineText(line).trimEnd().length, hasCodes: false };
    places.set(line, place);
  }
  return place;
}

function lineComments(model: SemanticModel): Map<number, SyntaxNode> {
  let comments = commentsByLine.get(model);
  if (!comments) {
    comments = new Map(model.nodes('comment').map((comment) => [comment.startPosition.row, comment]));
    commentsByLine.set(model, comments);
  }
  return comments;
}
