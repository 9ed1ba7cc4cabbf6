/**
 * A stand-in for systemd's notification socket, for tests: a python3 child
 * binds a unix datagram socket (`Deno.listenDatagram` for unix sockets needs
 * `--unstable-net`) and prints each datagram as one JSON line, with the
 * sender's pid (SCM_CREDENTIALS, Linux) and its own CLOCK_MONOTONIC time.
 *
 * ```ts ignore
 * await using listener = await startNotifyListener(`${dir}/notify.sock`);
 * // run something with env NOTIFY_SOCKET=listener.address, then:
 * const first = await listener.next(); // { text: "READY=1\n...", pid, monotonicUsec }
 * ```
 */

/** One datagram as the listener received it. */
export interface NotifyDatagram {
  /** The payload, decoded as UTF-8. */
  readonly text: string;
  /** The sender's pid from SCM_CREDENTIALS (`null` where the OS has none). */
  readonly pid: number | null;
  /** The listener's CLOCK_MONOTONIC at receipt, in µs. */
  readonly monotonicUsec: bigint;
}

/** A running listener. */
export interface NotifyListener extends AsyncDisposable {
  /** The value to put in `NOTIFY_SOCKET` (a path, or `@name`). */
  readonly address: string;
  /** The listener's CLOCK_MONOTONIC when it was bound, in µs. */
  readonly boundMonotonicUsec: bigint;
  /** The next datagram; rejects when none comes within `timeoutMs`. */
  next(timeoutMs?: number): Promise<NotifyDatagram>;
  /** The next `count` datagrams, under one deadline. */
  take(count: number, timeoutMs?: number): Promise<NotifyDatagram[]>;
  /** Stops the python child and waits for it. */
  close(): Promise<void>;
}

const SCRIPT = `
import json, socket, struct, sys, time
address = sys.argv[1]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("\\0" + address[1:] if address.startswith("@") else address)
creds = hasattr(socket, "SO_PASSCRED")
if creds:
    s.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
now = lambda: time.monotonic_ns() // 1000
print(json.dumps({"bound": address, "monotonicUsec": now()}), flush=True)
while True:
    data, ancillary, _, _ = s.recvmsg(65536, socket.CMSG_SPACE(12) if creds else 0)
    pid = None
    for level, kind, body in ancillary:
        if creds and level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
            pid = struct.unpack("=iII", body[:12])[0]
    text = data.decode("utf-8", "replace")
    print(json.dumps({"text": text, "pid": pid, "monotonicUsec": now()}), flush=True)
`;

/**
 * Binds `address` (a socket path to create, or `@name` for Linux's abstract
 * namespace) and resolves once the socket is listening.
 */
export async function startNotifyListener(
  address: string,
  timeoutMs = 10_000,
): Promise<NotifyListener> {
  const child = new Deno.Command("python3", {
    args: ["-c", SCRIPT, address],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const lines = new LineQueue(child.stdout);
  const stderr = new Response(child.stderr).text();
  const close = async (): Promise<void> => {
    try {
      child.kill("SIGTERM");
    } catch { /* already gone */ }
    await child.status;
    await lines.done;
    await stderr;
  };
  let bound: bigint;
  try {
    const first = await lines.next(timeoutMs);
    bound = BigInt((JSON.parse(first) as { monotonicUsec: number }).monotonicUsec);
  } catch (e) {
    await close();
    throw new Error(`notify listener did not start: ${(e as Error).message}\n${await stderr}`);
  }
  const next = async (ms = timeoutMs): Promise<NotifyDatagram> => {
    const raw = JSON.parse(await lines.next(ms)) as {
      text: string;
      pid: number | null;
      monotonicUsec: number;
    };
    return { text: raw.text, pid: raw.pid, monotonicUsec: BigInt(raw.monotonicUsec) };
  };
  return {
    address,
    boundMonotonicUsec: bound,
    next,
    async take(count, ms = timeoutMs) {
      const deadline = Date.now() + ms;
      const out: NotifyDatagram[] = [];
      while (out.length < count) out.push(await next(Math.max(1, deadline - Date.now())));
      return out;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** Lines from a byte stream, handed out one at a time under a deadline. */
class LineQueue {
  readonly done: Promise<void>;
  #lines: string[] = [];
  #waiters: Array<() => void> = [];
  #ended = false;

  constructor(stream: ReadableStream<Uint8Array>) {
    this.done = this.#pump(stream);
  }

  async next(timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (this.#lines.length === 0) {
      if (this.#ended) throw new Error("the listener exited");
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no datagram within ${timeoutMs} ms`);
      await this.#wait(left);
    }
    return this.#lines.shift()!;
  }

  #wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#waiters.push(done);
    });
  }

  async #pump(stream: ReadableStream<Uint8Array>): Promise<void> {
    let buffer = "";
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
      buffer += chunk;
      const parts = buffer.split("\n");
      buffer = parts.pop() ?? "";
      this.#lines.push(...parts.filter((line) => line !== ""));
      this.#wake();
    }
    this.#ended = true;
    this.#wake();
  }

  #wake(): void {
    for (const waiter of this.#waiters.splice(0)) waiter();
  }
}
