/**
 * Errors the extension logs on purpose during the suite: the crash test kills the language server,
 * and the client library reports that as an error. The test host accepts exactly these.
 */
const SERVER_KILLED = /\[error\] Server process exited with signal SIGKILL\.$/;
/**
 * A message the client was writing at the moment of the kill (`write EPIPE` follows): the library reports
 * it just before the exit itself. Accepted only right before that exit, never on its own.
 */
const WRITE_TO_KILLED_SERVER = /\[error\] Client .+: connection to server is erroring\.$/;

/** Whether line `index` of an extension log is one of the errors the crash test causes. */
export function isExpectedExtensionError(lines: readonly string[], index: number): boolean {
  if (SERVER_KILLED.test(lines[index])) return true;
  return WRITE_TO_KILLED_SERVER.test(lines[index]) && lines.slice(index + 1, index + 4).some((line) => SERVER_KILLED.test(line));
}
