import assert from "node:assert/strict";
import { mark, startTrace, traceEnv } from "../src/detach/trace.ts";

Deno.test("trace: named from the program's prefix", () => {
  assert.equal(traceEnv("ACME_WEB_"), "ACME_WEB_TRACE");
});

Deno.test("trace: off writes nothing; on, '<role>.<label> <epoch ms>' lines in order", () => {
  const dir = Deno.makeTempDirSync();
  const path = `${dir}/trace`;
  try {
    startTrace(undefined, "launcher");
    startTrace("", "launcher");
    mark("before");
    assert.throws(() => Deno.statSync(path), Deno.errors.NotFound);
    startTrace(path, "child");
    mark("main");
    const lines = Deno.readTextFileSync(path).trim().split("\n");
    assert.equal(lines.length, 2);
    const [origin, main] = lines.map((l) => l.split(" "));
    assert.equal(origin![0], "child.origin");
    assert.equal(main![0], "child.main");
    assert.match(main![1]!, /^\d{13}\.\d{3}$/);
    const [t0, t1] = [Number(origin![1]), Number(main![1])];
    assert.ok(t0 <= t1 && t1 <= Date.now() + 1, `${t0} ${t1}`);
  } finally {
    Deno.removeSync(dir, { recursive: true });
    mark("after"); // the file's directory is gone: tracing turns itself off
  }
});
