import meta from "../../deno.json" with { type: "json" };

/** The mydaemon version, stamped from `deno.json` (the one place it is set). */
export const VERSION: string = meta.version;
