/**
 * The chart's panels from the results. Pure.
 */
import type { Panel } from "./chart.ts";
import { BARE_START, type FloorResult, TWO_STARTS } from "./measure_floor.ts";
import type { SubjectResult } from "./results.ts";
import { median } from "./stats.ts";

const floor = (floors: readonly FloorResult[], id: string) =>
  median(floors.find((f) => f.id === id)?.samples_ns ?? []) / 1e6;

/** Time to ready (ms) and SIGHUP → reload p50 (µs) per measured subject. */
export function chartPanels(
  results: readonly SubjectResult[],
  floors: readonly FloorResult[],
): Panel[] {
  const ready = results.filter((r) => (r.cycles?.ready_ns.length ?? 0) > 0);
  const hup = results.filter((r) => (r.reload?.samples_ns.length ?? 0) > 0);
  const mini = results.find((r) => r.subject.id === "mini_daemon");
  const hup_p50 = (r: SubjectResult | undefined) => median(r?.reload?.samples_ns ?? []) / 1e3;
  return [{
    title: "Time to ready, median",
    unit: "ms",
    bars: ready.map((r) => ({ label: r.subject.label, value: median(r.cycles!.ready_ns) / 1e6 })),
    marks: [
      { label: "one bare Deno start", value: floor(floors, BARE_START) },
      { label: "two Deno starts", value: floor(floors, TWO_STARTS) },
    ],
  }, {
    title: "SIGHUP → reload line, p50",
    unit: "µs",
    bars: hup.map((r) => ({ label: r.subject.label, value: hup_p50(r) })),
    marks: [{ label: "minimal Deno daemon", value: hup_p50(mini) }],
  }];
}
