// Writing an export's files together: every file goes to a temporary name in
// its folder first, and only when all are written and synced are they
// renamed into place, so that a failure (a full disk, a folder that cannot
// be written) leaves nothing behind: no half-written file, and no new .py
// beside an old .safetensors.

import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { fsCode, fsReason } from "../../../core/io/fs_reason.js";
import { FileWriteError } from "../../../core/io/write_file_atomic.js";

export interface OutFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

function writeTemp(path: string, bytes: Uint8Array): string {
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(6).toString("hex")}`;
  let fd: number | undefined;
  try {
    fd = openSync(tmp, "wx", 0o644);
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, Math.min(8 << 20, bytes.length - at));
    fsyncSync(fd);
  } catch (e) {
    removeQuietly(tmp);
    throw fsCode(e) !== undefined ? new FileWriteError(path, fsReason(e), { cause: e }) : e;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return tmp;
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // never created, or already gone
  }
}

/** Writes every file or none; file-system failures are FileWriteErrors naming the file. */
export function writeFilesTogether(files: readonly OutFile[]): void {
  const temps: string[] = [];
  try {
    for (const f of files) temps.push(writeTemp(f.path, f.bytes));
  } catch (e) {
    temps.forEach(removeQuietly);
    throw e;
  }
  for (let i = 0; i < files.length; i++) {
    try {
      renameSync(temps[i]!, files[i]!.path);
    } catch (e) {
      temps.slice(i).forEach(removeQuietly);
      throw fsCode(e) !== undefined ? new FileWriteError(files[i]!.path, fsReason(e), { cause: e }) : e;
    }
  }
}
