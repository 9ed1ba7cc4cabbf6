/**
 * `posix_spawn` for the relaunch. `Deno.Command` costs the launcher ~7 ms
 * before the child even starts (it loads Deno's process, streams and fetch
 * body modules on first use); one vfork+exec through libc costs well under
 * one. The launcher's work is exactly what `Deno.Command` did: a new session,
 * an empty signal mask, SIGPIPE back to default (Deno ignores it), the given
 * descriptors on 0-2, every other one closed on exec by its close-on-exec flag,
 * and our environment (bytes as they are, so a variable that is not UTF-8
 * passes on untouched) with some variables set.
 */

/** The raw symbols the spawn needs (see libc.ts). */
export interface SpawnSymbols {
  posix_spawnp(
    pid: Uint8Array,
    file: Uint8Array,
    actions: Uint8Array,
    attr: Uint8Array,
    argv: Uint8Array,
    envp: Uint8Array,
  ): number;
  posix_spawn_file_actions_init(actions: Uint8Array): number;
  posix_spawn_file_actions_adddup2(actions: Uint8Array, fd: number, to: number): number;
  posix_spawn_file_actions_destroy(actions: Uint8Array): number;
  /** The address of libc's `environ`. */
  readonly environ: Deno.PointerValue;
}

/** What to run, and with what. */
export interface SpawnRequest {
  /** The program: a path, or a name looked up in PATH. */
  readonly cmd: string;
  /** Its arguments, without the program name. */
  readonly args: readonly string[];
  /** Variables set for the child, over our own environment. */
  readonly env: Readonly<Record<string, string>>;
  /** The descriptors that become the child's 0, 1 and 2. */
  readonly stdio: readonly [number, number, number];
}

// glibc's posix_spawnattr_t (ABI since 2.2): short __flags at 0, then
// sigset_t __sd (defaults) at 8 and __ss (mask) at 136; 336 bytes in all on
// x86_64 and aarch64. Written here rather than through five setters.
const ATTR_BYTES = 512;
const SIGDEF_OFFSET = 8;
const POSIX_SPAWN_SETSIGDEF = 0x04;
const POSIX_SPAWN_SETSIGMASK = 0x08;
const POSIX_SPAWN_SETSID = 0x80; // glibc 2.26+
const SIGPIPE = 13;
const ACTIONS_BYTES = 256; // posix_spawn_file_actions_t is 80 bytes

const enc = new TextEncoder();
const cString = (s: string) => enc.encode(`${s}\0`);

/** A NULL-terminated array of pointers to `strings`, which must outlive its use. */
function pointerArray(strings: readonly Uint8Array[], more: readonly bigint[] = []): Uint8Array {
  const ptrs = new BigUint64Array(strings.length + more.length + 1);
  strings.forEach((s, i) => ptrs[i] = BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(s))));
  more.forEach((p, i) => ptrs[strings.length + i] = p);
  return new Uint8Array(ptrs.buffer);
}

/** Our environment's entries, as pointers into libc's own copy, without the names in `except`. */
function inheritedEnv(environ: Deno.PointerValue, except: ReadonlySet<string>): bigint[] {
  const out: bigint[] = [];
  const envp = environ && new Deno.UnsafePointerView(environ).getPointer(0);
  if (!envp) return out;
  const view = new Deno.UnsafePointerView(envp);
  for (let i = 0;; i++) {
    const entry = view.getPointer(i * 8);
    if (entry === null) return out;
    const text = Deno.UnsafePointerView.getCString(entry);
    if (!except.has(text.slice(0, text.indexOf("=")))) {
      out.push(BigInt(Deno.UnsafePointer.value(entry)));
    }
  }
}

function spawnAttributes(): Uint8Array {
  const attr = new Uint8Array(ATTR_BYTES);
  new DataView(attr.buffer).setInt16(
    0,
    POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF,
    true,
  );
  // Signal n is bit n-1 of the set; the mask (__ss) stays empty.
  attr[SIGDEF_OFFSET + ((SIGPIPE - 1) >> 3)]! |= 1 << ((SIGPIPE - 1) & 7);
  return attr;
}

/** Spawns `req` detached; the child's pid, or a negative errno. */
export function spawnDetached(f: SpawnSymbols, req: SpawnRequest): number {
  const file = cString(req.cmd);
  const argv = [file, ...req.args.map(cString)];
  const set = Object.entries(req.env);
  const envStrings = set.map(([k, v]) => cString(`${k}=${v}`));
  const envp = pointerArray(envStrings, inheritedEnv(f.environ, new Set(set.map(([k]) => k))));
  const actions = new Uint8Array(ACTIONS_BYTES);
  const failed = f.posix_spawn_file_actions_init(actions);
  if (failed !== 0) return -failed;
  try {
    for (const [to, fd] of req.stdio.entries()) {
      const r = f.posix_spawn_file_actions_adddup2(actions, fd, to);
      if (r !== 0) return -r;
    }
    const pid = new Int32Array(1);
    const r = f.posix_spawnp(
      new Uint8Array(pid.buffer),
      file,
      actions,
      spawnAttributes(),
      pointerArray(argv),
      envp,
    );
    // The strings are referenced from the pointer arrays only: keep them alive.
    void [argv, envStrings];
    return r === 0 ? pid[0]! : -r;
  } finally {
    f.posix_spawn_file_actions_destroy(actions);
  }
}
