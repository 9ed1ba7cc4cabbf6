/**
 * `--env-file PATH`: variables in systemd's `EnvironmentFile=` syntax
 * (systemd.exec(5)), parsed by a pure function. Where systemd skips a
 * malformed line with a warning, we refuse the file naming the line: a typo
 * must not silently leave a setting at its default.
 */

/** Why a file is not a valid env file: the 1-based line and what is wrong. */
export class EnvFileSyntaxError extends Error {
  /** `line` is where the problem is (for an unterminated quote: where it opened). */
  constructor(readonly line: number, readonly problem: string) {
    super(`line ${line}: ${problem}`);
    this.name = "EnvFileSyntaxError";
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const BLANK = " \t\r";
/** What a backslash keeps inside double quotes, as POSIX sh does. */
const DQ_ESCAPABLE = '"\\`$';

type Mode = "pre_key" | "key" | "pre_value" | "value" | "single" | "double" | "comment";

/**
 * Parses env-file text into `[name, value]` pairs, in file order (a later
 * assignment of a name wins when made into an object).
 *
 * - blank lines and lines whose first non-blank is `#` or `;` are comments;
 *   as in systemd, a comment ending in `\` continues onto the next line;
 * - `KEY=VALUE`; blanks around the key and around an unquoted value go;
 * - unquoted: `\x` keeps `x`, `\` at the end of a line continues the value;
 * - `'…'` verbatim, may span lines; `"…"` may span lines, `\` keeps one of
 *   `"\`$`, `\` newline continues, any other `\x` stays as written;
 * - quotes open only where a value (or a quoted part) begins: `A="a b"'c'd`
 *   is `a bcd`, but `A=a'b'` is `a'b'`.
 *
 * Throws {@link EnvFileSyntaxError}: a line without `=`, a bad name (such as
 * `export FOO`), an unterminated quote, a NUL byte.
 */
export function parseEnvFile(text: string): [string, string][] {
  const out: [string, string][] = [];
  let mode: Mode = "pre_key";
  let key = "", value = "", trimTo = 0, line = 1, quoteLine = 0;
  const push = () => {
    const name = key.trim();
    if (!NAME.test(name)) {
      const hint = name.startsWith("export ") ? " (write KEY=VALUE, without 'export')" : "";
      throw new EnvFileSyntaxError(line, `invalid variable name '${name}'${hint}`);
    }
    out.push([name, value.slice(0, trimTo)]);
    key = value = "";
    trimTo = 0;
    mode = "pre_key";
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "\0") throw new EnvFileSyntaxError(line, "contains a NUL byte");
    const nl = ch === "\n";
    const next = text[i + 1];
    switch (mode) {
      case "pre_key":
        if (ch === "#" || ch === ";") mode = "comment";
        else if (ch === "=") mode = "pre_value";
        else if (!nl && !BLANK.includes(ch)) (key = ch, mode = "key");
        break;
      case "comment":
        if (ch === "\\" && next !== undefined) line += text[++i] === "\n" ? 1 : 0;
        else if (nl) mode = "pre_key";
        break;
      case "key":
        if (nl) throw new EnvFileSyntaxError(line, `expected KEY=VALUE, found '${key.trim()}'`);
        if (ch === "=") mode = "pre_value";
        else key += ch;
        break;
      case "pre_value":
      case "value":
        if (nl) push();
        else if (mode === "pre_value" && ch === "'") (mode = "single", quoteLine = line);
        else if (mode === "pre_value" && ch === '"') (mode = "double", quoteLine = line);
        else if (ch === "\\") {
          // Backslash-newline continues the value; any other escaped character is kept.
          if (next === undefined) break;
          i++;
          if (next === "\n") line++;
          else (value += next, trimTo = value.length, mode = "value");
        } else if (mode === "value" || !BLANK.includes(ch)) {
          value += ch;
          mode = "value";
          if (!BLANK.includes(ch)) trimTo = value.length;
        }
        break;
      case "single":
        if (ch === "'") (mode = "pre_value", trimTo = value.length);
        else value += ch;
        break;
      case "double":
        if (ch === '"') (mode = "pre_value", trimTo = value.length);
        else if (ch === "\\" && next !== undefined) {
          i++;
          if (next === "\n") line++;
          else value += DQ_ESCAPABLE.includes(next) ? next : `\\${next}`;
        } else value += ch;
        break;
    }
    if (nl) line++;
  }
  if (mode === "single" || mode === "double") {
    throw new EnvFileSyntaxError(quoteLine, `unterminated ${mode} quote`);
  }
  if (mode === "key") {
    throw new EnvFileSyntaxError(line, `expected KEY=VALUE, found '${key.trim()}'`);
  }
  if (mode === "pre_value" || mode === "value") push();
  return out;
}
