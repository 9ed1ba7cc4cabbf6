/**
 * The os concept; see the files it re-exports.
 * @module
 */
export * from "./identity.ts";
export * from "./libc.ts";
export * from "./libc_platform.ts";
export * from "./lock_table.ts";
export * from "./platform_error.ts";
export * from "./privilege_drop.ts";
export * from "./proc_fs.ts";
export * from "./process_state.ts";
