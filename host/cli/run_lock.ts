// The lock of a run folder: `dlc train --out DIR` holds DIR/.dlc-train.lock
// for as long as it may write DIR, so that a second run on the same folder
// is refused instead of both writing last.safetensors and one run being
// lost without a word.
//
// The lock is a small JSON file {pid, host, started, token} created with
// O_CREAT | O_EXCL (the "wx" flag): of two runs starting at once exactly one
// creates it. A lock whose process is gone (killed by kill -9, a crash, a
// power cut) must not block the folder forever: when its host is this
// machine and no process has its pid, it is stale and is taken over, with
// a note. A lock from another host cannot be checked from here, so it is
// refused with a message that says how to remove it.
//
// Release: the holder removes the file on every way out: normal return,
// errors (the caller's finally), process.exit and SIGINT/SIGTERM/SIGHUP
// (handlers that release, then die of the same signal). Only kill -9 leaves
// a lock, which the next run finds stale.

import { randomUUID } from "node:crypto";
import { closeSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { quoted } from "../../core/diagnostics/printable.js";
import { FileReadError, readRegularFile } from "../../core/io/read_regular_file.js";

export const LOCK_NAME = ".dlc-train.lock";

/** A lock file's contents. */
export interface LockInfo {
  readonly pid: number;
  readonly host: string;
  /** ISO time the run started. */
  readonly started: string;
  /** Unique per run: tells our lock from one that replaced it. */
  readonly token: string;
}

/** Why a lock could not be taken: held by a live run, or the folder cannot be written. */
export class LockError extends Error {}

export interface RunLock {
  readonly path: string;
  /** Removes the lock if it is still ours; safe to call twice. */
  release(): void;
}

/** A lock file is a few hundred bytes; anything far larger is not ours. */
const MAX_LOCK_BYTES = 4096;

function parseLock(bytes: Uint8Array): LockInfo | undefined {
  try {
    const v: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof v !== "object" || v === null) return undefined;
    const o = v as Record<string, unknown>;
    if (!Number.isSafeInteger(o.pid) || typeof o.host !== "string" || typeof o.started !== "string" || typeof o.token !== "string") return undefined;
    return { pid: o.pid as number, host: o.host, started: o.started, token: o.token };
  } catch {
    return undefined;
  }
}

/** The lock at `path` as it is now: its contents, "unreadable" (empty, foreign or being written), or undefined when there is none. */
function readLock(path: string): LockInfo | "unreadable" | undefined {
  try {
    return parseLock(readRegularFile(path, MAX_LOCK_BYTES, "a lock file")) ?? "unreadable";
  } catch (e) {
    if (e instanceof FileReadError && e.problem === "missing") return undefined;
    return "unreadable";
  }
}

/** Whether a process with this pid runs on this machine (EPERM: it runs, as another user). */
function alive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

const errnoText = (e: unknown) => {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `${err.code}: ${err.message.replace(/^[A-Z]+: /, "").replace(/, open .*$/, "")}` : String(e);
};

function describe(info: LockInfo): string {
  return `pid ${info.pid} on host '${quoted(info.host, 80)}', started ${quoted(info.started, 40)}`;
}

/** Creates the lock file; false when one exists. */
function create(path: string, info: LockInfo): boolean {
  let fd: number;
  try {
    fd = openSync(path, "wx", 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw new LockError(`cannot write in the run folder: cannot create '${path}' (${errnoText(e)})`);
  }
  try {
    writeSync(fd, JSON.stringify(info) + "\n");
  } catch (e) {
    closeSync(fd);
    unlinkSync(path);
    throw new LockError(`cannot write in the run folder: cannot write '${path}' (${errnoText(e)})`);
  }
  closeSync(fd);
  return true;
}

/**
 * Moves a stale lock aside and checks that what moved is the stale one: if
 * another run took the lock over between our read and our rename, we moved
 * its live lock, and put it back.
 */
function removeStale(path: string, stale: LockInfo): boolean {
  const aside = `${path}.stale-${process.pid}-${randomUUID()}`;
  try {
    renameSync(path, aside);
  } catch {
    return false; // gone already: someone else removed it
  }
  const moved = readLock(aside);
  if (moved === undefined || moved === "unreadable" || moved.token !== stale.token) {
    try {
      renameSync(aside, path);
    } catch {
      // the folder changed under us; the retry below reports what it finds
    }
    return false;
  }
  unlinkSync(aside);
  return true;
}

let exitHooked = false;
const held = new Set<RunLock>();

/** Releases every held lock when the process leaves by process.exit or a terminating signal. */
function hookExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  process.on("exit", () => {
    for (const l of [...held]) l.release();
  });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      for (const l of [...held]) l.release();
      // Die of the same signal, as the default handler would (exit status 128 + n).
      process.kill(process.pid, signal);
    });
  }
}

/**
 * Takes the lock of run folder `dir` (which exists). Throws LockError when a
 * live run holds it or the folder cannot be written; `note` hears of a
 * stale lock taken over.
 */
export function acquireRunLock(dir: string, note: (message: string) => void): RunLock {
  const path = join(dir, LOCK_NAME);
  const info: LockInfo = { pid: process.pid, host: hostname(), started: new Date().toISOString(), token: randomUUID() };
  // Two rounds: the second after removing a stale lock. A lock that is back
  // by then belongs to a run that started meanwhile.
  for (let round = 0; round < 2; round++) {
    if (create(path, info)) {
      let released = false;
      const lock: RunLock = {
        path,
        release() {
          if (released) return;
          released = true;
          held.delete(lock);
          const now = readLock(path);
          if (now !== undefined && now !== "unreadable" && now.token === info.token) {
            try {
              unlinkSync(path);
            } catch {
              // best effort: a lock left behind is found stale by the next run
            }
          }
        },
      };
      held.add(lock);
      hookExit();
      return lock;
    }
    const other = readLock(path);
    if (other === undefined) continue; // released between our try and our read
    if (other === "unreadable") {
      throw new LockError(
        `the run folder '${dir}' is locked by '${path}', which is not a lock dlc can read (a run starting this instant, or a damaged file); ` +
          `if no dlc train is using '${dir}', delete '${path}' and try again`,
      );
    }
    const here = other.host === info.host;
    if (here && !alive(other.pid) && round === 0) {
      if (removeStale(path, other)) note(`took over the stale lock '${path}' of a run that is no longer running (${describe(other)})`);
      continue;
    }
    const check = here ? "" : ` (dlc cannot tell from here whether a run on another host still runs)`;
    throw new LockError(
      `another dlc train is using the run folder '${dir}': ${describe(other)}${check}; ` +
        `wait for it to finish, or use another --out; if that run is over, delete '${path}'`,
    );
  }
  throw new LockError(`the run folder '${dir}' is locked by '${path}' again right after a stale lock was removed: another run started meanwhile; use another --out`);
}
