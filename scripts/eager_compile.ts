/**
 * Lets the bundle's functions come from V8's code cache. Deno caches a
 * module's code as V8 compiled it before running it, and V8 compiles a
 * function declaration only when it is first called: so every process
 * compiled afresh each function it ran (the launcher and the daemon some
 * hundreds each). A function expression in parentheses V8 compiles at once,
 * so it is in the cache. Each top-level `function f() {}` therefore becomes
 * `var f = (function f() {});` at the top of the module, where the
 * declaration was visible too (hoisting), so nothing can see the difference.
 * @module
 */

import * as acorn from "acorn";

/** `src` (an ES module) with its top-level function declarations made eager. */
export function eagerTopLevel(src: string): string {
  const program = acorn.parse(src, { ecmaVersion: "latest", sourceType: "module" });
  const hoisted: string[] = [];
  const cuts: [number, number][] = [];
  for (const node of program.body) {
    if (node.type !== "FunctionDeclaration") continue;
    hoisted.push(`var ${node.id.name} = (${src.slice(node.start, node.end)});\n`);
    cuts.push([node.start, node.end]);
  }
  let rest = "";
  let from = 0;
  for (const [start, end] of cuts) {
    rest += src.slice(from, start);
    from = end;
  }
  return hoisted.join("") + rest + src.slice(from);
}
