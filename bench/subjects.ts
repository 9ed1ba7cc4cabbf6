/**
 * The full list of subjects, in report order, with `--only` applied.
 */
import type { Tools } from "./build_tools.ts";
import { c_daemon, c_daemonize, deno_floor, py_seed } from "./subjects_anchor.ts";
import { mydaemon_subjects } from "./subjects_mydaemon.ts";
import type { Subject } from "./subject.ts";
import { which } from "./which.ts";

/** Anchors first (C, daemonize, Python, the Deno floor), then mydaemon's three forms. */
export async function all_subjects(
  tools: Tools,
  python: string | null,
  only: readonly string[],
): Promise<Subject[]> {
  const daemonize = await which("daemonize");
  const seed = python === null
    ? { ...py_seed("python3"), skip: "python3 not found in PATH" }
    : py_seed(python);
  const subjects = [
    c_daemon(tools.cdaemon),
    c_daemonize(tools.cdaemon, daemonize),
    seed,
    deno_floor(daemonize),
    ...(await mydaemon_subjects()),
  ];
  if (only.length === 0) return subjects;
  return subjects.map((s) =>
    only.some((id) => s.id.includes(id)) ? s : { ...s, skip: "not selected (`--only`)" }
  );
}
