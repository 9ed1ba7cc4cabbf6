/**
 * Run as root in a new pid namespace (`unshare --pid --fork --mount-proc`),
 * where `ns_last_pid` can force the kernel to reuse a pid at once. Holds a
 * handle on a process, lets it die, gives its pid to a newcomer, then
 * signals through the old handle. Prints one JSON line.
 */
import { openProcess } from "../src/os/pidfd.ts";

const spawn = () =>
  new Deno.Command("sleep", { args: ["60"], stdout: "null", stderr: "null" }).spawn();
const first = spawn();
const handle = openProcess(first.pid);
const liveSent = handle.signal("SIGHUP") === true; // sleep dies of SIGHUP: that is fine
await first.status;
Deno.writeTextFileSync("/proc/sys/kernel/ns_last_pid", String(first.pid - 1));
const newcomer = spawn();
const reused = newcomer.pid === first.pid;
const deadSent = handle.signal("SIGTERM");
// Give a wrongly delivered SIGTERM time to land, then look at the newcomer.
await new Promise((r) => setTimeout(r, 200));
let newcomerAlive = false;
try {
  newcomerAlive = Deno.readTextFileSync(`/proc/${newcomer.pid}/stat`).split(" ")[2] !== "Z";
} catch { /* reaped already: it was killed */ }
if (newcomerAlive) newcomer.kill("SIGKILL");
await newcomer.status;
handle.close();
console.log(JSON.stringify({ liveSent, reused, deadSent, newcomerAlive }));
