import { DaemonError } from "../errors/errors.ts";
import { ExitCode } from "../errors/exit_codes.ts";
import { RawFile } from "../files/raw_file.ts";
import { libc } from "../os/libc.ts";

/**
 * Names among `names` whose value in our initial environment is not UTF-8.
 * Deno's `Deno.env.toObject()` silently leaves such a variable out, which
 * would turn a `MYDAEMON_PID_FILE` we cannot represent into the default pid
 * file; the kernel's copy (/proc/self/environ) still has the bytes.
 */
export function nonUtf8Variables(names: readonly string[]): string[] {
  const bytes = initialEnvironment();
  if (bytes === null) return []; // no /proc: nothing we can check
  const wanted = new Set(names);
  const strict = new TextDecoder("utf-8", { fatal: true });
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0) continue;
    const entry = bytes.subarray(start, i);
    start = i + 1;
    const eq = entry.indexOf(0x3d);
    if (eq <= 0) continue;
    const name = new TextDecoder().decode(entry.subarray(0, eq));
    if (!wanted.has(name)) continue;
    try {
      strict.decode(entry.subarray(eq + 1));
    } catch {
      out.push(name);
    }
  }
  return out;
}

/**
 * The kernel's copy of the environment we were started with: it never
 * changes, so it is read once, not again at every SIGHUP.
 */
let initial: Uint8Array | null | undefined;

function initialEnvironment(): Uint8Array | null {
  if (initial !== undefined) return initial;
  const c = libc();
  const fd = c.open("/proc/self/environ", c.platform.flags.cloexec, 0);
  if (fd < 0) return initial = null;
  const file = new RawFile(fd, c);
  try {
    initial = file.readAll(1024 * 1024);
  } catch {
    initial = null;
  } finally {
    file.close();
  }
  return initial;
}

/** The verdict for each list of names: the environment it judges never changes. */
const verdicts = new Map<string, string[]>();

/**
 * Refuses (exit 6) when a setting's variable is set to bytes that are not
 * UTF-8. Judged once per process: a SIGHUP repeats the answer, not the scan.
 */
export function refuseNonUtf8Environment(names: readonly string[], program: string): void {
  const key = names.join("\0");
  const bad = verdicts.get(key) ?? nonUtf8Variables(names);
  verdicts.set(key, bad);
  if (bad.length === 0) return;
  throw new DaemonError(
    "use",
    "configuration",
    `${bad.join(", ")} is not UTF-8, which ${program} cannot use faithfully; use a UTF-8 value`,
    ExitCode.BadConfig,
  );
}
