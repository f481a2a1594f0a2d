import * as assert from 'node:assert/strict';
import { compilePathGlobs, compileWildcard, expandBraces } from '../../src/analysis/wildcard';
import { knownCodeOrPrefix, MAX_PATTERN_LENGTH, validateSettings } from '../../src/shared/settingsValidation';

describe('settings validation (untrusted repository settings)', () => {
  it('keeps good values and drops each bad one with a line naming the setting', () => {
    const { settings, problems } = validateSettings({
      enable: 'yes',
      severity: { ASYNC251: 'error', AIO2: 'off', BOGUS999: 'off', ASYNC230: 'loud' },
      extraBlockingCalls: ['mylib.fetch_* -> mylib.afetch', 7, 'rm -rf /', 'x'.repeat(MAX_PATTERN_LENGTH + 1)],
      exclude: 5,
      language: 'klingon',
    });
    assert.deepEqual(settings, { severity: { ASYNC251: 'error', AIO2: 'off' }, extraBlockingCalls: ['mylib.fetch_* -> mylib.afetch'] });
    assert.deepEqual(problems, [
      'pythonAsyncGuide.enable: expected true or false, got "yes".',
      'pythonAsyncGuide.severity: unknown code "BOGUS999".',
      'pythonAsyncGuide.severity: ASYNC230 must be one of error, warning, information, hint, off, got "loud".',
      'pythonAsyncGuide.extraBlockingCalls: expected a string, got number.',
      'pythonAsyncGuide.extraBlockingCalls: "rm -rf /" is not a valid pattern.',
      `pythonAsyncGuide.extraBlockingCalls: an entry is longer than ${MAX_PATTERN_LENGTH} characters.`,
      'pythonAsyncGuide.exclude: expected a list of strings, got number.',
      'pythonAsyncGuide.language: expected one of auto, en, zh-cn, got "klingon".',
    ]);
  });

  it('knows codes and prefixes of codes, case-insensitively', () => {
    assert.equal(knownCodeOrPrefix('async251'), 'ASYNC251');
    assert.equal(knownCodeOrPrefix('AIO'), 'AIO');
    assert.equal(knownCodeOrPrefix('BOGUS999'), undefined);
    assert.equal(knownCodeOrPrefix(''), undefined);
  });
});

describe('wildcard patterns (linear-time matching)', () => {
  it('matches dotted names like fnmatch', () => {
    const cases: Array<[string, string, boolean]> = [
      ['mylib.fetch_*', 'mylib.fetch_all', true],
      ['mylib.*', 'mylib.sub.call', true],
      ['mylib.*', 'other.call', false],
      ['m?lib.x', 'mylib.x', true],
      ['m[a-z]lib.x', 'mylib.x', true],
      ['m[!y]lib.x', 'mylib.x', false],
      ['time.sleep', 'time.sleep', true],
      ['time.sleep', 'time.sleeper', false],
      ['*a*c', 'xaxxc', true],
    ];
    for (const [pattern, name, expected] of cases) assert.equal(compileWildcard(pattern)(name), expected, `${pattern} ~ ${name}`);
  });

  it('matches paths like the exclude globs users write', () => {
    const cases: Array<[string, string, boolean]> = [
      ['tests/**', 'tests/a/b.py', true],
      ['tests/**', 'src/tests/a.py', false],
      ['**/tests/**', 'src/tests/a.py', true],
      ['**/tests/**', 'tests/a.py', true],
      ['*.pyi', 'a.pyi', true],
      ['*.pyi', 'd/a.pyi', false],
      ['**/*.pyi', 'd/e/a.pyi', true],
      ['**/gen_*.py', 'x/gen_a.py', true],
      ['**/gen_*.py', 'x/agen_a.py', false],
      ['a/**/b.py', 'a/b.py', true],
      ['a/**/b.py', 'a/x/y/b.py', true],
      ['a/**/b.py', 'a/xb.py', false],
      ['src/{a,b}/*.py', 'src/b/x.py', true],
      ['src/{a,b}/*.py', 'src/c/x.py', false],
    ];
    for (const [pattern, file, expected] of cases) assert.equal(compilePathGlobs([pattern])(file), expected, `${pattern} ~ ${file}`);
    assert.deepEqual(expandBraces('a{b,c{d,e}}f'), ['abf', 'acdf', 'acef']);
  });

  it('answers a pattern that makes regular expressions backtrack without exploring every split', () => {
    // A backtracking matcher (a regular expression, picomatch) would not finish on this name in
    // our lifetime; the automaton answers it, correctly, in one pass.
    const pattern = '*a*a*a*a*a*a*a*a*a*a*a*a*c';
    assert.equal(compileWildcard(pattern)('a'.repeat(100_000)), false);
    assert.equal(compileWildcard(pattern)(`${'a'.repeat(100_000)}c`), true);
    assert.equal(compilePathGlobs([pattern])('a'.repeat(100_000)), false);
  });
});
