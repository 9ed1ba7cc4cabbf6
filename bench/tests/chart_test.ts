import { esc, renderChart } from "../chart.ts";
import { chartPanels } from "../chart_data.ts";
import { fakeFloors, fakeResult } from "./fake.ts";

function assert(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}

const figures = { hup_us: 100, rss_kib: 1, wakeups: 0, stop_ms: 1 };
const results = [
  fakeResult("c_daemon", { ...figures, ready_ms: 1 }),
  fakeResult("mini_daemon", { ...figures, ready_ms: 30 }),
  fakeResult("bundle", { ...figures, ready_ms: 40, hup_us: 200 }),
];

Deno.test("chart panels: ready in ms and HUP p50 in µs, with floors and the mini daemon as marks", () => {
  const [ready, hup] = chartPanels(results, fakeFloors(12, 25));
  assert(ready?.bars.map((b) => b.value).join() === "1,30,40", "ready bars");
  assert(ready?.marks.map((m) => m.value).join() === "12,25", "floor marks");
  assert(hup?.bars[2]?.value === 200 && hup?.marks[0]?.value === 100, "hup bar and mark");
});

Deno.test("chart SVG: one bar per subject, one dashed line per mark, scaled to the largest", () => {
  const svg = renderChart(chartPanels(results, fakeFloors(12, 25)));
  assert(svg.startsWith("<svg ") && svg.trimEnd().endsWith("</svg>"), "an SVG document");
  assert((svg.match(/class="b"/g) ?? []).length === 6, "six bars");
  assert((svg.match(/<line /g) ?? []).length === 3, "three marks");
  assert(svg.includes('width="400.0"'), "the largest bar spans the plot");
  assert(!svg.includes("NaN"), "no NaN");
});

Deno.test("chart SVG: missing values draw no bar and no mark; text is escaped", () => {
  const svg = renderChart([{
    title: "a<b",
    unit: "ms",
    bars: [{ label: "x & y", value: NaN }],
    marks: [{ label: "m", value: NaN }],
  }]);
  assert(!svg.includes("NaN") && !svg.includes("<rect x="), "nothing drawn for NaN");
  assert(svg.includes("a&lt;b") && svg.includes("x &amp; y"), "escaped");
  assert(esc('"') === "&quot;", "quotes");
});
