/**
 * Pure Markdown table rendering: column widths padded so the raw file reads
 * well too, laid out exactly as `deno fmt` would. Numeric-looking columns are right-aligned.
 */

/** One table: a header row and body rows of already formatted cells. */
export interface Table {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Column indexes to right-align (defaults to every column but the first). */
  readonly right?: readonly number[];
}

function escapeCell(cell: string): string {
  return cell.replaceAll("|", "\\|").replaceAll("\n", " ");
}

function pad(cell: string, width: number, right: boolean): string {
  const gap = " ".repeat(Math.max(0, width - [...cell].length));
  return right ? gap + cell : cell + gap;
}

/** Render a table as GitHub-flavoured Markdown lines (no trailing newline). */
export function renderTable(table: Table): string {
  const cols = table.headers.length;
  const right = new Set(table.right ?? Array.from({ length: cols - 1 }, (_, i) => i + 1));
  const body = table.rows.map((row) =>
    Array.from({ length: cols }, (_, i) => escapeCell(row[i] ?? ""))
  );
  const head = table.headers.map(escapeCell);
  // The same layout as `deno fmt` gives a Markdown table, so README can quote it verbatim.
  const widths = head.map((h, i) =>
    Math.max(right.has(i) ? 2 : 3, [...h].length, ...body.map((r) => [...(r[i] ?? "")].length))
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => pad(c, widths[i] ?? 3, right.has(i))).join(" | ")} |`;
  const rule = widths.map((w, i) => (right.has(i) ? `${"-".repeat(w - 1)}:` : "-".repeat(w)));
  return [line(head), `| ${rule.join(" | ")} |`, ...body.map(line)].join("\n");
}
