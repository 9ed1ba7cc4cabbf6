/** Quoting for systemd unit files (systemd.syntax(7), systemd.service(5) "Command lines"). */

/**
 * Quotes one word for a unit file: bare when safe, else in double quotes with
 * C escapes; `%` is doubled (specifiers) and, in `exec` words, `$` too
 * (environment expansion).
 *
 * @example
 * ```ts
 * systemdQuote("/srv/my logs/d.log"); // "\"/srv/my logs/d.log\""
 * systemdQuote("100%$"); // "\"100%%$$\""
 * ```
 */
export function systemdQuote(word: string, context: "exec" | "path" = "exec"): string {
  const quoted = /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `"${cEscape(word)}"`;
  const specifiers = quoted.replace(/%/g, "%%");
  return context === "exec" ? specifiers.replace(/\$/g, () => "$$") : specifiers;
}

const NAMED_ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\\\",
  '"': '\\"',
  "\n": "\\n",
  "\t": "\\t",
};

function cEscape(word: string): string {
  return [...word].map((c) =>
    NAMED_ESCAPES[c] ??
      (isControl(c) ? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}` : c)
  ).join("");
}

/** Whether `text` has a C0 control character or DEL. */
export function hasControl(text: string): boolean {
  return [...text].some(isControl);
}

function isControl(c: string): boolean {
  const code = c.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}

/** Quotes the program path of `ExecStart=` (no `$` expansion there). */
export function quoteExecPath(path: string): string {
  const quoted = /^[A-Za-z0-9_@%+=:,./-]+$/.test(path) ? path : `"${path}"`;
  return quoted.replace(/%/g, "%%");
}
