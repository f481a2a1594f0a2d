/** How long one file may take before it is skipped, unless the options say otherwise. */
export const DEFAULT_TIME_BUDGET_MS = 10_000;

/** Thrown from inside a rule when the file's time budget is spent; the analyzer skips the file. */
export class TimeBudgetExceeded extends Error {
  constructor(readonly budgetMs: number) {
    super(`analysis exceeded the time budget of ${budgetMs} ms`);
  }
}

/** The point in time at which the analysis of one file gives up. */
export class Deadline {
  private readonly end: number;

  constructor(readonly budgetMs: number) {
    this.end = performance.now() + budgetMs;
  }

  get expired(): boolean {
    return performance.now() > this.end;
  }

  /** Throws `TimeBudgetExceeded` once the budget is spent. */
  check(): void {
    if (this.expired) throw new TimeBudgetExceeded(this.budgetMs);
  }
}

let active: Deadline | undefined;

/** Runs `work` with `deadline` as the one `budgetSpent` and `checkBudget` ask (analyses are synchronous). */
export function withDeadline<T>(deadline: Deadline, work: () => T): T {
  const previous = active;
  active = deadline;
  try {
    return work();
  } finally {
    active = previous;
  }
}

/** True when the running analysis is out of time (a progress callback for tree-sitter parses and queries). */
export function budgetSpent(): boolean {
  return active?.expired ?? false;
}

/** Throws `TimeBudgetExceeded` when the running analysis is out of time. */
export function checkBudget(): void {
  active?.check();
}

/** The budget the options ask for: a positive number of milliseconds, else the default. */
export function timeBudgetOf(requested: number | undefined): number {
  return typeof requested === 'number' && Number.isFinite(requested) && requested > 0 ? requested : DEFAULT_TIME_BUDGET_MS;
}

/** JavaScript's stack overflow (`RangeError: Maximum call stack size exceeded`). */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}
