/**
 * The build's eager-compile rewrite: top-level function declarations become
 * parenthesized expressions at the top, and the module means what it meant.
 */
import assert from "node:assert/strict";
import { eagerTopLevel } from "../scripts/eager_compile.ts";

const MODULE = `// a bundle
const early = twice(2); // called before its declaration: hoisting must hold
function twice(x) {
  const inner = function helper(y) { return y * 2; };
  return inner(x);
}
async function later() { await null; return "later"; }
function* count() { yield 1; yield 2; }
const text = \`
function notCode() {
}
\`;
class Box { get value() { return twice(21); } }
export { count, early, later, text, twice, Box };
`;

Deno.test("eagerTopLevel: each top-level function is a parenthesized var at the top; nothing else moves", () => {
  const out = eagerTopLevel(MODULE);
  const lines = out.split("\n");
  assert.match(lines[0]!, /^var twice = \(function twice\(x\) \{$/);
  assert.ok(out.includes("var later = (async function later() {"));
  assert.ok(out.includes("var count = (function* count() {"));
  assert.ok(out.includes("const inner = function helper(y)"), "inner functions untouched");
  assert.ok(out.includes("\nfunction notCode() {\n}\n"), "a template's text is not code");
  assert.equal(out.match(/^function /gm)?.length ?? 0, 1, "only the template's line remains");
  assert.equal(eagerTopLevel(out), out, "applied twice, nothing more changes");
});

Deno.test("eagerTopLevel: the rewritten module behaves as the original", async () => {
  const dir = await Deno.makeTempDir({ prefix: "mydaemon-eager-" });
  try {
    const results = [];
    for (const [name, text] of [["a.js", MODULE], ["b.js", eagerTopLevel(MODULE)]]) {
      await Deno.writeTextFile(`${dir}/${name}`, text!);
      const m = await import(`file://${dir}/${name}`);
      results.push([m.early, m.twice.name, await m.later(), [...m.count()], new m.Box().value]);
    }
    assert.deepEqual(results[1], results[0]);
    assert.deepEqual(results[0], [4, "twice", "later", [1, 2], 42]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
