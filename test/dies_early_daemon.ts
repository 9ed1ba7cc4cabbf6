/**
 * A daemon that dies before it is ready, as `DIES_HOW` says: `exit` (code 3),
 * `kill` (SIGKILL on itself) or `throw` (an uncaught error, which Deno reports
 * on stderr). For test/e2e_dies_early_test.ts.
 */
import { defineDaemon } from "../src/mod.ts";

const daemon = defineDaemon({
  name: "dies-early",
  version: "0.0.1",
  async start() {
    const how = Deno.env.get("DIES_HOW");
    if (how === "exit") Deno.exit(3);
    if (how === "kill") Deno.kill(Deno.pid, "SIGKILL");
    if (how === "throw") {
      setTimeout(() => {
        throw new Error("boom before ready");
      }, 0);
    }
    await new Promise(() => {}); // never ready
  },
});

if (import.meta.main) Deno.exit(await daemon.main(Deno.args));
