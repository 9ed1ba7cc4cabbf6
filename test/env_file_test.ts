import assert from "node:assert/strict";
import { EnvFileSyntaxError, parseEnvFile } from "../src/config/env_file.ts";

Deno.test("parseEnvFile: systemd EnvironmentFile= syntax, as a table", () => {
  const rows: [string, [string, string][]][] = [
    ["", []],
    ["A=1", [["A", "1"]]],
    ["A=1\nB=2\n", [["A", "1"], ["B", "2"]]],
    ["  A = spaced out  \n", [["A", "spaced out"]]],
    ["A=\n", [["A", ""]]],
    ["# comment\n; also\n   # indented\n\nA=1", [["A", "1"]]],
    ["# comment \\\nA=swallowed\nB=2", [["B", "2"]]],
    ["A=x # not a comment", [["A", "x # not a comment"]]],
    ["A='  single  $x \\n '", [["A", "  single  $x \\n "]]],
    ['A="dq \\" \\\\ \\$ \\` \\n"', [["A", 'dq " \\ $ ` \\n']]],
    ["A='two\nlines'\nB=1", [["A", "two\nlines"], ["B", "1"]]],
    ['A="con\\\ntinued"', [["A", "continued"]]],
    ["A=con\\\ntinued\nB=2", [["A", "continued"], ["B", "2"]]],
    ["A=back\\\\slash \\x", [["A", "back\\slash x"]]],
    ["A=\"a b\"'c'd", [["A", "a bcd"]]],
    ["A=a'b'\"c\"", [["A", "a'b'\"c\""]]],
    ['A="x"  ', [["A", "x"]]],
    ["A=crlf\r\nB=2\r\n", [["A", "crlf"], ["B", "2"]]],
    ["A=1=2", [["A", "1=2"]]],
    ["A=1\nA=2", [["A", "1"], ["A", "2"]]],
    ["_X9=ünïcode ✓", [["_X9", "ünïcode ✓"]]],
  ];
  for (const [text, want] of rows) assert.deepEqual(parseEnvFile(text), want, JSON.stringify(text));
});

Deno.test("parseEnvFile refuses malformed files, naming the line", () => {
  const rows: [string, number, RegExp][] = [
    ["A=1\nexport B=2\n", 2, /invalid variable name 'export B' \(write KEY=VALUE, without/],
    ["A=1\nno equals sign\n", 2, /expected KEY=VALUE, found 'no equals sign'/],
    ["A=1\nB", 2, /expected KEY=VALUE/],
    ["9A=1", 1, /invalid variable name '9A'/],
    ["=1", 1, /invalid variable name ''/],
    ["A=1\nB='open\nC=3\n", 2, /unterminated single quote/],
    ['A="open', 1, /unterminated double quote/],
    ["A=a\0b", 1, /NUL/],
    ["A='x\ny'\nB C=1", 3, /invalid variable name 'B C'/],
  ];
  for (const [text, line, re] of rows) {
    assert.throws(() => parseEnvFile(text), (e: unknown) => {
      assert.ok(e instanceof EnvFileSyntaxError, String(e));
      assert.equal(e.line, line, JSON.stringify(text));
      assert.match(e.message, re);
      return true;
    });
  }
});
