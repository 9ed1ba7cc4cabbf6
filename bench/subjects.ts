/**
 * The full list of subjects, in report order, with `--only` applied.
 */
import type { Tools } from "./build_tools.ts";
import { cDaemon, cDaemonize, miniDaemon, pySeed } from "./subjects_anchor.ts";
import { mydaemonSubjects } from "./subjects_mydaemon.ts";
import type { Subject } from "./subject.ts";
import { which } from "./which.ts";

/** Anchors first (C, daemonize, Python, the minimal Deno daemon), then mydaemon's three forms. */
export async function allSubjects(
  tools: Tools,
  python: string | null,
  only: readonly string[],
): Promise<Subject[]> {
  const daemonize = await which("daemonize");
  const seed = python === null
    ? { ...pySeed("python3"), skip: "no working python3 found" }
    : pySeed(python);
  const subjects = [
    cDaemon(tools.cdaemon),
    cDaemonize(tools.cdaemon, daemonize),
    seed,
    miniDaemon(),
    ...(await mydaemonSubjects()),
  ];
  if (only.length === 0) return subjects;
  return subjects.map((s) =>
    only.some((id) => s.id.includes(id)) ? s : { ...s, skip: "not selected (`--only`)" }
  );
}
