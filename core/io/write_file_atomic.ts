// Writing a whole file so that readers see the old one or the new one, never
// half of either: checkpoints (saveCheckpoint) and `dlc run`'s outputs.
// A temporary file in the same folder is written, fsynced and renamed over
// the target, then the folder is fsynced (best effort). On any error the
// temporary file is removed and the target is untouched.

import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fsCode, fsReason } from "./fs_reason.js";

/** A file that could not be written; `reason` says why in the user's words. */
export class FileWriteError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`cannot write '${path}': ${reason}`, options);
    this.name = "FileWriteError";
  }
}

export interface AtomicWriteOptions {
  /** Bytes per write call (default 8 MiB). */
  readonly chunkBytes?: number;
  /** Called after each chunk reaches the temporary file; for tests that interrupt a write. */
  readonly afterChunk?: (written: number, total: number) => void;
}

/** Writes `bytes` to `path` atomically; file-system failures are FileWriteErrors, anything else is rethrown. */
export function writeFileAtomic(path: string, bytes: Uint8Array, opts: AtomicWriteOptions = {}): void {
  const chunk = opts.chunkBytes ?? 8 << 20;
  if (!Number.isSafeInteger(chunk) || chunk < 1) throw new RangeError(`chunkBytes must be a positive integer, got ${chunk}`);
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(6).toString("hex")}`;
  let fd: number | undefined;
  try {
    fd = openSync(tmp, "wx", 0o644);
    let written = 0;
    while (written < bytes.length) {
      written += writeSync(fd, bytes, written, Math.min(chunk, bytes.length - written));
      opts.afterChunk?.(written, bytes.length);
    }
    fsyncSync(fd);
    const f = fd;
    fd = undefined;
    closeSync(f);
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // already failing; the original error matters
      }
    }
    try {
      unlinkSync(tmp);
    } catch {
      // never created, or already gone
    }
    if (fsCode(e) !== undefined) throw new FileWriteError(path, fsReason(e), { cause: e });
    throw e;
  }
  syncFolder(dirname(resolve(path)));
}

/** Makes the rename durable where the platform allows it (not on Windows, where opening a folder fails). */
function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch {
    // best effort
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
