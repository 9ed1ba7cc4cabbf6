import { enabled, type Fields, formatLine, type Level, type LogFormat } from "./log_line.ts";
import { OsError, RawFile } from "../files/raw_file.ts";
import { libc } from "../os/libc.ts";
import { priorityPrefix, type StderrFacts, stderrIsJournal } from "./journal.ts";
import { openNoFollow } from "../files/safe_open.ts";

/** Where formatted lines go: one call per line, so lines are never torn. */
export interface Sink {
  /** Writes one whole encoded line, newline included. */
  write(line: Uint8Array): void;
  /** Releases the destination; no writes follow. */
  close(): void;
  /**
   * Reopening the same file (a reload) takes over `previous`'s torn line, if
   * any, so that it is still ended before the next record.
   */
  takeOver?(previous: Sink): void;
  /** Lines reach journald: each starts with its `<N>` priority (decided when opened). */
  readonly journal?: boolean;
  /**
   * Whether `path` still names the file this sink writes (same device and
   * inode): a reload then keeps the sink rather than opening the file again.
   */
  stillAt?(path: string): boolean;
}

/** A sink on a file: which file, and whether its last line was cut short. */
interface FileSink extends Sink {
  readonly id: string;
  torn: boolean;
}

/**
 * The logging shape (as in LogTape: `logger.info(message, properties)`),
 * backed by a small writer: LogTape itself measured +12 MB RSS at start-up.
 */
export interface Logger {
  /** Detail useful only when diagnosing. */
  debug(msg: string, fields?: Fields): void;
  /** Normal events: started, reloaded, stopping. */
  info(msg: string, fields?: Fields): void;
  /** Something unexpected that the daemon survives. */
  warn(msg: string, fields?: Fields): void;
  /** A failure that needs attention. */
  error(msg: string, fields?: Fields): void;
}

/** Writes whole lines with one `write(2)` each on an O_APPEND descriptor:
 * the kernel appends each atomically, so concurrent writers never interleave,
 * and nothing waits in a user-space buffer to be lost in a crash. A line cut
 * short by a full disk is ended (a newline before the next record, in the
 * same write) so that no record is ever glued onto the fragment. */
export function fileSink(path: string): Sink {
  const file = openNoFollow(path, { what: "log file", mode: "append", create: true });
  const st = file.stat();
  const sink: FileSink = {
    id: `${st.dev}:${st.ino}`,
    torn: false,
    write(line) {
      const bytes = sink.torn ? endFragment(line) : line;
      try {
        file.write(bytes);
        sink.torn = false;
      } catch (err) {
        // Past our leading newline (if any) is a fragment; before it, none.
        const written = err instanceof OsError ? err.written : 0;
        if (written > 0) sink.torn = written > (sink.torn ? 1 : 0);
        throw err;
      }
    },
    close: () => file.close(),
    stillAt(p) {
      // Kept only if a direct open would find this very file: no link at all
      // on the path (openat2). A path rerouted through anyone's link, even to
      // this file, goes to the safe open instead, which refuses it.
      const c = libc();
      const f = c.platform.flags;
      if (p !== path) return false;
      const fd = c.openNoLinks(p, f.path | f.nofollow | f.cloexec);
      if (fd < 0) return false;
      try {
        const now = new RawFile(fd, c).stat();
        return `${now.dev}:${now.ino}` === sink.id;
      } finally {
        c.close(fd);
      }
    },
    takeOver(previous) {
      const p = previous as Partial<FileSink>;
      if (p.id === sink.id && p.torn) sink.torn = true;
    },
  };
  return sink;
}

function endFragment(line: Uint8Array): Uint8Array {
  const out = new Uint8Array(line.length + 1);
  out[0] = 0x0a;
  out.set(line, 1);
  return out;
}

/** writeSync may write less than asked (a full pipe): finish the job. */
export function writeAllSync(out: { writeSync(p: Uint8Array): number }, bytes: Uint8Array): void {
  for (let off = 0; off < bytes.length;) off += out.writeSync(bytes.subarray(off));
}

/**
 * For `--log-file -` in the foreground: journald and containers read stderr.
 * `journal`: prefix each line with its priority (see {@link stderrIsJournal}).
 */
