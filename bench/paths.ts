/**
 * Where things live, resolved from this file so the bench runs from any cwd.
 */
import { fromFileUrl } from "./file_url.ts";

/** bench/ */
export const BENCH_DIR: string = fromFileUrl(new URL(".", import.meta.url));
/** The repository root (parent of bench/). */
export const REPO_DIR: string = fromFileUrl(new URL("..", import.meta.url));
/** Build output for the anchors and the probe (git-ignored). */
export const OUT_DIR: string = `${BENCH_DIR}out`;
/** bench/anchors/ */
export const ANCHORS_DIR: string = `${BENCH_DIR}anchors`;
/** bench/tools/ */
export const TOOLS_DIR: string = `${BENCH_DIR}tools`;
