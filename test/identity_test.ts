import assert from "node:assert/strict";
import { parseIdDatabase, resolveIdentity } from "../src/os/identity.ts";

const PASSWD = `root:x:0:0:root:/root:/bin/bash
# comment
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
svc:x:998:997::/home/svc:/bin/sh
broken-line
`;
const GROUP = `root:x:0:
svc:x:997:
web:x:33:svc
`;

Deno.test("parseIdDatabase skips comments and broken lines", () => {
  assert.deepEqual(parseIdDatabase(PASSWD).map((r) => r.name), ["root", "daemon", "svc"]);
  assert.deepEqual(parseIdDatabase(GROUP).find((r) => r.name === "web"), {
    name: "web",
    id: 33,
    gid: 33,
  });
});

Deno.test("resolveIdentity", () => {
  const ok: [string, string | null, { user: string; uid: number; gid: number }][] = [
    ["svc", null, { user: "svc", uid: 998, gid: 997 }],
    ["svc", "web", { user: "svc", uid: 998, gid: 33 }],
    ["998", null, { user: "svc", uid: 998, gid: 997 }],
    ["4242", "4343", { user: "4242", uid: 4242, gid: 4343 }],
    ["daemon", "33", { user: "daemon", uid: 1, gid: 33 }],
  ];
  for (const [u, g, want] of ok) assert.deepEqual(resolveIdentity(u, g, PASSWD, GROUP), want);
  const bad: [string, string | null, RegExp][] = [
    ["ghost", null, /no such user 'ghost'/],
    ["svc", "ghosts", /no such group 'ghosts'/],
    ["root", null, /is root/],
    ["0", null, /is root/],
  ];
  for (const [u, g, re] of bad) assert.throws(() => resolveIdentity(u, g, PASSWD, GROUP), re);
});
