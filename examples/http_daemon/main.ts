/**
 * An HTTP daemon on mydaemon: `/healthz` answers `ok`, the port is its own
 * config key, SIGHUP re-reads the config and rebinds when the port changed,
 * and stop drains the requests in flight (within the stop timeout).
 *
 *     deno run -A main.ts start --config http.json   # {"port": 8080}
 *     curl http://127.0.0.1:8080/healthz
 *     deno run -A main.ts reload --config http.json
 *     deno run -A main.ts stop
 * @module
 */
import { type DaemonContext, defineDaemon } from "@mydaemon/mydaemon";

/** This daemon's own configuration. */
interface Http {
  /** TCP port on 127.0.0.1; 0 lets the system choose (logged as `listening port=…`). */
  readonly port: number;
}

function validate(raw: Readonly<Record<string, unknown>>): Http {
  const port = raw.port ?? 8080;
  if (typeof port !== "number" || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`"port": expected a port number from 0 to 65535, not ${JSON.stringify(port)}`);
  }
  return { port };
}

async function handle(req: Request, ctx: DaemonContext<Http>): Promise<Response> {
  const url = new URL(req.url);
  if (url.pathname === "/healthz") return new Response("ok\n");
  if (url.pathname === "/slow") {
    // Work that takes a while: a stop lets it finish.
    const ms = Math.min(Number(url.searchParams.get("ms") ?? 1000), 60_000);
    ctx.log.info("slow request", { ms });
    await new Promise((r) => setTimeout(r, ms));
    return new Response(ctx.signal.aborted ? "done, while stopping\n" : "done\n");
  }
  return new Response("not found\n", { status: 404 });
}

let server: Deno.HttpServer<Deno.NetAddr> | null = null;
let port = -1;

/** Binds the port first, so a busy port fails the start or the reload, not the server. */
function listen(ctx: DaemonContext<Http>): Deno.HttpServer<Deno.NetAddr> {
  const s = Deno.serve({
    hostname: "127.0.0.1",
    port: ctx.config.port,
    onListen: ({ port }) => ctx.log.info("listening", { port }),
  }, (req) => handle(req, ctx));
  port = ctx.config.port;
  return s;
}

const daemon = defineDaemon<Http>({
  name: "http-daemon",
  version: "1.0.0",
  description: "an HTTP server with /healthz",
  config: { keys: ["port"], validate },
  start(ctx) {
    server = listen(ctx);
  },
  async reload(ctx) {
    if (ctx.config.port === port) return;
    const old = server;
    server = listen(ctx); // throws if the new port is busy: the old server stays
    await old?.shutdown();
  },
  async stop() {
    // Stops accepting, and resolves when the requests in flight have been answered.
    await server?.shutdown();
  },
});

if (import.meta.main) Deno.exit(await daemon.main(Deno.args));
