/**
 * Command-line options of `deno task bench`. Pure: argv in, options out.
 */

/** What the user asked for. */
export interface BenchOptions {
  /** Short run (fewer samples, shorter idle window). */
  readonly quick: boolean;
  /** Where to write the Markdown report; null prints it only. */
  readonly out: string | null;
  /** Only run subjects whose id contains one of these strings (empty: all). */
  readonly only: readonly string[];
  readonly help: boolean;
  /** Copy the performance block of bench/RESULTS.md into README.md, measure nothing. */
  readonly readme: boolean;
}

export const USAGE = `usage: deno task bench [--quick] [--out FILE] [--only ID[,ID...]]
       deno task bench --readme

  --quick        short run (under a minute instead of a few)
  --out FILE     write the Markdown report to FILE (e.g. bench/RESULTS.md)
  --only IDS     run only subjects whose id contains one of IDS
                 (ids: c_daemon, c_daemonize, py_seed, mini_daemon,
                 deno_run, bundle, binary)
  --readme       copy the performance block of bench/RESULTS.md into
                 README.md (measures nothing)
  --help         this text`;

/** Parse argv; throws an Error with a readable message on bad input. */
export function parseArgs(argv: readonly string[]): BenchOptions {
  let quick = false, help = false, readme = false;
  let out: string | null = null;
  let only: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const [flag, inline] = arg.includes("=") ? arg.split("=", 2) : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "") throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === "--quick") quick = true;
    else if (flag === "--help" || flag === "-h") help = true;
    else if (flag === "--readme") readme = true;
    else if (flag === "--out") out = value();
    else if (flag === "--only") only = value().split(",").filter((s) => s !== "");
    else throw new Error(`unknown argument: ${arg}`);
  }
  return { quick, out, only, help, readme };
}
