/**
 * Reading a live process from /proc. Every reader returns null once the
 * process (or thread) is gone instead of throwing.
 */
import { parseStatus, statState, statusSwitches } from "./proc_status.ts";
import { type RssByMapping, rssByMapping } from "./smaps.ts";

/** One thread's identity and context-switch count. */
export interface TaskSwitches {
  readonly tid: number;
  readonly comm: string;
  readonly switches: number;
}

async function readOrNull(path: string): Promise<string | null> {
  try {
    return await Deno.readTextFile(path);
  } catch {
    return null;
  }
}

/** /proc/PID/status of the process (its main thread), parsed. */
export async function readStatus(pid: number): Promise<Map<string, string> | null> {
  const text = await readOrNull(`/proc/${pid}/status`);
  return text === null ? null : parseStatus(text);
}

/** True while the process exists and is neither a zombie nor dead. */
export async function isAlive(pid: number): Promise<boolean> {
  const stat = await readOrNull(`/proc/${pid}/stat`);
  if (stat === null) return false;
  const state = statState(stat);
  return state !== null && state !== "Z" && state !== "X";
}

/** Every thread of the process with its summed context switches. */
export async function taskSwitches(pid: number): Promise<TaskSwitches[]> {
  const tasks: TaskSwitches[] = [];
  let entries: Deno.DirEntry[] = [];
  try {
    entries = await Array.fromAsync(Deno.readDir(`/proc/${pid}/task`));
  } catch {
    return tasks;
  }
  for (const entry of entries) {
    const text = await readOrNull(`/proc/${pid}/task/${entry.name}/status`);
    if (text === null) continue; // the thread exited meanwhile
    const fields = parseStatus(text);
    tasks.push({
      tid: Number(entry.name),
      comm: fields.get("Name") ?? "?",
      switches: statusSwitches(fields),
    });
  }
  return tasks.sort((a, b) => a.tid - b.tid);
}

/** The process's resident memory by kind of mapping (see smaps.ts). */
export async function readRssByMapping(pid: number): Promise<RssByMapping | null> {
  const smaps = await readOrNull(`/proc/${pid}/smaps`);
  if (smaps === null) return null;
  try {
    return rssByMapping(smaps, await Deno.readLink(`/proc/${pid}/exe`));
  } catch {
    return null;
  }
}
