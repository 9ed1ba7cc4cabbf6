/**
 * Calls into the C probe (bench/tools/probe*.c), which takes every timing.
 */
import { exec, firstLine } from "./exec.ts";
import { field, linesWith } from "./probe_output.ts";

/** One start: time to ready and its parts, nanoseconds (-1: timed out). */
export interface ReadySample {
  readonly ready_ns: number;
  readonly exit_ns: number;
  readonly line_ns: number;
  readonly status: number;
}

/** One stop, nanoseconds (-1: timed out). */
export interface StopSample {
  readonly stop_ns: number;
  readonly gone_ns: number;
  readonly status: number;
}

/** Result of a SIGHUP storm. */
export interface StormSend {
  readonly sent: number;
  readonly failed: number;
  readonly elapsed_ns: number;
}

async function runProbe(probe: string, args: string[], what: string): Promise<string> {
  const result = await exec([probe, ...args], 300_000);
  if (result.code !== 0) {
    throw new Error(`probe ${what} exited ${result.code}: ${firstLine(result.stderr)}`);
  }
  return result.stdout;
}

function onlyLine(text: string, key: string, what: string) {
  const line = linesWith(text, key)[0];
  if (line === undefined) throw new Error(`probe ${what}: no result line`);
  return line;
}

/** Start `cmd`; time until it exited and `needle` ("" for none) is in `log`. */
export async function probeReady(
  probe: string,
  log: string,
  needle: string,
  stdout_file: string,
  timeout_ms: number,
  cmd: readonly string[],
): Promise<ReadySample> {
  const args = ["ready", log, needle, stdout_file, String(timeout_ms), "--", ...cmd];
  const f = onlyLine(await runProbe(probe, args, "ready"), "ready_ns", "ready");
  return {
    ready_ns: field(f, "ready_ns", "ready"),
    exit_ns: field(f, "exit_ns", "ready"),
    line_ns: field(f, "line_ns", "ready"),
    status: field(f, "status", "ready"),
  };
}

/** `count` SIGHUPs one at a time; latency of each to its reload line (-1: timeout). */
export async function probeHup(
  probe: string,
  pid: number,
  log: string,
  needle: string,
  count: number,
  gap_us: number,
): Promise<number[]> {
  const args = ["hup", String(pid), log, needle, String(count), String(gap_us), "2000"];
  const out = await runProbe(probe, args, "hup");
  return linesWith(out, "hup_ns").map((f) => field(f, "hup_ns", "hup"));
}

/** `count` SIGHUPs back to back. */
export async function probeStorm(probe: string, pid: number, count: number): Promise<StormSend> {
  const out = await runProbe(probe, ["storm", String(pid), String(count)], "storm");
  const f = onlyLine(out, "sent", "storm");
  return {
    sent: field(f, "sent", "storm"),
    failed: field(f, "failed", "storm"),
    elapsed_ns: field(f, "elapsed_ns", "storm"),
  };
}

/** SIGTERM (or run `cmd`) and time until gone and `pid_file` (unless null) removed. */
export async function probeStop(
  probe: string,
  pid: number,
  pid_file: string | null,
  cmd: readonly string[] | null,
): Promise<StopSample> {
  const args = ["stop", String(pid), pid_file ?? "-", "10000", ...(cmd ? ["--", ...cmd] : [])];
  const f = onlyLine(await runProbe(probe, args, "stop"), "stop_ns", "stop");
  return {
    stop_ns: field(f, "stop_ns", "stop"),
    gone_ns: field(f, "gone_ns", "stop"),
    status: field(f, "status", "stop"),
  };
}
