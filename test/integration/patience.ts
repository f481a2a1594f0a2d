/**
 * How long a test waits for an event before it fails. Every wait ends as soon as its event happens,
 * so the ceiling costs nothing when things work; it is generous because CI may share two cores with
 * other work, where a webview or the language server can take tens of seconds to answer.
 * PYTHON_ASYNC_GUIDE_TEST_WAIT_MS overrides it.
 */
export const WAIT_CEILING_MS = Number(process.env.PYTHON_ASYNC_GUIDE_TEST_WAIT_MS) || 90_000;

/** A test's own time limit: several waits in a row, each up to the ceiling. */
export const TEST_TIMEOUT_MS = 4 * WAIT_CEILING_MS;
