import { check_log, count_matches, log_intact } from "../log_check.ts";
import { parse_fields } from "../probe_output.ts";
import { mask_has, parse_status, stat_state, status_switches } from "../proc_status.ts";
import { snapshot_delta } from "../idle_delta.ts";
import { render_table } from "../table.ts";

function assert(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}

Deno.test("probe output fields", () => {
  const f = parse_fields("ready_ns=120 exit_ns=-1 junk status=0");
  assert(f.get("ready_ns") === 120 && f.get("exit_ns") === -1 && !f.has("junk"), "fields");
});

Deno.test("/proc status and stat parsing", () => {
  const s = parse_status(
    "Name:\tdeno\nvoluntary_ctxt_switches:\t10\nnonvoluntary_ctxt_switches:\t3\n",
  );
  assert(status_switches(s) === 13, "switches");
  assert(mask_has("0000000100004443", 1) && !mask_has("0000000000004002", 1), "SigCgt");
  assert(stat_state("42 (a) b) Z 1 2") === "Z", "state after a comm with ')'");
});

Deno.test("log check finds torn and malformed lines", () => {
  const ok = /^(start|reload)$/;
  assert(log_intact(check_log("start\nreload\n", ok, "reload")), "intact");
  const torn = check_log("start\nrelo", ok, "reload");
  assert(!log_intact(torn) && torn.malformed === 1, "torn last line");
  assert(count_matches("reload\nrel", "rel") === 1, "only complete lines count");
});

Deno.test("idle delta counts new threads from zero and exited ones", () => {
  const before = [{ tid: 1, comm: "a", switches: 5 }, { tid: 2, comm: "b", switches: 1 }];
  const after = [{ tid: 1, comm: "a", switches: 7 }, { tid: 3, comm: "c", switches: 4 }];
  const d = snapshot_delta(before, after);
  assert(d.total === 6 && d.exited === 1 && d.per_thread[0]?.tid === 3, "delta");
});

Deno.test("table renders aligned Markdown", () => {
  const text = render_table({ headers: ["x", "n"], rows: [["a|b", "1"]] });
  assert(text.split("\n")[1] === "|------|----:|", `rule: ${text}`);
  assert(text.includes("a\\|b"), "pipes escaped");
});
