import { DaemonError, describeOsError } from "../../errors/errors.ts";
import { ExitCode } from "../../errors/exit_codes.ts";
import { readState } from "../../lifecycle/state_file.ts";
import { type CommandContext, loadSettings } from "./context.ts";

/** The last `n` lines of `text` (a trailing newline ends the last line). */
export function lastLines(text: string, n: number): string {
  if (n === 0 || text === "") return "";
  const body = text.endsWith("\n") ? text.slice(0, -1) : text;
  const lines = body.split("\n");
  return lines.slice(-n).join("\n") + "\n";
}

const CHUNK = 1 << 16;

function readRange(file: Deno.FsFile, start: number, end: number): Uint8Array {
  file.seekSync(start, Deno.SeekMode.Start);
  const buf = new Uint8Array(end - start);
  let off = 0;
  while (off < buf.length) {
    const n = file.readSync(buf.subarray(off));
    if (n === null) break;
    off += n;
  }
  return buf.subarray(0, off);
}

function countNewlines(chunks: readonly Uint8Array[]): number {
  let n = 0;
  for (const c of chunks) for (const b of c) if (b === 10) n++;
  return n;
}

/** Reads backwards from the end until `n` whole lines are in hand (or the file starts). */
function readTail(path: string, n: number): { text: string; size: number; ino: number | null } {
  using file = Deno.openSync(path, { read: true });
  const info = file.statSync();
  const chunks: Uint8Array[] = [];
  let start = info.size;
  while (start > 0 && countNewlines(chunks) <= n) {
    const from = Math.max(0, start - CHUNK * 2 ** Math.min(chunks.length, 8));
    chunks.unshift(readRange(file, from, start));
    start = from;
  }
  const bytes = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
  chunks.reduce((off, c) => (bytes.set(c, off), off + c.length), 0);
  return { text: new TextDecoder().decode(bytes), size: info.size, ino: info.ino };
}

/**
 * Which log to show: a `--log-file` given on the command line, else the log
 * the daemon behind the pid file says it writes (a reload may have moved it),
 * else the configured one.
 */
export function logTarget(flag: string | undefined, stateLog: string | null, configured: string) {
  return flag ?? stateLog ?? configured;
}

/** `logs [-n N] [-f]`: print the last lines; with -f, follow across rotations. */
export async function logs(c: CommandContext): Promise<ExitCode> {
  const settings = loadSettings(c);
  const stateLog = readState(settings.pidFile)?.logFile ?? null;
  const logFile = logTarget(c.args.flags.logFile, stateLog, settings.logFile);
  if (logFile === "-") {
    throw new DaemonError("read", "log", "the log goes to stderr (--log-file -)");
  }
  const lines = c.args.lines ?? 10;
  let tail;
  try {
    tail = readTail(logFile, lines);
  } catch (err) {
    throw new DaemonError("read", `log file ${logFile}`, describeOsError(err));
  }
  c.io.stdout(lastLines(tail.text, lines));
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
    const bytes = readRange(file, offset, info.size);
    offset += bytes.length;
    c.io.stdout(decoder.decode(bytes, { stream: true }));
  }
}
