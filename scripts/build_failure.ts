/** The one error type the build reports: its message is the whole stderr line. */

/** A build step failed; `message` reads `cannot <verb> <object>: <reason>`. */
export class BuildFailure extends Error {
  override name = "BuildFailure";
}

/** Prints one `mydaemon-build: ` line on stderr. */
export function say(line: string): void {
  console.error(`mydaemon-build: ${line}`);
}
