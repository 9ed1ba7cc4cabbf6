/**
 * What a dependency costs in memory: RSS of a Deno process that imports and
 * sets up LogTape with a file sink vs mydaemon's src/log, and node:util's
 * parseArgs vs src/cli/argv.ts, each against a process that imports nothing;
 * and what Deno's FFI costs, at its smallest and as mydaemon binds libc.
 * Each fixture (bench/fixtures/memory/) prints its own VmRSS once set up;
 * the fixtures run round-robin, `runs` times each.
 */
import type { Context } from "./context.ts";
import { exec } from "./exec.ts";
import { BENCH_DIR } from "./paths.ts";

/** One fixture and the RSS samples (KiB) it printed. */
export interface MemoryResult {
  readonly id: string;
  readonly label: string;
  readonly samples_kib: number[];
  failures: number;
}

/** The fixtures, baseline first; `vs` names the one each is compared with. */
export const MEMORY_FIXTURES: readonly { id: string; label: string; vs: string | null }[] = [
  { id: "baseline", label: "Deno, nothing imported", vs: null },
  { id: "logtape", label: "LogTape 2.3.10 + @logtape/file, file sink", vs: "src_log" },
  { id: "src_log", label: "mydaemon src/log, file sink", vs: null },
  { id: "parse_args", label: "node:util parseArgs", vs: "src_argv" },
  { id: "src_argv", label: "mydaemon src/cli/argv.ts", vs: null },
  { id: "ffi_one", label: "Deno FFI: libc, one symbol called", vs: null },
  { id: "ffi_libc", label: "mydaemon src/os/libc.ts, every symbol bound", vs: null },
];

/** `rss_kib=N` from a fixture's output, or NaN. */
export function parseRss(stdout: string): number {
  const m = /^rss_kib=(\d+)$/m.exec(stdout);
  return m === null ? NaN : Number(m[1]);
}

/** Run every fixture `runs` times (after one untimed run each, which also fills caches). */
export async function measureMemory(ctx: Context, runs: number, dir: string) {
  await Deno.mkdir(dir, { recursive: true });
  const out: MemoryResult[] = MEMORY_FIXTURES.map((f) => ({ ...f, samples_kib: [], failures: 0 }));
  for (let i = 0; i <= runs; i++) {
    for (const r of out) {
      const script = `${BENCH_DIR}fixtures/memory/${r.id}.ts`;
      const cmd = [
        Deno.execPath(),
        "run",
        "--no-config",
        "--allow-all",
        script,
        `${dir}/${r.id}.log`,
      ];
      const rss = parseRss((await exec(cmd, 120_000)).stdout);
      if (!Number.isFinite(rss)) r.failures++;
      else if (i > 0) r.samples_kib.push(rss);
    }
  }
  ctx.say(`memory fixtures: ${runs} runs each`);
  return out;
}
