import * as assert from 'node:assert/strict';
import { parse } from 'smol-toml';
import { applyEdits } from '../../src/analysis/fixes/apply';
import { ruffExternalEdit, ruffStripsAioNoqa, ruffTableOf } from '../../src/projectConfig/ruffExternal';
import { lines } from '../support/lint';

function strips(text: string, isPyproject = true): boolean {
  return ruffStripsAioNoqa(ruffTableOf(parse(text), isPyproject) ?? {});
}

/** The file after the edit; the edit must exist. */
function edited(text: string, isPyproject = true): string {
  const edit = ruffExternalEdit(text, isPyproject);
  assert.ok(edit, 'an edit');
  const after = applyEdits(text, [edit]);
  assert.equal(strips(after, isPyproject), false, 'RUF100 keeps AIO after the edit');
  return after;
}

describe('Ruff RUF100 and external = ["AIO"]', () => {
  it('knows when RUF100 is on without AIO declared external', () => {
    assert.equal(strips(lines('[tool.ruff.lint]', 'select = ["E", "RUF100"]')), true);
    assert.equal(strips(lines('[tool.ruff.lint]', 'extend-select = ["RUF"]')), true);
    assert.equal(strips(lines('[tool.ruff]', 'select = ["ALL"]')), true, 'the older top-level keys');
    assert.equal(strips(lines('[lint]', 'select = ["ALL"]'), false), true, 'ruff.toml');
    assert.equal(strips(lines('[tool.ruff.lint]', 'select = ["E", "F"]')), false, 'no RUF100');
    assert.equal(strips(lines('[tool.ruff.lint]', 'select = ["ALL"]', 'ignore = ["RUF100"]')), false, 'ignored');
    assert.equal(strips(lines('[tool.ruff.lint]', 'select = ["RUF100"]', 'ignore = ["RUF"]')), true, 'the more specific selector wins');
    assert.equal(strips(lines('[tool.ruff.lint]', 'select = ["ALL"]', 'external = ["AIO"]')), false, 'declared');
    assert.equal(strips(lines('[tool.ruff.lint]', 'select = ["ALL"]', 'external = ["V"]')), true, 'another tool only');
    assert.equal(strips(lines('[tool.black]', 'line-length = 100')), false, 'no Ruff table');
  });

  it('adds a line after the last key of [tool.ruff.lint], keeping comments and what follows', () => {
    const before = lines(
      '[project]',
      'name = "rates"',
      '',
      '[tool.ruff.lint]',
      '# Everything, then what we disagree with.',
      'select = [',
      '    "ALL",  # yes, all',
      ']',
      'ignore = ["D"]',
      '',
      '# Tests may assert.',
      '[tool.ruff.lint.per-file-ignores]',
      '"tests/*" = ["S101"]',
    );
    assert.equal(
      edited(before),
      lines(
        '[project]',
        'name = "rates"',
        '',
        '[tool.ruff.lint]',
        '# Everything, then what we disagree with.',
        'select = [',
        '    "ALL",  # yes, all',
        ']',
        'ignore = ["D"]',
        'external = ["AIO"]',
        '',
        '# Tests may assert.',
        '[tool.ruff.lint.per-file-ignores]',
        '"tests/*" = ["S101"]',
      ),
    );
  });

  it('adds "AIO" to an existing external list, empty, one-line or multi-line', () => {
    assert.equal(edited(lines('[tool.ruff.lint]', 'select = ["ALL"]', 'external = ["V"]  # vulture')), lines('[tool.ruff.lint]', 'select = ["ALL"]', 'external = ["AIO", "V"]  # vulture'));
    assert.equal(edited(lines('[tool.ruff.lint]', 'select = ["ALL"]', 'external = []')), lines('[tool.ruff.lint]', 'select = ["ALL"]', 'external = ["AIO"]'));
    assert.equal(edited(lines('[tool.ruff.lint]', 'select = ["ALL"]', 'external = [', '  "V",', ']')), lines('[tool.ruff.lint]', 'select = ["ALL"]', 'external = ["AIO",', '  "V",', ']'));
  });

  it('[tool.ruff] without a lint table gets lint.external; ruff.toml gets [lint] or a top-level key', () => {
    assert.equal(edited(lines('[tool.ruff]', 'line-length = 100', 'lint.select = ["ALL"]')), lines('[tool.ruff]', 'lint.external = ["AIO"]', 'line-length = 100', 'lint.select = ["ALL"]'));
    assert.equal(edited(lines('line-length = 100', '', '[lint]', 'select = ["ALL"]'), false), lines('line-length = 100', '', '[lint]', 'select = ["ALL"]', 'external = ["AIO"]'));
    assert.equal(edited(lines('select = ["ALL"]'), false), lines('lint.external = ["AIO"]', 'select = ["ALL"]'));
    assert.equal(
      edited(lines('[tool.ruff]', 'select = ["ALL"]', '', '[tool.ruff.lint.per-file-ignores]', '"x.py" = ["E"]')),
      lines('[tool.ruff]', 'lint.external = ["AIO"]', 'select = ["ALL"]', '', '[tool.ruff.lint.per-file-ignores]', '"x.py" = ["E"]'),
    );
  });

  it('keeps CRLF line ends, and a file without a final line break', () => {
    assert.equal(edited('[tool.ruff.lint]\r\nselect = ["ALL"]\r\n'), '[tool.ruff.lint]\r\nselect = ["ALL"]\r\nexternal = ["AIO"]\r\n');
    assert.equal(edited('[tool.ruff.lint]\nselect = ["ALL"]'), '[tool.ruff.lint]\nselect = ["ALL"]\nexternal = ["AIO"]');
  });

  it('offers no edit it cannot verify (an inline table), rather than a broken file', () => {
    assert.equal(ruffExternalEdit(lines('[tool]', 'ruff = { lint = { select = ["ALL"] } }'), true), undefined);
  });
});
