// Where imports may read. A .net file is untrusted input (a compile service
// runs other people's files), so an import may not name any file on the
// machine: `std/NAME` stays inside stdlib/, and any other import stays
// inside the project root (the folder of the file given to dlc), stdlib/,
// or a folder the user allowed with --allow-import. The check runs twice:
// on the path as written, normalised, before the file system is touched
// (so that a refused path's existence is not revealed), and on the path
// with symbolic links resolved (so that a link inside the root cannot lead
// out of it). The resolved path is the one that is then read.

import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { error, type Diagnostic, type Span } from "../../core/diagnostics/diagnostic.js";
import { quoted } from "../../core/diagnostics/printable.js";

export interface ImportRoots {
  /** The project root: the folder of the file given on the command line. */
  readonly root: string;
  /** More folders imports may read (--allow-import), absolute. */
  readonly allowed: readonly string[];
  readonly stdlib: string;
}

/** The stdlib folder, found from this file whether run from source or dist/. */
export function stdlibDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, "stdlib")) && existsSync(join(dir, "package.json"))) return join(dir, "stdlib");
    dir = dirname(dir);
  }
  return resolve("stdlib");
}

/** The roots for a main file at `path` (or named `path`, for text in memory); allowed folders are relative to the working folder. */
export function importRoots(path: string, opts: { readonly allowImports?: readonly string[] } = {}): ImportRoots {
  return { root: dirname(resolve(path)), allowed: (opts.allowImports ?? []).map((d) => resolve(d)), stdlib: stdlibDir() };
}

/** Whether `path` is `dir` or lies below it; both absolute and normalised. */
export function isInside(path: string, dir: string): boolean {
  const r = relative(dir, path);
  return r === "" || (r !== ".." && !r.startsWith(`..${sep}`) && !isAbsolute(r));
}

// Control characters can be written into a string with \u escapes; no
// file name needs them, and a NUL would only make the open fail obscurely.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

type Realpath = (path: string) => string | undefined;

/**
 * The file an import names, with links resolved, or why it may not be read.
 * A path that does not resolve (missing, a loop) is returned as written:
 * reading it then fails with the precise reason.
 */
export function resolveImport(path: string, importer: string, roots: ImportRoots, span: Span, realpath: Realpath): { path: string } | { diagnostic: Diagnostic } {
  const shown = quoted(path);
  if (CONTROL.test(path)) {
    return { diagnostic: error(`import "${shown}": a path may not contain control characters`, span, { expected: "a path to a .net file" }) };
  }
  const withExt = path.endsWith(".net") ? path : `${path}.net`;
  const std = withExt.startsWith("std/");
  const target = std ? resolve(roots.stdlib, withExt.slice(4)) : resolve(dirname(importer), withExt);
  const real = (p: string) => realpath(p) ?? p;

  // The importer's path has its links resolved already, so the path as
  // written is compared with each folder both as given and resolved.
  const folders = std ? [roots.stdlib] : [roots.root, roots.stdlib, ...roots.allowed];
  const reals = folders.map(real);
  const refuse = (resolved: string, link?: string) => ({ diagnostic: std ? leavesStdlib(shown, resolved, roots, span) : outsideRoot(shown, resolved, roots, span, link) });
  if (![...folders, ...reals].some((f) => isInside(target, f))) return refuse(target);
  const t = realpath(target);
  if (t !== undefined && !reals.some((f) => isInside(t, f))) return refuse(t, target);
  return { path: t ?? target };
}

function leavesStdlib(shown: string, resolved: string, roots: ImportRoots, span: Span): Diagnostic {
  return error(`import "${shown}" resolves to '${quoted(resolved)}', outside the standard library '${quoted(roots.stdlib)}'`, span, {
    expected: "std/NAME for a file inside stdlib/ (std/blocks, std/models/resnet50); other files by a path relative to the importing file",
  });
}

function outsideRoot(shown: string, resolved: string, roots: ImportRoots, span: Span, link?: string): Diagnostic {
  const via = link ? ` (through the symbolic link '${quoted(link)}')` : "";
  const allowed = roots.allowed.length ? ` or the folders allowed (${roots.allowed.map((f) => `'${quoted(f)}'`).join(", ")})` : "";
  return error(`import "${shown}" resolves to '${quoted(resolved)}'${via}, outside the project root '${quoted(roots.root)}'${allowed}`, span, {
    expected: "a .net file inside the project root (the folder of the file given to dlc) or std/NAME",
    notes: [`help: to let imports read '${quoted(dirname(resolved))}', pass --allow-import ${quoted(dirname(resolved))}`],
  });
}