export function stderrSink(journal = false): Sink {
  return { write: (line) => writeAllSync(Deno.stderr, line), close() {}, journal };
}

/** The facts about our stderr, gathered once per opening of the stderr sink. */
export function stderrFacts(env: { get(key: string): string | undefined } = Deno.env): StderrFacts {
  let stderr: StderrFacts["stderr"] = null;
  try {
    stderr = new RawFile(2).stat(); // not closed: fd 2 stays ours
  } catch { /* closed: not the journal */ }
  return { journalStream: env.get("JOURNAL_STREAM"), stderr };
}

/** The sink for a `--log-file` value: `-` is stderr, anything else a file. */
export function openSink(logFile: string): Sink {
  return logFile === "-" ? stderrSink(stderrIsJournal(stderrFacts())) : fileSink(logFile);
}

/** Logger settings that a reload may change. */
export interface LoggerSettings {
  /** How lines are written. */
  readonly format: LogFormat;
  /** Least severe level that is written. */
  readonly level: Level;
}

/** A logger whose sink and settings can be swapped (SIGHUP reopens the log). */
export class SinkLogger implements Logger {
  #sink: Sink;
  #settings: LoggerSettings;
  #enc = new TextEncoder();
  /** Lines that could not be written (disk full, I/O error), since start. */
  failures = 0;
  /** Called when lines start being dropped and when the loss is reported in the log. */
  onDropsChanged: (() => void) | null = null;
  #unreported = 0;
  #lastError = "";

  /** Logs to `sink`; `pid` is stamped on every record (default: ours). */
  constructor(sink: Sink, settings: LoggerSettings, readonly pid: number = Deno.pid) {
    this.#sink = sink;
    this.#settings = settings;
  }

  /** Whether the current sink still writes the file at `path` (see {@link Sink.stillAt}). */
  writesTo(path: string): boolean {
    return this.#sink.stillAt?.(path) ?? false;
  }

  /**
   * Switches to a new sink (already opened), or keeps the current one (null);
   * returns the old one, for the caller to close once the line that matters
   * is written, or null when kept.
   */
  replace(sink: Sink | null, settings: LoggerSettings): Sink | null {
    this.#settings = settings;
    if (sink === null) return null;
    const old = this.#sink;
    sink.takeOver?.(old);
    this.#sink = sink;
    return old;
  }

  /** Closes the current sink. */
  close(): void {
    this.#sink.close();
  }

  /**
   * Writes one record if `level` passes the threshold; a failed write is
   * counted, never thrown. The first record that can be written after a loss
   * is preceded by `log: N lines dropped`, whatever the level.
   */
  log(level: Level, msg: string, fields?: Fields): void {
    if (!enabled(level, this.#settings.level)) return;
    if (this.#unreported > 0) {
      const lost = { count: this.#unreported, error: this.#lastError };
      if (this.#emit("warn", `log: ${this.#unreported} lines dropped`, lost)) {
        this.#unreported = 0;
        this.onDropsChanged?.();
      }
    }
    if (this.#emit(level, msg, fields)) return;
    // A daemon must not die because its disk filled up; count and go on.
    this.failures++;
    if (++this.#unreported === 1) this.onDropsChanged?.();
  }

  #emit(level: Level, msg: string, fields?: Fields): boolean {
    const rec = { time: new Date(), level, pid: this.pid, msg, ...(fields ? { fields } : {}) };
    try {
      const line = formatLine(rec, this.#settings.format);
      this.#sink.write(this.#enc.encode(this.#sink.journal ? priorityPrefix(level) + line : line));
      return true;
    } catch (err) {
      this.#lastError = err instanceof Error ? err.message : String(err);
      return false;
    }
  }

  /** Logs at `debug`. */
  debug(msg: string, fields?: Fields): void {
    this.log("debug", msg, fields);
  }
  /** Logs at `info`. */
  info(msg: string, fields?: Fields): void {
    this.log("info", msg, fields);
  }
  /** Logs at `warn`. */
  warn(msg: string, fields?: Fields): void {
    this.log("warn", msg, fields);
  }
  /** Logs at `error`. */
  error(msg: string, fields?: Fields): void {
    this.log("error", msg, fields);
  }
}
