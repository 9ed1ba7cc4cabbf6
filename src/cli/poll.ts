import { sleep } from "../detach/later.ts";

/**
 * Polls `check` every `intervalMs` until it returns a value other than
 * undefined, or the deadline passes (then resolves undefined).
 */
export async function pollUntil<T>(
  check: () => T | undefined,
  timeoutMs: number,
  intervalMs = 10,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (Date.now() >= deadline) return undefined;
    await sleep(intervalMs);
  }
}
