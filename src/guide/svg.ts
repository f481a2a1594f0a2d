/**
 * Rebuilds a hand-written SVG for inlining into the guide page: only an allow-list of drawing
 * elements and attributes survives (no script, style, foreignObject, event handler or external
 * reference), ids get a per-diagram prefix so that two diagrams on one page do not share markers,
 * and text can be swapped for a translation.
 */

const ALLOWED_ELEMENTS = new Set([
  'svg', 'g', 'defs', 'marker', 'symbol', 'use', 'title', 'desc',
  'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'tspan',
]);

const ALLOWED_ATTRIBUTES = new Set([
  'xmlns', 'viewBox', 'width', 'height', 'preserveAspectRatio', 'id', 'class', 'transform',
  'x', 'y', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'r', 'rx', 'ry', 'd', 'points', 'dx', 'dy',
  'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-linecap', 'stroke-linejoin', 'opacity',
  'marker-start', 'marker-mid', 'marker-end', 'markerWidth', 'markerHeight', 'markerUnits', 'refX', 'refY', 'orient',
  'font-family', 'font-size', 'font-weight', 'font-style', 'text-anchor', 'dominant-baseline', 'letter-spacing',
  'href', 'role', 'aria-label', 'aria-labelledby', 'aria-describedby', 'aria-hidden', 'focusable',
]);

const ID_LIST_ATTRIBUTES = new Set(['aria-labelledby', 'aria-describedby']);
const TEXT_ELEMENTS = new Set(['text', 'tspan', 'title', 'desc']);

type XmlToken =
  | { kind: 'open'; name: string; attributes: Array<[string, string]>; selfClosing: boolean }
  | { kind: 'close'; name: string }
  | { kind: 'text'; text: string };

export interface SvgOptions {
  /** Prefix for every id (and every reference to one). */
  idPrefix: string;
  /** English text → translated text, for text, tspan, title and desc content. */
  labels?: Readonly<Record<string, string>>;
  /** Extra classes for the root element. */
  rootClass?: string;
}

export function sanitizeSvg(source: string, options: SvgOptions): string {
  const output: string[] = [];
  const open: string[] = [];
  let droppedDepth = 0;
  let sawRoot = false;
  for (const token of tokenizeXml(source)) {
    if (droppedDepth > 0) {
      if (token.kind === 'open' && !token.selfClosing) droppedDepth++;
      if (token.kind === 'close') droppedDepth--;
      continue;
    }
    switch (token.kind) {
      case 'open': {
        const isRoot = !sawRoot;
        if (isRoot && token.name !== 'svg') throw new Error('not an SVG document');
        sawRoot = true;
        if (!ALLOWED_ELEMENTS.has(token.name)) {
          if (!token.selfClosing) droppedDepth = 1;
          continue;
        }
        const attributes = cleanAttributes(token.attributes, options, isRoot);
        output.push(`<${token.name}${attributes}${token.selfClosing ? '/>' : '>'}`);
        if (!token.selfClosing) open.push(token.name);
        break;
      }
      case 'close': {
        if (open[open.length - 1] !== token.name) throw new Error(`unbalanced </${token.name}>`);
        open.pop();
        output.push(`</${token.name}>`);
        break;
      }
      case 'text': {
        const parent = open[open.length - 1];
        if (!parent) continue;
        const text = decodeEntities(token.text);
        const translated = TEXT_ELEMENTS.has(parent) ? translate(text, options.labels) : text;
        output.push(escapeXml(translated));
        break;
      }
    }
  }
  if (!sawRoot || open.length > 0) throw new Error('incomplete SVG document');
  return output.join('');
}

function translate(text: string, labels: Readonly<Record<string, string>> | undefined): string {
  const key = text.trim();
  if (!labels || !key || !Object.hasOwn(labels, key)) return text;
  const translated = labels[key];
  return text.replace(key, () => translated);
}

