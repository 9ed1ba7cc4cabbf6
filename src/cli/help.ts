import { EXIT_CODE_TABLE } from "../errors/exit_codes.ts";
import { envVar } from "../config/config.ts";
import type { Program } from "../config/program.ts";
import { SETTING_KEYS, SETTINGS } from "../config/settings.ts";

const COMMAND_HELP: readonly (readonly [string, string])[] = [
  ["start", "detach into the background; prints the pid once ready (default)"],
  ["run", "run in the foreground (systemd, containers)"],
  ["stop", "SIGTERM, wait, SIGKILL after --timeout; success if not running"],
  ["restart", "stop, then start"],
  ["reload", "SIGHUP, and wait until the daemon confirms the reload"],
  ["status", "show pid, uptime, reloads, log file (exit 0/1/3/4, as LSB); --json"],
  ["doctor", "check pid dir, stale pid file, log owner, service files; print fixes"],
  ["logs", "print the last lines of the log: -n N (10), -f to follow"],
  ["service", "print|install|uninstall [--manager M] [--user|--system] [--dry-run]; logrotate"],
  ["help", "show this text"],
  ["version", "show the version"],
];

const OTHER_OPTIONS: readonly (readonly [string, string])[] = [
  ["--foreground", "stay in the foreground (same as run)"],
  ["--env-file PATH", "<NAME>_* variables in systemd EnvironmentFile= syntax"],
  ["-n, --lines N", "logs: how many lines to print [10]"],
  ["-f, --follow", "logs: keep printing new lines, across rotations"],
  ["--dry-run", "service: say what would be written, write nothing"],
  ["--manager M", "service: systemd, launchd, openrc or sysv [this machine's]"],
  ["--systemd-version N", "service: the systemd to write for [install: systemctl's; 252]"],
  ["--exec-path PATH", "service: the program the service runs [this one]"],
  ["--json", "status: one JSON object (schema in README), same exit codes"],
  ["-h, --help", "show this text"],
  ["-V, --version", "show the version"],
];

/** The `--help` text of program `p`: built from the same tables that drive parsing. */
export function helpText(p: Program): string {
  const rows = (t: readonly (readonly [string, string])[], w: number) =>
    t.map(([a, b]) => `  ${a.padEnd(w)}${b}\n`).join("");
  const settings = SETTING_KEYS.map((k) => {
    const s = SETTINGS[k];
    return `  --${s.flag} ${s.metavar}`.padEnd(26) + `${s.help}\n` +
      " ".repeat(26) + `env ${envVar(k, p)}` + (s.configKey ? `, config "${s.configKey}"` : "") +
      `; default ${s.defaultText(p)}\n`;
  }).join("");
  const own = p.configKeys.length === 0
    ? ""
    : `Config file keys of ${p.name} itself: ${p.configKeys.map((k) => `"${k}"`).join(", ")}\n`;
  return `${p.name} ${p.version}: ${p.description}

Usage: ${p.name} [COMMAND] [OPTIONS]

Commands:
${rows(COMMAND_HELP, 10)}
Options (any command, before or after it; flag > env > --env-file > config file > default):
${settings}${rows(OTHER_OPTIONS, 24)}${own}
Signals: SIGHUP reloads (re-reads the config, reopens the log);
         SIGTERM and SIGINT stop gracefully.

Exit codes:
${EXIT_CODE_TABLE.map(([c, m]) => `  ${c}  ${m}\n`).join("")}`;
}
