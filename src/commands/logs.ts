import { DaemonError, describeOsError } from "../errors.ts";
import { ExitCode } from "../exit_codes.ts";
import { type CommandContext, loadSettings } from "./context.ts";

/** The last `n` lines of `text` (a trailing newline ends the last line). */
export function lastLines(text: string, n: number): string {
  if (n === 0 || text === "") return "";
  const body = text.endsWith("\n") ? text.slice(0, -1) : text;
  const lines = body.split("\n");
  return lines.slice(-n).join("\n") + "\n";
}

const TAIL_BYTES = 1 << 20;

function readTail(path: string): { text: string; size: number; ino: number | null } {
  using file = Deno.openSync(path, { read: true });
  const info = file.statSync();
  const start = Math.max(0, info.size - TAIL_BYTES);
  file.seekSync(start, Deno.SeekMode.Start);
  const buf = new Uint8Array(info.size - start);
  let off = 0;
  while (off < buf.length) {
    const n = file.readSync(buf.subarray(off));
    if (n === null) break;
    off += n;
  }
  return { text: new TextDecoder().decode(buf.subarray(0, off)), size: start + off, ino: info.ino };
}

/** `logs [-n N] [-f]`: print the last lines; with -f, follow across rotations. */
export async function logs(c: CommandContext): Promise<ExitCode> {
  const { logFile } = loadSettings(c);
  if (logFile === "-") {
    throw new DaemonError("read", "log", "the log goes to stderr (--log-file -)");
  }
  let tail;
  try {
    tail = readTail(logFile);
  } catch (err) {
    throw new DaemonError("read", `log file ${logFile}`, describeOsError(err));
  }
  c.io.stdout(lastLines(tail.text, c.args.lines ?? 10));
  if (!c.args.follow) return ExitCode.Ok;
  await follow(c, logFile, tail.size, tail.ino);
  return ExitCode.Ok;
}

async function follow(c: CommandContext, path: string, offset: number, ino: number | null) {
  const decoder = new TextDecoder();
  for (;;) {
    await new Promise((r) => setTimeout(r, 200));
    let info: Deno.FileInfo;
    try {
      info = Deno.statSync(path);
    } catch {
      continue; // rotated away; the daemon creates the new file on reload
    }
    if (info.ino !== ino || info.size < offset) [offset, ino] = [0, info.ino];
    if (info.size === offset) continue;
    using file = Deno.openSync(path, { read: true });
    file.seekSync(offset, Deno.SeekMode.Start);
    const buf = new Uint8Array(info.size - offset);
    const n = file.readSync(buf) ?? 0;
    offset += n;
    c.io.stdout(decoder.decode(buf.subarray(0, n), { stream: true }));
  }
}
