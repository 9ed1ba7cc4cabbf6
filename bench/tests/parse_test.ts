import { checkLog, countMatches, logIntact } from "../log_check.ts";
import { parseFields } from "../probe_output.ts";
import { maskHas, parseStatus, statState, statusSwitches } from "../proc_status.ts";
import { snapshotDelta } from "../idle_delta.ts";
import { renderTable } from "../table.ts";

function assert(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}

Deno.test("probe output fields", () => {
  const f = parseFields("ready_ns=120 exit_ns=-1 junk status=0");
  assert(f.get("ready_ns") === 120 && f.get("exit_ns") === -1 && !f.has("junk"), "fields");
});

Deno.test("/proc status and stat parsing", () => {
  const s = parseStatus(
    "Name:\tdeno\nvoluntary_ctxt_switches:\t10\nnonvoluntary_ctxt_switches:\t3\n",
  );
  assert(statusSwitches(s) === 13, "switches");
  assert(maskHas("0000000100004443", 1) && !maskHas("0000000000004002", 1), "SigCgt");
  assert(statState("42 (a) b) Z 1 2") === "Z", "state after a comm with ')'");
});

Deno.test("log check finds torn and malformed lines", () => {
  const ok = /^(start|reload)$/;
  assert(logIntact(checkLog("start\nreload\n", ok, "reload")), "intact");
  const torn = checkLog("start\nrelo", ok, "reload");
  assert(!logIntact(torn) && torn.malformed === 1, "torn last line");
  assert(countMatches("reload\nrel", "rel") === 1, "only complete lines count");
});

Deno.test("idle delta counts new threads from zero and exited ones", () => {
  const before = [{ tid: 1, comm: "a", switches: 5 }, { tid: 2, comm: "b", switches: 1 }];
  const after = [{ tid: 1, comm: "a", switches: 7 }, { tid: 3, comm: "c", switches: 4 }];
  const d = snapshotDelta(before, after);
  assert(d.total === 6 && d.exited === 1 && d.per_thread[0]?.tid === 3, "delta");
});

Deno.test("table renders aligned Markdown", () => {
  const text = renderTable({ headers: ["x", "n"], rows: [["a|b", "1"]] });
  assert(text.split("\n")[1] === "| ---- | -: |", `rule: ${text}`);
  assert(text.includes("a\\|b"), "pipes escaped");
});

Deno.test("table layout is what deno fmt gives, so README can quote it verbatim", async () => {
  const text = renderTable({
    headers: ["", "n", "wide µs →"],
    rows: [["a row", "1", "×1.00"], ["b", "10 000", "–"]],
  }) + "\n";
  const fmt = new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--ext=md", "-"],
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  const writer = fmt.stdin.getWriter();
  await writer.write(new TextEncoder().encode(text));
  await writer.close();
  const out = new TextDecoder().decode((await fmt.output()).stdout);
  assert(out === text, `deno fmt changed it:\n${text}\n→\n${out}`);
});
