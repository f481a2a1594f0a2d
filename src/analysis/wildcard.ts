/**
 * Glob patterns from settings, matched in time proportional to pattern × text whatever the pattern:
 * settings can come from the repository being checked, so a regular expression that backtracks
 * without bound (`*a*a*a*a*a*a*a*c`) must not be built from them. The pattern is run as a
 * nondeterministic automaton, every live state advanced one character at a time.
 *
 * - names (`mylib.fetch_*`, fnmatch-style): `*` any run of characters, `?` one, `[a-z]` / `[!abc]`.
 * - paths (`tests/**`, `**\/gen_*.py`): as above, but `*` and `?` stop at `/`, `**` crosses folders,
 *   `**\/` is zero or more folders, and `{a,b}` gives alternatives.
 */
type Token =
  | { kind: 'char'; char: string }
  | { kind: 'any' }
  | { kind: 'set'; negated: boolean; ranges: Array<[string, string]> }
  | { kind: 'star' }
  | { kind: 'globstar' }
  | { kind: 'folders' };

export type Matcher = (text: string) => boolean;

const MAX_ALTERNATIVES = 64;
const MAX_BRACE_GROUPS = Math.log2(MAX_ALTERNATIVES);

function parseSet(pattern: string, open: number): { token: Token; end: number } | undefined {
  let i = open + 1;
  const negated = pattern[i] === '!' || pattern[i] === '^';
  if (negated) i++;
  const ranges: Array<[string, string]> = [];
  // `]` right after `[` or `[!` is a member, as in fnmatch.
  let first = true;
  while (i < pattern.length && (pattern[i] !== ']' || first)) {
    first = false;
    if (pattern[i + 1] === '-' && i + 2 < pattern.length && pattern[i + 2] !== ']') {
      ranges.push([pattern[i], pattern[i + 2]]);
      i += 3;
    } else {
      ranges.push([pattern[i], pattern[i]]);
      i++;
    }
  }
  return i < pattern.length ? { token: { kind: 'set', negated, ranges }, end: i } : undefined;
}

function tokenize(pattern: string, paths: boolean): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      let end = i;
      while (pattern[end + 1] === '*') end++;
      const double = paths && end > i;
      i = end;
      const previous = tokens.at(-1);
      if (double && pattern[i + 1] === '/' && (!previous || (previous.kind === 'char' && previous.char === '/'))) {
        tokens.push({ kind: 'folders' });
        i++;
      } else if (tokens.at(-1)?.kind !== 'star' && tokens.at(-1)?.kind !== 'globstar') {
        tokens.push({ kind: double || !paths ? 'globstar' : 'star' });
      }
    } else if (c === '?') {
      tokens.push({ kind: 'any' });
    } else if (c === '[') {
      const set = parseSet(pattern, i);
      if (set) {
        tokens.push(set.token);
        i = set.end;
      } else tokens.push({ kind: 'char', char: c });
    } else {
      tokens.push({ kind: 'char', char: c });
    }
  }
  return tokens;
}

/** `a{b,c}d` → `abd`, `acd` (nested groups too), at most MAX_ALTERNATIVES patterns. */
export function expandBraces(pattern: string, groups = 0): string[] {
  const open = pattern.indexOf('{');
  // Each level has two alternatives or more: past MAX_BRACE_GROUPS the first branch alone fills the list.
  if (open < 0 || groups >= MAX_BRACE_GROUPS) return [pattern];
  let depth = 0;
  const commas: number[] = [];
  for (let i = open; i < pattern.length; i++) {
    if (pattern[i] === '{') depth++;
    else if (pattern[i] === ',' && depth === 1) commas.push(i);
    else if (pattern[i] === '}' && --depth === 0) {
      if (commas.length === 0) break;
      const bounds = [open, ...commas, i];
      const results: string[] = [];
      for (let k = 0; k + 1 < bounds.length && results.length < MAX_ALTERNATIVES; k++) {
        const variant = pattern.slice(0, open) + pattern.slice(bounds[k] + 1, bounds[k + 1]) + pattern.slice(i + 1);
        results.push(...expandBraces(variant, groups + 1));
      }
      return results.slice(0, MAX_ALTERNATIVES);
    }
  }
  return [pattern];
}

function single(token: Token, c: string, paths: boolean): boolean {
  if (token.kind === 'char') return token.char === c;
  if (paths && c === '/') return false;
  if (token.kind === 'any') return true;
  if (token.kind === 'set') return token.ranges.some(([low, high]) => c >= low && c <= high) !== token.negated;
  return false;
}

function compileOne(pattern: string, paths: boolean): Matcher {
  const tokens = tokenize(pattern, paths);
  const count = tokens.length;
  if (tokens.every((token) => token.kind === 'char')) return (text) => text === pattern;
  // States 0..count: "before token i" (count accepts); count+1+i: inside the folders of a `**/` at i.
  const inside = (i: number) => count + 1 + i;
  return (text) => {
    let current = new Uint8Array(2 * count + 2);
    let next = new Uint8Array(2 * count + 2);
    const add = (set: Uint8Array, state: number) => {
      // Empty matches: a star or `**/` may match nothing, so the following token is live too.
      while (state < count && !set[state]) {
        set[state] = 1;
        const kind = tokens[state].kind;
        if (kind !== 'star' && kind !== 'globstar' && kind !== 'folders') return;
        state++;
      }
      if (state === count) set[count] = 1;
    };
    add(current, 0);
    for (const c of text) {
      next.fill(0);
      let live = false;
      for (let state = 0; state < count; state++) {
        if (current[state]) {
          const token = tokens[state];
          if (token.kind === 'star') {
            if (!paths || c !== '/') add(next, state);
          } else if (token.kind === 'globstar') {
            add(next, state);
          } else if (token.kind === 'folders') {
            if (c === '/') add(next, state + 1);
            else next[inside(state)] = 1;
          } else if (single(token, c, paths)) {
            add(next, state + 1);
          }
        }
        if (current[inside(state)]) {
          next[inside(state)] = 1;
          if (c === '/') add(next, state + 1);
        }
      }
      for (let i = 0; i < next.length && !live; i++) live = next[i] === 1;
      if (!live) return false;
      [current, next] = [next, current];
    }
    return current[count] === 1;
  };
}

/** An fnmatch-style pattern on dotted names: `*` crosses dots. */
export function compileWildcard(pattern: string): Matcher {
  return compileOne(pattern, false);
}

/** Path globs (any of them matches), on `/`-separated paths. */
export function compilePathGlobs(patterns: readonly string[]): Matcher {
  const matchers = patterns.flatMap((pattern) => expandBraces(pattern)).map((pattern) => compileOne(pattern, true));
  return (file) => matchers.some((match) => match(file));
}
