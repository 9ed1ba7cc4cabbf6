/**
 * The log concept; see the files it re-exports.
 * @module
 */
export * from "./log_line.ts";
export * from "./logger.ts";
