/**
 * The cli concept; see the files it re-exports.
 * @module
 */
export * from "./argv.ts";
export * from "./help.ts";
export * from "./poll.ts";
export * from "./version.ts";
export * from "./commands/context.ts";
export * from "./commands/logs.ts";
export * from "./commands/reload.ts";
export * from "./commands/service.ts";
export * from "./commands/start.ts";
export * from "./commands/status.ts";
export * from "./commands/stop.ts";
