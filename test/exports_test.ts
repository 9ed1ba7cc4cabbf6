import assert from "node:assert/strict";

const root = new URL("../", import.meta.url);
const denoJson = JSON.parse(Deno.readTextFileSync(new URL("deno.json", root)));

/** The sub-paths the root module's documentation names (`@mydaemon/mydaemon/x` or `/x`). */
function documentedSubpaths(): string[] {
  const text = Deno.readTextFileSync(new URL("src/mod.ts", root));
  const doc = text.slice(0, text.indexOf("@module"));
  const named = [...doc.matchAll(/`(?:@mydaemon\/mydaemon)?(\/[a-z-]+)`/g)].map((m) => `.${m[1]}`);
  return [...new Set(named)].sort();
}

Deno.test("the root module's documentation names exactly the sub-path exports deno.json has", () => {
  const exported = Object.keys(denoJson.exports).filter((k) => k !== ".").sort();
  assert.deepEqual(documentedSubpaths(), exported);
});

Deno.test("doc-lint covers every export path", () => {
  const lint: string = denoJson.tasks["doc-lint"];
  for (const file of Object.values(denoJson.exports) as string[]) {
    assert.ok(lint.includes(file.replace(/^\.\//, "")), `${file} is not doc-linted`);
  }
});
