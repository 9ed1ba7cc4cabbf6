/**
 * mydaemon: the reference daemon, written on exactly the public API. It does
 * no work of its own; what it shows is the daemon itself — detaching, the pid
 * file, the log, reloads and stops — which `defineDaemon` gives any program.
 * The only place that calls `Deno.exit`.
 * @module
 */
import { defineDaemon } from "./mod.ts";
import meta from "../deno.json" with { type: "json" };

/** The mydaemon command. */
export const mydaemon = defineDaemon({
  name: "mydaemon",
  version: meta.version,
  description: "a small daemon that does the daemon things right",
  // The classic daemon's place, kept from before the library existed.
  logFile: "/tmp/daemon.log",
  docs: "https://github.com/mydaemon/mydaemon#operating-mydaemon",
  start() {},
});

if (import.meta.main) Deno.exit(await mydaemon.main(Deno.args));
