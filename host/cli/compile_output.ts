// How `dlc compile -o DIR` puts its files on disk: whole or not at all.
//
// - The output is written into a temporary folder beside DIR (same file
//   system, so renames are atomic), each file fsynced, and a marker file,
//   .dlc-output.json, last: it lists every file dlc wrote.
// - DIR missing or empty: the temporary folder is renamed onto it.
// - DIR holding an earlier dlc output (a valid marker): the files the user
//   added since (anything the old marker does not list) are moved into the
//   new folder, then the old folder is swapped out and removed. So stale
//   kernels of the earlier compile go and the user's files stay. A user
//   file in the way of a new output file is refused before anything moves.
// - DIR non-empty without a marker, or not a folder: refused; dlc never
//   overwrites files it did not write.
// - Any failure (no space, read-only, permissions) removes the temporary
//   folder and leaves DIR as it was; the error names the path and reason.
//
// The file-system calls go through OutputFs so that tests can make one of
// them fail as a full or read-only disk would.

import { closeSync, fsyncSync, lstatSync, openSync, readdirSync, realpathSync, renameSync, rmSync, statSync, writeSync, type Stats } from "node:fs";
import { randomBytes } from "node:crypto";
import { basename, dirname, join, resolve, sep } from "node:path";
import { quoted } from "../../core/diagnostics/printable.js";
import { FileReadError, readRegularFile } from "../../core/io/read_regular_file.js";
import { fsCode, fsReason } from "../../core/io/fs_reason.js";
import { makeFolder } from "../../core/io/make_folder.js";

export const MARKER = ".dlc-output.json";
const MARKER_FORMAT = "dlc-compile-output";
const MAX_MARKER_BYTES = 4 * 1024 * 1024;

/** The file-system operations the writer uses (node:fs by default). */
export interface OutputFs {
  lstat(path: string): Stats;
  stat(path: string): Stats;
  realpath(path: string): string;
  readdir(path: string): string[];
  mkdir(path: string): void;
  /** Writes and fsyncs a new file. */
  writeFile(path: string, text: string): void;
  rename(from: string, to: string): void;
  remove(path: string): void;
}

export const nodeOutputFs: OutputFs = {
  lstat: (p) => lstatSync(p),
  stat: (p) => statSync(p),
  realpath: (p) => realpathSync(p),
  readdir: (p) => readdirSync(p),
  mkdir: (p) => makeFolder(p),
  writeFile: (p, text) => {
    const fd = openSync(p, "wx");
    try {
      const bytes = Buffer.from(text, "utf8");
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  },
  rename: (a, b) => renameSync(a, b),
  remove: (p) => rmSync(p, { recursive: true, force: true }),
};

/** The output folder cannot be written: the user's to fix (exit 1). */
export class OutputError extends Error {
  override name = "OutputError";
}


/** An fs error as "cannot PATH: reason"; anything that is not an fs error is rethrown as a bug. */
function fsError(what: string, path: string, e: unknown): OutputError {
  if (fsCode(e) === undefined) throw e;
  return new OutputError(`cannot ${what} '${quoted(path)}': ${fsReason(e)}`);
}

function attempt<T>(what: string, path: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw fsError(what, path, e);
  }
}

/** What the marker says: the files (relative, '/'-separated) of the earlier output. */
function readMarker(dir: string, shown: string): Set<string> | string {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(readRegularFile(join(dir, MARKER), MAX_MARKER_BYTES, "dlc's output marker"));
  } catch (e) {
    if (e instanceof FileReadError) return e.problem === "missing" ? `'${quoted(shown)}' is not empty and has no ${MARKER}, so dlc did not write it` : `its ${MARKER} cannot be read (${e.problem})`;
    if (e instanceof TypeError) return `its ${MARKER} is not UTF-8 text`;
    throw e;
  }
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return `its ${MARKER} is not valid JSON`;
  }
  const files = (m as { format?: unknown; files?: unknown } | null)?.files;
  if ((m as { format?: unknown } | null)?.format !== MARKER_FORMAT || !Array.isArray(files) || !files.every((f) => typeof f === "string")) {
    return `its ${MARKER} was not written by dlc compile`;
  }
  return new Set(files as string[]);
}

/**
 * The entries of an earlier output folder that its marker does not list:
 * what the user added. A folder holding no listed file counts as one entry.
 */
function userEntries(fs: OutputFs, dir: string, listed: ReadonlySet<string>): string[] {
  const prefixes = new Set<string>();
  for (const f of listed) for (let i = f.indexOf("/"); i > 0; i = f.indexOf("/", i + 1)) prefixes.add(f.slice(0, i));
  const found: string[] = [];
  const walk = (rel: string) => {
    for (const name of attempt("list", join(dir, rel), () => fs.readdir(join(dir, rel))).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      if (r === MARKER) continue;
      const isFolder = () => attempt("read", join(dir, r), () => fs.lstat(join(dir, r))).isDirectory();
      // A listed name that is now a folder is the user's: dlc wrote a file there.
      if (listed.has(r) && !isFolder()) continue;
      if (prefixes.has(r) && isFolder()) walk(r);
      else found.push(r);
    }
  };
  walk("");
  return found;
}

/** Where DIR stands before writing. */
type Target = { kind: "absent" | "empty" } | { kind: "earlier"; keep: string[] };

