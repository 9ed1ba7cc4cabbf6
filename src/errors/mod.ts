/**
 * The errors concept; see the files it re-exports.
 * @module
 */
export * from "./errors.ts";
export * from "./exit_codes.ts";
export * from "./errno_names.ts";
export * from "./escape.ts";
