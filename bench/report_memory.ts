/**
 * The idle RSS by kind of mapping, each against the minimal Deno daemon:
 * it runs the same runtime binary, so a difference in the executable's
 * pages is runtime code our program makes Deno touch, and a difference in
 * anonymous memory is heap and compiled code. Pure: results in, a table out.
 */
import { fmtMib } from "./format.ts";
import type { SubjectResult } from "./results.ts";
import type { RssByMapping } from "./smaps.ts";
import type { Table } from "./table.ts";

const KINDS: readonly { key: keyof RssByMapping; header: string }[] = [
  { key: "exe_kib", header: "executable MiB (runtime code, data)" },
  { key: "anon_kib", header: "anonymous MiB (heap, V8)" },
  { key: "files_kib", header: "other files MiB (libraries)" },
  { key: "other_kib", header: "stacks, other MiB" },
];

const total = (m: RssByMapping) => KINDS.reduce((sum, k) => sum + m[k.key], 0);

function cell(kib: number, base: number | null): string {
  if (base === null) return fmtMib(kib);
  const d = (kib - base) / 1024;
  return `${fmtMib(kib)} (${d < 0 ? "−" : "+"}${Math.abs(d).toFixed(2)})`;
}

/** One row per subject with a split; mydaemon's cells add "(+d)", the difference to the mini Deno daemon. */
export function rssMappingTable(results: readonly SubjectResult[]): Table {
  const mini = results.find((r) => r.subject.id === "mini_daemon")?.idle?.rss_by_mapping ?? null;
  const rows = results.flatMap((r) => {
    const m = r.idle?.rss_by_mapping ?? null;
    if (m === null) return [];
    const base = r.subject.role === "under test" ? mini : null;
    return [[
      r.subject.label,
      ...KINDS.map((k) => cell(m[k.key], base === null ? null : base[k.key])),
      cell(total(m), base === null ? null : total(base)),
    ]];
  });
  return { headers: ["subject", ...KINDS.map((k) => k.header), "sum MiB"], rows };
}
