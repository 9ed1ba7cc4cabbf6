/**
 * Pure parsing of the probe's `key=value key=value` output lines.
 */

/** The integer fields of one output line. */
export type Fields = ReadonlyMap<string, number>;

/** Parse `a=1 b=-2` into a map; words without `=` or a number are ignored. */
export function parseFields(line: string): Fields {
  const fields = new Map<string, number>();
  for (const word of line.trim().split(/\s+/)) {
    const at = word.indexOf("=");
    if (at <= 0) continue;
    const value = Number(word.slice(at + 1));
    if (Number.isFinite(value)) fields.set(word.slice(0, at), value);
  }
  return fields;
}

/** Every output line that has `key`, parsed. */
export function linesWith(text: string, key: string): Fields[] {
  return text.split("\n").map(parseFields).filter((f) => f.has(key));
}

/** A field that must be there; throws naming the command otherwise. */
export function field(fields: Fields, key: string, what: string): number {
  const value = fields.get(key);
  if (value === undefined) throw new Error(`probe ${what}: no ${key} in output`);
  return value;
}
