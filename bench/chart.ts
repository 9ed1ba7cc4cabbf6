/**
 * bench/chart.svg: time to ready and SIGHUP → reload p50 per subject as
 * horizontal bars, the Deno floors (one bare start, two starts) drawn as
 * dashed lines on the ready panel and the minimal Deno daemon's p50 on the
 * HUP panel. Pure: figures in, SVG text out.
 */

/** One bar. */
export interface Bar {
  readonly label: string;
  readonly value: number;
}

/** One marked line across a panel. */
export interface Mark {
  readonly label: string;
  readonly value: number;
}

/** One panel: a title with its unit, bars and marks. */
export interface Panel {
  readonly title: string;
  readonly unit: string;
  readonly bars: readonly Bar[];
  readonly marks: readonly Mark[];
}

const W = 760, LABEL_W = 250, BAR_H = 18, GAP = 6, PAD = 12, HEAD = 28, PLOT_W = 400;

/** XML text escape. */
export function esc(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

function num(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

/** Height of a panel in pixels. */
export function panelHeight(p: Panel): number {
  return HEAD + p.bars.length * (BAR_H + GAP) + 2 * PAD + 14;
}

function renderPanel(p: Panel, top: number): string[] {
  const finite = [...p.bars, ...p.marks].map((b) => b.value).filter(Number.isFinite);
  const max = Math.max(1e-9, ...finite);
  const x = (v: number) => LABEL_W + (Math.max(0, v) / max) * PLOT_W;
  const out = [
    `<text x="${PAD}" y="${top + 18}" class="t">${esc(`${p.title} (${p.unit})`)}</text>`,
  ];
  p.bars.forEach((b, i) => {
    const y = top + HEAD + i * (BAR_H + GAP);
    out.push(`<text x="${LABEL_W - 6}" y="${y + 13}" text-anchor="end">${esc(b.label)}</text>`);
    if (!Number.isFinite(b.value)) return;
    out.push(
      `<rect x="${LABEL_W}" y="${y}" width="${
        (x(b.value) - LABEL_W).toFixed(1)
      }" height="${BAR_H}" class="b"/>`,
    );
    out.push(`<text x="${(x(b.value) + 4).toFixed(1)}" y="${y + 13}">${num(b.value)}</text>`);
  });
  const bottom = top + HEAD + p.bars.length * (BAR_H + GAP);
  p.marks.filter((m) => Number.isFinite(m.value)).forEach((m, i) => {
    const mx = x(m.value).toFixed(1);
    out.push(`<line x1="${mx}" y1="${top + HEAD - 4}" x2="${mx}" y2="${bottom}" class="m"/>`);
    out.push(
      `<text x="${mx}" y="${bottom + 12 + 12 * i}" class="ml">${
        esc(`${m.label} ${num(m.value)}`)
      }</text>`,
    );
  });
  return out;
}

/** The whole chart as SVG text. */
export function renderChart(panels: readonly Panel[]): string {
  let top = 0;
  const body: string[] = [];
  for (const p of panels) {
    body.push(...renderPanel(p, top));
    top += panelHeight(p) + 12 * Math.max(0, p.marks.length - 1);
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${top}" viewBox="0 0 ${W} ${top}" font-family="sans-serif" font-size="12">`,
    "<style>.t{font-weight:bold;font-size:13px}.b{fill:#4a7ab5}.m{stroke:#c0392b;stroke-dasharray:4 3}.ml{fill:#c0392b;font-size:11px}</style>",
    `<rect width="${W}" height="${top}" fill="#fff"/>`,
    ...body,
    "</svg>",
    "",
  ].join("\n");
}
