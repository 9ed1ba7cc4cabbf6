/** `SHA256SUMS` in the format `sha256sum` writes and `sha256sum -c` reads. */

/** One file's digest. */
export interface Digest {
  /** The file name, without directory. */
  readonly name: string;
  /** The SHA-256 digest, lowercase hex. */
  readonly hex: string;
}

/** `<hex>  <name>` lines sorted by name, each ending in a newline. */
export function formatSha256sums(digests: readonly Digest[]): string {
  const sorted = [...digests].sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return sorted.map((d) => `${d.hex}  ${d.name}\n`).join("");
}

/** The lowercase hex SHA-256 of `bytes`. */
export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}
