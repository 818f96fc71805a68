#!/usr/bin/env node
// Entry point of the `dlc` command: runs the compiled CLI from dist/.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const entry = new URL("../dist/host/cli/run.js", import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write("dlc is not built: run `npm install` (or `npm run build`) in the dlc folder first\n");
  process.exit(2);
}
await import(entry.href);
