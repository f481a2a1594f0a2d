/** Zero-based position, as in the Language Server Protocol (character = UTF-16 code unit). */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = Severity | 'off';

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix a "fix all" may apply without asking. */
  isPreferred?: boolean;
}

export interface RelatedLocation {
  message: string;
  range: Range;
  /** Absolute path of another file; absent means the analysed text itself. */
  file?: string;
}

export interface Finding {
  code: string;
  message: string;
  range: Range;
  severity: Severity;
  /** Guide section that explains the code, e.g. "rules/ASYNC251". */
  guideSection: string;
  fixes: Fix[];
  related: RelatedLocation[];
}

/** Metadata of one diagnostic code, declared by the rule module that reports it. */
export interface CodeInfo {
  code: string;
  /** Short English title, translated through l10n. */
  title: string;
  defaultSeverity: SeveritySetting;
  /** Other tools' codes for the same check, accepted in `# noqa`. */
  aliases?: string[];
}
