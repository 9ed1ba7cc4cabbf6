/**
 * Reproduces the race the signal guard cannot close by itself: a SIGUSR1 that
 * reaches `deno run`'s own inspector handler before the guard replaces it
 * (here: sent on purpose after the runtime's 500 ms grace period, with no
 * guard yet). Prints one JSON line: what the guard reported closing, and
 * whether the inspector's port still accepts connections.
 */
import { guardSignals } from "../src/lifecycle/signal_guard.ts";

await new Promise((r) => setTimeout(r, 800)); // the runtime's handler is in place now
Deno.kill(Deno.pid, "SIGUSR1"); // noted by the runtime: its inspector opens shortly
const closed: string[] = [];
const stop = guardSignals(undefined, (url) => closed.push(url));
const deadline = Date.now() + 5000;
while (closed.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
stop();
const port = Number(new URL(closed[0] ?? "ws://127.0.0.1:9229/").port);
let listening = true;
try {
  (await Deno.connect({ hostname: "127.0.0.1", port })).close();
} catch {
  listening = false;
}
console.log(JSON.stringify({ closed, listening }));
