/**
 * Pure parsing of /proc/PID/status and /proc/PID/stat text.
 */

/** `Key:\tvalue` lines of a status file. */
export function parseStatus(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split("\n")) {
    const at = line.indexOf(":");
    if (at > 0) fields.set(line.slice(0, at), line.slice(at + 1).trim());
  }
  return fields;
}

/** Leading integer of a status field (`VmRSS: 1234 kB` → 1234), NaN if absent. */
export function statusNumber(fields: ReadonlyMap<string, string>, key: string): number {
  const value = Number.parseInt(fields.get(key) ?? "", 10);
  return Number.isFinite(value) ? value : NaN;
}

/** voluntary + nonvoluntary context switches of one task's status. */
export function statusSwitches(fields: ReadonlyMap<string, string>): number {
  return statusNumber(fields, "voluntary_ctxt_switches") +
    statusNumber(fields, "nonvoluntary_ctxt_switches");
}

/** Whether the hex signal mask `SigCgt` has signal number `signo`. */
export function maskHas(hex_mask: string, signo: number): boolean {
  if (!/^[0-9a-fA-F]+$/.test(hex_mask)) return false;
  return ((BigInt(`0x${hex_mask}`) >> BigInt(signo - 1)) & 1n) === 1n;
}

/** Process state letter from /proc/PID/stat (field 3, after the `(comm)`). */
export function statState(stat_text: string): string | null {
  const close = stat_text.lastIndexOf(")");
  if (close < 0) return null;
  return stat_text.slice(close + 2, close + 3) || null;
}
