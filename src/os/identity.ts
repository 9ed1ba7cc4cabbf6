import { DaemonError, describeOsError } from "../errors/errors.ts";

/** Who the daemon runs as after dropping root. */
export interface Identity {
  /** The user's name (or the numeric id as text when it has no name). */
  readonly user: string;
  /** The user id to become. */
  readonly uid: number;
  /** The group id to become: `--group`, else the user's primary group. */
  readonly gid: number;
}

/** One `name:x:id:gid…` row of /etc/passwd or /etc/group. */
export interface IdRow {
  /** User or group name. */
  readonly name: string;
  /** Its uid (passwd) or gid (group). */
  readonly id: number;
  /** The primary gid (passwd); for a group, its own gid. */
  readonly gid: number;
}

/** Parses /etc/passwd (`name:pw:uid:gid:…`) or /etc/group (`name:pw:gid:…`, gid repeated). */
export function parseIdDatabase(text: string): IdRow[] {
  const rows: IdRow[] = [];
  for (const line of text.split("\n")) {
    const f = line.split(":");
    if (f.length < 3 || line.startsWith("#")) continue;
    const id = Number(f[2]);
    const gid = f.length >= 4 && /^\d+$/.test(f[3]!) ? Number(f[3]) : id;
    if (/^\d+$/.test(f[2]!)) rows.push({ name: f[0]!, id, gid });
  }
  return rows;
}

const fail = (reason: string) => new DaemonError("drop", "privileges", reason);

/**
 * Resolves `--user`/`--group` (names or numeric ids) against the passwd and
 * group databases. The group defaults to the user's primary group.
 */
export function resolveIdentity(
  user: string,
  group: string | null,
  passwd: string,
  groups: string,
): Identity {
  const users = parseIdDatabase(passwd);
  const byName = users.find((r) => r.name === user);
  const byId = /^\d+$/.test(user) ? users.find((r) => r.id === Number(user)) : undefined;
  const u = byName ?? byId ??
    (/^\d+$/.test(user) ? { name: user, id: Number(user), gid: Number(user) } : undefined);
  if (!u) throw fail(`no such user '${user}'`);
  let gid = u.gid;
  if (group !== null) {
    const g = parseIdDatabase(groups).find((r) => r.name === group) ??
      (/^\d+$/.test(group) ? { name: group, id: Number(group), gid: Number(group) } : undefined);
    if (!g) throw fail(`no such group '${group}'`);
    gid = g.id;
  }
  if (u.id === 0) throw fail(`'${user}' is root; --user is for running as somebody else`);
  return { user: u.name, uid: u.id, gid };
}

/** A user or group database; a missing one is empty, an unreadable one an error (not "no such user"). */
export function readIdDatabase(path: string): string {
  try {
    return Deno.readTextFileSync(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return "";
    throw new DaemonError("read", path, describeOsError(err));
  }
}

/** Looks the identity up in /etc/passwd and /etc/group. */
export function lookupIdentity(user: string, group: string | null): Identity {
  return resolveIdentity(user, group, readIdDatabase("/etc/passwd"), readIdDatabase("/etc/group"));
}

/** The name of `uid`, or the number as text when it has none. */
export function userName(uid: number | null): string {
  if (uid === null) return "unknown";
  return parseIdDatabase(readIdDatabase("/etc/passwd")).find((r) => r.id === uid)?.name ??
    String(uid);
}
