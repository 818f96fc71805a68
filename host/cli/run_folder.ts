// `dlc train --out DIR`, checked and claimed before any training work:
//
// - DIR must be a folder or creatable as one; a path that is a file, a
//   read-only mount, a parent that is a file: exit 1 with the path and the
//   reason (these are the user's file system, not bugs in dlc);
// - DIR is locked for the run (run_lock.ts), so two runs cannot write it;
// - an existing DIR/last.safetensors is another run's result, and a fresh
//   run would replace it (epoch 6 by epoch 1): refused unless the user says
//   --overwrite, or --resume continues from that very file.
//
// The checkpoint check comes after taking the lock, so that the answer
// cannot change before this run writes.

import { realpathSync, statSync } from "node:fs";
import { join } from "node:path";
import { fsReason } from "../../core/io/fs_reason.js";
import { makeFolder } from "../../core/io/make_folder.js";
import { acquireRunLock, LockError, type RunLock } from "./run_lock.js";

export const CHECKPOINT_NAME = "last.safetensors";

/** A refusal, with the exit code it deserves (always 1: the user's files or file system). */
export class RunFolderError extends Error {}

export interface RunFolder {
  readonly dir: string;
  readonly checkpoint: string;
  readonly lock: RunLock;
}

export interface RunFolderOptions {
  /** The checkpoint this run resumes from, if any. */
  readonly resume?: string;
  /** Replace an existing checkpoint without asking. */
  readonly overwrite?: boolean;
  /** Hears notes (a stale lock taken over). */
  readonly note: (message: string) => void;
}

/** Whether two paths name the same file (symbolic links and relative paths resolved); false when either is missing. */
function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

/** Makes the run folder, locks it and checks its checkpoint; throws RunFolderError or LockError (both: exit 1, message as is). */
export function claimRunFolder(dir: string, o: RunFolderOptions): RunFolder {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
    if (!isDir) throw new RunFolderError(`--out '${dir}' is a file, not a folder; give a folder for the run's checkpoint`);
  } catch (e) {
    if (e instanceof RunFolderError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== "ENOENT") throw new RunFolderError(`cannot use --out '${dir}': ${fsReason(e)}`);
  }
  if (!isDir) {
    try {
      makeFolder(dir);
    } catch (e) {
      throw new RunFolderError(`cannot create the run folder --out '${dir}': ${fsReason(e)}`);
    }
  }
  let lock: RunLock;
  try {
    lock = acquireRunLock(dir, o.note);
  } catch (e) {
    if (e instanceof LockError) throw new RunFolderError(e.message);
    throw e;
  }
  const checkpoint = join(dir, CHECKPOINT_NAME);
  try {
    let exists = false;
    try {
      statSync(checkpoint);
      exists = true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw new RunFolderError(`cannot use --out '${dir}': cannot look at '${checkpoint}': ${fsReason(e)}`);
    }
    const continuing = o.resume !== undefined && sameFile(o.resume, checkpoint);
    if (exists && !o.overwrite && !continuing) {
      const other = o.resume === undefined ? "" : ` (it is not the checkpoint --resume reads, '${o.resume}')`;
      throw new RunFolderError(
        `'${checkpoint}' already holds a checkpoint${other}, which this run would replace; ` +
          `continue that run with --resume '${checkpoint}', replace it with --overwrite, or choose another --out`,
      );
    }
    return { dir, checkpoint, lock };
  } catch (e) {
    lock.release();
    throw e;
  }
}
