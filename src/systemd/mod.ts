/**
 * The systemd concept; see the files it re-exports.
 * @module
 */
export * from "./logrotate.ts";
export * from "./sd_notify.ts";
export * from "./sd_notify_socket.ts";
export * from "./service_command.ts";
export * from "./service_hardening.ts";
export * from "./service_unit.ts";
export * from "./systemd_notifier.ts";
export * from "./systemd_quote.ts";
