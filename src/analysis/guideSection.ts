/** The guide page of a code. Kept apart from `codes.ts` so that the extension's bundle does not pull in every rule. */
export function guideSectionOf(code: string): string {
  return `rules/${code}`;
}
