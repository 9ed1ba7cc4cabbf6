import { BENCH_DIR, REPO_DIR } from "../paths.ts";
import { BEGIN, END, extractBlock, replaceBlock, wrapBlock } from "../readme_sync.ts";

function assert(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}

Deno.test("performance block: extract, wrap and replace", () => {
  const block = wrapBlock("| a |\n");
  assert(block === `${BEGIN}\n\n| a |\n\n${END}`, "wrap");
  const text = `intro\n${wrapBlock("old")}\noutro\n`;
  assert(extractBlock(text) === wrapBlock("old"), "extract");
  assert(replaceBlock(text, block) === `intro\n${block}\noutro\n`, "replace keeps the rest");
  assert(replaceBlock(text, "$&$1") === "intro\n$&$1\noutro\n", "no replacement patterns");
  assert(extractBlock("no markers") === null && extractBlock(`${END}${BEGIN}`) === null, "absent");
});

Deno.test("README's Performance table is bench/RESULTS.md's, verbatim (fix: deno task bench --readme)", async () => {
  const results = extractBlock(await Deno.readTextFile(`${BENCH_DIR}RESULTS.md`));
  const readme = extractBlock(await Deno.readTextFile(`${REPO_DIR}README.md`));
  assert(results !== null, "bench/RESULTS.md has a performance block");
  assert(readme === results, "README.md's performance block differs from bench/RESULTS.md's");
});