function cleanAttributes(attributes: Array<[string, string]>, options: SvgOptions, isRoot: boolean): string {
  const kept: Array<[string, string]> = [];
  for (const [rawName, rawValue] of attributes) {
    const name = rawName === 'xlink:href' ? 'href' : rawName;
    if (!ALLOWED_ATTRIBUTES.has(name)) continue;
    let value = decodeEntities(rawValue);
    if (/javascript:|data:|expression\(/i.test(value)) continue;
    if (name === 'href') {
      if (!value.startsWith('#')) continue;
      value = `#${options.idPrefix}-${value.slice(1)}`;
    } else if (name === 'id') {
      value = `${options.idPrefix}-${value}`;
    } else if (ID_LIST_ATTRIBUTES.has(name)) {
      value = value.split(/\s+/).filter(Boolean).map((id) => `${options.idPrefix}-${id}`).join(' ');
    } else if (/url\(/i.test(value)) {
      if (/url\(\s*['"]?(?!#)/i.test(value)) continue;
      value = value.replace(/url\(\s*(['"]?)#/gi, `url($1#${options.idPrefix}-`);
    }
    kept.push([name, value]);
  }
  if (isRoot) {
    const classes = kept.find(([name]) => name === 'class');
    const rootClass = [classes?.[1], options.rootClass].filter(Boolean).join(' ');
    const rest = kept.filter(([name]) => name !== 'class' && name !== 'role' && name !== 'focusable');
    kept.length = 0;
    kept.push(...rest, ['role', 'img'], ['focusable', 'false']);
    if (rootClass) kept.push(['class', rootClass]);
  }
  return kept.map(([name, value]) => ` ${name}="${escapeXml(value)}"`).join('');
}

/** A tokenizer for the well-formed, hand-written XML of our diagrams (comments, prolog and CDATA are skipped). */
function tokenizeXml(source: string): XmlToken[] {
  const tokens: XmlToken[] = [];
  let index = 0;
  while (index < source.length) {
    const lt = source.indexOf('<', index);
    if (lt === -1) {
      tokens.push({ kind: 'text', text: source.slice(index) });
      break;
    }
    if (lt > index) tokens.push({ kind: 'text', text: source.slice(index, lt) });
    if (source.startsWith('<!--', lt)) {
      index = skipPast(source, '-->', lt);
    } else if (source.startsWith('<![CDATA[', lt)) {
      index = skipPast(source, ']]>', lt);
    } else if (source.startsWith('<?', lt)) {
      index = skipPast(source, '?>', lt);
    } else if (source.startsWith('<!', lt)) {
      index = skipPast(source, '>', lt);
    } else if (source.startsWith('</', lt)) {
      const end = skipPast(source, '>', lt);
      tokens.push({ kind: 'close', name: source.slice(lt + 2, end - 1).trim() });
      index = end;
    } else {
      const { token, end } = readStartTag(source, lt);
      tokens.push(token);
      index = end;
    }
  }
  return tokens;
}

function skipPast(source: string, marker: string, from: number): number {
  const found = source.indexOf(marker, from);
  if (found === -1) throw new Error(`unterminated markup at ${from}`);
  return found + marker.length;
}

const NAME = /[A-Za-z_][\w:.-]*/y;
const ATTRIBUTE = /\s*([A-Za-z_][\w:.-]*)\s*=\s*("[^"]*"|'[^']*')/y;

function readStartTag(source: string, start: number): { token: XmlToken; end: number } {
  NAME.lastIndex = start + 1;
  const name = NAME.exec(source)?.[0];
  if (!name) throw new Error(`bad tag at ${start}`);
  let index = NAME.lastIndex;
  const attributes: Array<[string, string]> = [];
  for (;;) {
    ATTRIBUTE.lastIndex = index;
    const match = ATTRIBUTE.exec(source);
    if (!match) break;
    attributes.push([match[1], match[2].slice(1, -1)]);
    index = ATTRIBUTE.lastIndex;
  }
  const rest = /\s*(\/?)>/y;
  rest.lastIndex = index;
  const close = rest.exec(source);
  if (!close) throw new Error(`bad attributes in <${name}> at ${start}`);
  return { token: { kind: 'open', name, attributes, selfClosing: close[1] === '/' }, end: rest.lastIndex };
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity, body: string) => {
    if (body[0] !== '#') return NAMED_ENTITIES[body] ?? entity;
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  });
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Every piece of text a diagram shows (text, tspan, title, desc), for checking translations. */
export function svgTexts(source: string): string[] {
  const texts: string[] = [];
  const open: string[] = [];
  for (const token of tokenizeXml(source)) {
    if (token.kind === 'open' && !token.selfClosing) open.push(token.name);
    else if (token.kind === 'close') open.pop();
    else if (token.kind === 'text' && TEXT_ELEMENTS.has(open[open.length - 1] ?? '')) {
      const text = decodeEntities(token.text).trim();
      if (text) texts.push(text);
    }
  }
  return texts;
}
