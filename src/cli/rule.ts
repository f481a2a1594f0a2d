import { listCodes } from '../analysis/index';
import { normalizeLocale, t } from '../analysis/l10n';
import type { CodeInfo } from '../analysis/types';
import { ruleUrl } from '../site/urls';
import { readRulePage } from './ruleHelp';
import { checkLocale, outputFormat, parseCommandLine, UsageError } from './usage';

/** `python-async-guide rule`'s JSON for one code, as `ruff rule --output-format json` gives it. */
export interface RuleDescription {
  code: string;
  title: string;
  defaultSeverity: string;
  url: string;
  /** The code's guide page, as Markdown. */
  explanation: string;
}

/**
 * `python-async-guide rule CODE|--all [--format text|json]`: the guide's page of a code in the CLI's
 * language, as `ruff rule` prints a rule's documentation. Returns what to print.
 */
export function ruleOutput(argv: string[], locale: string | undefined): string {
  const { values, positionals } = parseCommandLine({
    args: argv,
    allowPositionals: true,
    options: {
      all: { type: 'boolean', default: false },
      format: { type: 'string' },
      'output-format': { type: 'string' },
      locale: { type: 'string' },
    },
  });
  const format = outputFormat(values, ['text', 'json']);
  checkLocale(values.locale);
  const codeCount = positionals.length;
  if (values.all ? codeCount > 0 : codeCount !== 1) throw new UsageError(t('rule: give one code, or --all.'));
  const codes = listCodes();
  const written = positionals[0]?.toUpperCase();
  // A code of ours, else another tool's code for the same check (SonarLint's S7497 is ASYNC103 and ASYNC104).
  const exact = codes.filter((info) => info.code === written);
  const wanted = values.all ? codes : exact.length > 0 ? exact : codes.filter((info) => written !== undefined && info.aliases?.includes(written));
  if (wanted.length === 0) throw new UsageError(t('rule: unknown code "{0}" (see --list-codes).', positionals[0]));
  const language = normalizeLocale(locale);
  const rules = wanted.map((info) => describe(info, language));
  return format === 'json' ? JSON.stringify(values.all || rules.length > 1 ? rules : rules[0], null, 2) : rules.map(asText).join('\n\n---\n\n');
}

function describe(info: CodeInfo, language: 'en' | 'zh-cn'): RuleDescription {
  const url = ruleUrl(info.code, language);
  const title = t(info.title);
  return { code: info.code, title, defaultSeverity: info.defaultSeverity, url, explanation: readRulePage(info.code, language) ?? `# ${info.code} — ${title}` };
}

/** The page, with the code's default severity and its page on the web under the heading. */
function asText(rule: RuleDescription): string {
  const [heading, ...rest] = rule.explanation.split('\n');
  const facts = t('Default severity: {0}. On the web: {1}', rule.defaultSeverity, rule.url);
  return [heading, '', facts, ...rest].join('\n');
}
