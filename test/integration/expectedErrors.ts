/**
 * Errors the extension logs on purpose during the suite: the crash test kills the language server,
 * and the client library reports that as an error. The test host accepts exactly these.
 */
export const EXPECTED_EXTENSION_ERRORS: readonly RegExp[] = [/\[error\] Server process exited with signal SIGKILL\.$/];
