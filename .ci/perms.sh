#!/usr/bin/env bash
# Prints the daemon's runtime permissions (defined once, in src/detach/permissions.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
npx --yes deno@2.9.6 eval --no-config \
  'import { RUNTIME_PERMISSIONS as p } from "./src/detach/permissions.ts"; console.log(p.join(" "))'
