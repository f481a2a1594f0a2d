// Builds the pattern snippets from their sources, snippets/source/<id>.snippet (one file per
// snippet: a `key: value` header, a `---` line, then the body in VS Code snippet syntax).
//
// Outputs (generated, not committed):
//   snippets/python.code-snippets        English titles and descriptions (package.nls.json)
//   snippets/python.zh-cn.code-snippets  Chinese ones (package.nls.zh-cn.json); same bodies
//   snippets/catalog.json                everything, both languages, for the guide (src/snippets/catalog.ts)
const fs = require('node:fs');
const path = require('node:path');

const LANGUAGES = ['en', 'zh-cn'];
const PREFIX_FAMILY = 'aio-';
const KINDS = ['module', 'statements'];
const REQUIRED = ['prefix', 'section', 'python', 'kind', ...LANGUAGES.flatMap((lang) => [`title.${lang}`, `description.${lang}`])];
const OPTIONAL = ['requires'];

function fail(file, message) {
  throw new Error(`${path.relative(process.cwd(), file)}: ${message}`);
}

/** Leading groups of four spaces become tabs, which VS Code turns into the user's own indentation. */
function indentWithTabs(line) {
  const spaces = /^ */.exec(line)[0].length;
  return '\t'.repeat(Math.floor(spaces / 4)) + ' '.repeat(spaces % 4) + line.slice(spaces);
}

function parseSource(file) {
  const text = fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
  const separator = text.indexOf('\n---\n');
  if (separator < 0) fail(file, 'missing the "---" line between header and body');
  const header = {};
  for (const line of text.slice(0, separator).split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const match = /^([a-z.-]+):\s*(.*)$/.exec(line);
    if (!match) fail(file, `bad header line "${line}"`);
    if (!REQUIRED.includes(match[1]) && !OPTIONAL.includes(match[1])) fail(file, `unknown header key "${match[1]}"`);
    if (match[1] in header) fail(file, `duplicate header key "${match[1]}"`);
    header[match[1]] = match[2].trim();
  }
  for (const key of REQUIRED) if (!header[key]) fail(file, `missing header "${key}"`);
  if (!header.prefix.startsWith(PREFIX_FAMILY) || !/^[a-z0-9-]+$/.test(header.prefix)) fail(file, `prefix must be ${PREFIX_FAMILY}<lowercase letters, digits, dashes>`);
  if (!/^3\.\d+$/.test(header.python)) fail(file, 'python must be a version like 3.9');
  if (!KINDS.includes(header.kind)) fail(file, `kind must be one of ${KINDS.join(', ')}`);
  if (!/^[a-z-]+\/[a-z0-9-]+$/.test(header.section)) fail(file, 'section must be a guide section id like patterns/retry');
  const body = text.slice(separator + '\n---\n'.length).replace(/\s+$/, '');
  if (!body) fail(file, 'empty body');
  if (/^\t/m.test(body)) fail(file, 'indent the body with spaces (four per level); tabs are added when building');
  return {
    id: path.basename(file, '.snippet'),
    prefix: header.prefix,
    section: header.section,
    python: header.python,
    requires: header.requires ? header.requires.split(/[\s,]+/).filter(Boolean) : [],
    kind: header.kind,
    title: Object.fromEntries(LANGUAGES.map((lang) => [lang, header[`title.${lang}`]])),
    description: Object.fromEntries(LANGUAGES.map((lang) => [lang, header[`description.${lang}`]])),
    body: body.split('\n').map(indentWithTabs).join('\n'),
  };
}

function requirementNote(snippet, lang) {
  const needs = snippet.requires.join(', ');
  if (lang === 'zh-cn') return `（Python ${snippet.python}+${needs ? `，需要 ${needs}` : ''}）`;
  return ` (Python ${snippet.python}+${needs ? `, needs ${needs}` : ''})`;
}

function codeSnippets(snippets, lang) {
  const file = {};
  for (const snippet of snippets) {
    file[snippet.title[lang]] = {
      prefix: snippet.prefix,
      description: snippet.description[lang] + requirementNote(snippet, lang),
      body: snippet.body.split('\n'),
    };
  }
  return file;
}

function checkUnique(snippets, key, read) {
  const seen = new Map();
  for (const snippet of snippets) {
    const value = read(snippet);
    if (seen.has(value)) throw new Error(`snippets ${seen.get(value)} and ${snippet.id} share the ${key} "${value}"`);
    seen.set(value, snippet.id);
  }
}

function writeIfChanged(file, value) {
  const text = JSON.stringify(value, null, 2) + '\n';
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) fs.writeFileSync(file, text);
}

/** Reads every source under <root>/snippets/source and writes the three generated files. */
function buildSnippets(root = process.cwd()) {
  const sourceDir = path.join(root, 'snippets', 'source');
  const snippets = fs
    .readdirSync(sourceDir)
    .filter((name) => name.endsWith('.snippet'))
    .sort()
    .map((name) => parseSource(path.join(sourceDir, name)));
  checkUnique(snippets, 'prefix', (s) => s.prefix);
  for (const lang of LANGUAGES) checkUnique(snippets, `${lang} title`, (s) => s.title[lang]);
  const outDir = path.join(root, 'snippets');
  writeIfChanged(path.join(outDir, 'python.code-snippets'), codeSnippets(snippets, 'en'));
  writeIfChanged(path.join(outDir, 'python.zh-cn.code-snippets'), codeSnippets(snippets, 'zh-cn'));
  writeIfChanged(path.join(outDir, 'catalog.json'), { snippets });
  return snippets;
}

module.exports = { buildSnippets };

if (require.main === module) {
  console.log(`snippets: ${buildSnippets().length} built`);
}
