/**
 * The detach concept; see the files it re-exports.
 * @module
 */
export * from "./detach.ts";
export * from "./permissions.ts";
export * from "./ready_channel.ts";
export * from "./relaunch.ts";