function inspect(fs: OutputFs, dir: string, shown: string, files: ReadonlyMap<string, string>): Target {
  let st: Stats;
  try {
    st = fs.stat(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { kind: "absent" };
    throw fsError("use", shown, e);
  }
  if (!st.isDirectory()) throw new OutputError(`'${quoted(shown)}' exists and is not a folder; give -o a new folder, an empty one, or an earlier dlc compile output`);
  const names = attempt("list", shown, () => fs.readdir(dir));
  if (names.length === 0) return { kind: "empty" };
  const listed = readMarker(dir, shown);
  if (typeof listed === "string") {
    throw new OutputError(`refusing to write into '${quoted(shown)}': ${listed}. Give -o a new or empty folder, or empty this one first`);
  }
  const keep = userEntries(fs, dir, listed);
  for (const k of keep) {
    for (const f of files.keys()) {
      if (f === k || f.startsWith(`${k}/`) || k.startsWith(`${f}/`)) {
        throw new OutputError(`refusing to write into '${quoted(shown)}': '${quoted(k)}' there was not written by dlc and the new output needs that name; move it away first`);
      }
    }
  }
  return { kind: "earlier", keep };
}

/** A name beside `dir` that nothing else uses. */
const besideName = (dir: string, tag: string) => join(dirname(dir), `.${basename(dir)}.dlc-${tag}-${process.pid}-${randomBytes(4).toString("hex")}`);

/**
 * Moves `rels` from folder `from` to folder `to`, creating parents. On a
 * failure the moved ones are moved back and the error is rethrown; if
 * moving back fails too, a RollbackError says some are left in `to`.
 */
function moveEntries(fs: OutputFs, rels: readonly string[], from: string, to: string): void {
  const moved: string[] = [];
  try {
    for (const r of rels) {
      fs.mkdir(dirname(join(to, r)));
      fs.rename(join(from, r), join(to, r));
      moved.push(r);
    }
  } catch (e) {
    try {
      for (const r of moved.reverse()) fs.rename(join(to, r), join(from, r));
    } catch (back) {
      throw new RollbackError(back);
    }
    throw e;
  }
}

class RollbackError extends Error {
  constructor(readonly failure: unknown) {
    super("rollback failed");
  }
}

export interface OutputInfo {
  readonly network: string;
  readonly source: string;
}

/**
 * Writes `files` (relative path → text) as the folder `out`, whole (see the
 * header). Throws OutputError, with the path and reason, when it cannot;
 * then `out` is as it was and no temporary folder is left behind.
 */
export function writeOutputFolder(out: string, files: ReadonlyMap<string, string>, info: OutputInfo, fs: OutputFs = nodeOutputFs): void {
  for (const rel of files.keys()) {
    if (rel.startsWith("/") || rel.split("/").some((p) => p === "" || p === "." || p === "..") || rel === MARKER || rel.includes(sep === "/" ? "\\" : sep)) {
      throw new Error(`internal: output file name '${rel}' is not a plain relative path`);
    }
  }
  // A symbolic link to a folder stands for that folder: the link stays.
  let dir = resolve(out);
  if (attemptOrUndefined(() => fs.lstat(dir).isSymbolicLink())) dir = attempt("resolve", out, () => fs.realpath(dir));
  const target = inspect(fs, dir, out, files);
  attempt("create the folder", dirname(out) || ".", () => fs.mkdir(dirname(dir)));

  const tmp = besideName(dir, "tmp");
  // `tmp` is removed on failure unless the user's files may be in it.
  let removeTmp = true;
  // Undoing a step fails only if the disk fails between two renames in one
  // folder; then the message says where everything is.
  const undo = (steps: () => void, old?: string) => {
    try {
      steps();
    } catch (e) {
      removeTmp = false;
      const cause = e instanceof RollbackError ? e.failure : e;
      throw new OutputError(`${fsError("replace", out, cause).message}; your own files may be in '${quoted(tmp)}'${old ? ` and the earlier output in '${quoted(old)}'` : ""}`);
    }
  };
  try {
    attempt("create", out, () => fs.mkdir(tmp));
    for (const [rel, text] of files) {
      const path = join(tmp, rel);
      attempt("create", join(out, dirname(rel)), () => fs.mkdir(dirname(path)));
      attempt("write", join(out, rel), () => fs.writeFile(path, text));
    }
    const marker = { format: MARKER_FORMAT, version: 1, note: "written by dlc compile; dlc replaces the files listed here and keeps any others", network: info.network, source: info.source, files: [...files.keys()].sort() };
    attempt("write", join(out, MARKER), () => fs.writeFile(join(tmp, MARKER), JSON.stringify(marker, null, 2) + "\n"));

    if (target.kind !== "earlier") {
      attempt("create", out, () => fs.rename(tmp, dir));
      removeTmp = false;
      return;
    }
    try {
      moveEntries(fs, target.keep, dir, tmp);
    } catch (e) {
      if (e instanceof RollbackError) {
        undo(() => {
          throw e;
        });
      }
      throw fsError("move your files from", out, e);
    }
    const old = besideName(dir, "old");
    try {
      fs.rename(dir, old);
    } catch (e) {
      undo(() => moveEntries(fs, target.keep, tmp, dir));
      throw fsError("replace", out, e);
    }
    try {
      fs.rename(tmp, dir);
    } catch (e) {
      undo(() => {
        fs.rename(old, dir);
        moveEntries(fs, target.keep, tmp, dir);
      }, old);
      throw fsError("replace", out, e);
    }
    removeTmp = false;
    // Only the earlier output's own files are left in `old`.
    try {
      fs.remove(old);
    } catch {
      process.stderr.write(`warning: could not remove the earlier output, moved to '${quoted(old)}'; remove it by hand\n`);
    }
  } finally {
    if (removeTmp) {
      try {
        fs.remove(tmp);
      } catch {
        // Nothing more can be done; the temporary folder's name says which process left it.
      }
    }
  }
}

function attemptOrUndefined<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}
