/** Command-line parsing for `scripts/build.ts`: pure, no I/O. */

import { hostTarget, isTarget, type Target, TARGETS } from "./targets.ts";

/** What the build was asked to do. */
export interface BuildArgs {
  /** `all`, `host`, or one explicit target triple. */
  readonly target: "all" | "host" | Target;
  /** Build only `mydaemon.js`, no binaries. */
  readonly bundle_only: boolean;
  /** The program to build (src/main.ts when absent), e.g. `examples/http_daemon/main.ts`. */
  readonly entry: string | undefined;
  /** Where to write the outputs (the repository's `dist/` when absent). */
  readonly out_dir: string | undefined;
  /** Print the usage text and exit 0. */
  readonly help: boolean;
}

/** A parse or selection result: the value, or the reason it could not be had. */
export type Result<T> = { ok: true; value: T } | { ok: false; reason: string };

/** The usage text of `deno task build`. */
export const BUILD_USAGE =
  `usage: deno task build [--target all|host|<triple>] [--bundle-only] [--out-dir DIR] [--entry FILE]

  --target all       compile every release target (default): ${TARGETS.join(", ")}
  --target host      compile only the target of the machine running the build
  --target <triple>  compile one release target
  --bundle-only      write only DIR/mydaemon.js (no deno compile, no runtime needed)
  --out-dir DIR      write outputs into DIR instead of dist/
  --entry FILE       build this program instead of src/main.ts; its outputs are named
                     after its directory (examples/http_daemon/main.ts: http_daemon.js)

environment:
  DENORT_BIN=/path/to/denort  use this denort runtime for the host target (offline builds)
  DENO_DIR                    deno's cache; a runtime at
                              $DENO_DIR/dl/release/v<deno version>/denort-<target>.zip is used
`;

/** Parses the build's arguments. */
export function parseBuildArgs(args: readonly string[]): Result<BuildArgs> {
  let target: BuildArgs["target"] = "all";
  let bundle_only = false;
  let out_dir: string | undefined;
  let entry: string | undefined;
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    const [flag, inline] = splitFlag(arg);
    if (flag === "--help" || flag === "-h") help = true;
    else if (flag === "--bundle-only") bundle_only = true;
    else if (flag === "--target" || flag === "--out-dir" || flag === "--entry") {
      const value = inline ?? args[++i];
      if (value === undefined || value === "") {
        return { ok: false, reason: `${flag} needs a value` };
      }
      if (flag === "--out-dir") out_dir = value;
      else if (flag === "--entry") entry = value;
      else if (value === "all" || value === "host" || isTarget(value)) target = value;
      else {return {
          ok: false,
          reason: `unknown target ${value} (try: all, host, ${TARGETS.join(", ")})`,
        };}
    } else return { ok: false, reason: `unknown argument ${arg}` };
  }
  return { ok: true, value: { target, bundle_only, entry, out_dir, help } };
}

function splitFlag(arg: string): [string, string | undefined] {
  const eq = arg.indexOf("=");
  return arg.startsWith("--") && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
}

/** The targets to compile for a `--target` choice on a host (`Deno.build.target`). */
export function selectTargets(choice: BuildArgs["target"], host: string): Result<Target[]> {
  if (choice === "all") return { ok: true, value: [...TARGETS] };
  if (choice !== "host") return { ok: true, value: [choice] };
  const target = hostTarget(host);
  if (target === undefined) {
    return { ok: false, reason: `host ${host} is not a release target (${TARGETS.join(", ")})` };
  }
  return { ok: true, value: [target] };
}
