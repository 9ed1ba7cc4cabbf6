/**
 * `file:` URL to path, without `@std/path` (no JSR here). POSIX only.
 */

/** Path of a `file:` URL; throws for any other scheme. */
export function fromFileUrl(url: URL): string {
  if (url.protocol !== "file:") throw new Error(`not a file URL: ${url.href}`);
  return decodeURIComponent(url.pathname);
}
