/**
 * The config concept; see the files it re-exports.
 * @module
 */
export * from "./config.ts";
export * from "./settings.ts";
export * from "./env_file.ts";
export * from "./env_file_load.ts";
