import assert from "node:assert/strict";
import { localAliases } from "../scripts/import_map.ts";

Deno.test("build: local import-map entries become absolute paths; others are left to the bundler", () => {
  const base = new URL("file:///home/u/acme/deno.json");
  const rows: [Record<string, unknown>, Record<string, string>][] = [
    [{ "@mydaemon/mydaemon": "../mydaemon/src/mod.ts" }, {
      "@mydaemon/mydaemon": "/home/u/mydaemon/src/mod.ts",
    }],
    [{ "a": "./a.ts", "b": "/abs/b.ts", "c": "file:///c/c.ts" }, {
      a: "/home/u/acme/a.ts",
      b: "/abs/b.ts",
      c: "/c/c.ts",
    }],
    [{ "x": "npm:x@1.0.0", "y": "jsr:@y/y", "z": "https://z.example/z.ts", "n": 3 }, {}],
  ];
  for (const [imports, want] of rows) assert.deepEqual(localAliases(imports, base), want);
});
