/**
 * The files concept; see the files it re-exports.
 * @module
 */
export * from "./pid_file.ts";
export * from "./pid_file_write.ts";
export * from "./raw_file.ts";
export * from "./safe_open.ts";
