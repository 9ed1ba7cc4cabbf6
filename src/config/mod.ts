/**
 * The config concept; see the files it re-exports.
 * @module
 */
export * from "./config.ts";
export * from "./settings.ts";
