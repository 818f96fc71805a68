// node:fs for the page: a read-only virtual file system holding dlc's
// standard library at /stdlib (its .net files, embedded by the build from
// stdlib/), so that `import "std/blocks"` and the compiler's "did you mean
// to import …" hints work in the page as on the command line. The file
// being edited is not in it: the page hands its text to checkFile. Errors
// carry Node's codes (ENOENT, EISDIR), which the compiler turns into its
// own messages. Only what the compiler's modules call is here; the bundler
// maps `node:fs` to this file (playground/build.ts).

import stdlib from "dlc:stdlib";
import { virtualFs } from "./virtual_fs.js";

const fs = virtualFs(Object.fromEntries(Object.entries(stdlib).map(([rel, text]) => [`/stdlib/${rel}`, text])));

export const { existsSync, statSync, realpathSync, readdirSync, readFileSync, writeFileSync, constants, openSync, fstatSync, readSync, closeSync } = fs;
export default fs;
