/** A mistake in a configuration file: where it is (0-based, as in the editor) and what is wrong, already translated. */
export interface ConfigProblem {
  file: string;
  line: number;
  column: number;
  /** The key the problem is about, dotted (`tool.python-async-guide.select`), when there is one. */
  key?: string;
  message: string;
}

/** `pyproject.toml:12: message` for a terminal (1-based line). */
export function formatProblem(problem: ConfigProblem): string {
  return `${problem.file}:${problem.line + 1}:${problem.column + 1}: ${problem.message}`;
}
