/**
 * The lifecycle concept; see the files it re-exports.
 * @module
 */
export * from "./daemon.ts";
export * from "./holder_check.ts";
export * from "./lifecycle_types.ts";
export * from "./reload.ts";
export * from "./signals.ts";
export * from "./start_decision.ts";
export * from "./state_file.ts";
