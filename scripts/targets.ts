/** The release targets `deno compile` builds, and how the host maps onto them. */

/** Every target a release ships, in release order. */
export const TARGETS = [
  "x86_64-unknown-linux-gnu",
  "aarch64-unknown-linux-gnu",
] as const;

/** One release target triple. */
export type Target = typeof TARGETS[number];

/** Whether `value` names one of the release targets. */
export function isTarget(value: string): value is Target {
  return (TARGETS as readonly string[]).includes(value);
}

/** The release target for a host triple (`Deno.build.target`), if it is one. */
export function hostTarget(deno_build_target: string): Target | undefined {
  return isTarget(deno_build_target) ? deno_build_target : undefined;
}

/** The release file name of the binary of `program` for `target`. */
export function binaryName(target: Target, program = "mydaemon"): string {
  return `${program}-${target}`;
}
