/**
 * Compile the C anchor and the probe with the system `cc` into bench/out/.
 */
import { exec, firstLine } from "./exec.ts";
import { ANCHORS_DIR, OUT_DIR, TOOLS_DIR } from "./paths.ts";

/** Paths of the freshly built executables. */
export interface Tools {
  readonly cdaemon: string;
  readonly probe: string;
  readonly cc_version: string;
}

const CFLAGS = ["-O2", "-Wall", "-Wextra", "-Werror"];

async function compile(output: string, sources: readonly string[]): Promise<void> {
  const result = await exec(["cc", ...CFLAGS, "-o", output, ...sources]);
  if (result.code !== 0) {
    throw new Error(`cc failed for ${output}: ${firstLine(result.stderr)}`);
  }
}

/** Build everything; throws (the bench cannot run without the probe). */
export async function buildTools(): Promise<Tools> {
  await Deno.mkdir(OUT_DIR, { recursive: true });
  const cdaemon = `${OUT_DIR}/cdaemon`;
  const probe = `${OUT_DIR}/probe`;
  await compile(cdaemon, [`${ANCHORS_DIR}/cdaemon.c`]);
  const probe_sources = ["probe_main.c", "probe_ready.c", "probe_hup.c", "probe_stop.c"];
  await compile(probe, probe_sources.map((f) => `${TOOLS_DIR}/${f}`));
  const version = await exec(["cc", "--version"]);
  return { cdaemon, probe, cc_version: firstLine(version.stdout) };
}
