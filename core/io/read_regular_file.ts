// Every file dlc reads from a user's command line (.net sources, .npy data,
// checkpoints) comes through here. Only regular files are read, and only
// up to a size limit: a FIFO would block the process forever, /dev/zero
// would grow memory without bound, and a folder or a symlink loop deserves
// its own message rather than "no such file". The file is opened
// non-blocking and checked with fstat on the same descriptor, so that what
// is checked is what is read.

import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { fsReason } from "./fs_reason.js";

export type FileProblem = "missing" | "folder" | "not-regular" | "too-large" | "loop" | "denied" | "unreadable";

/** A file that cannot be read, with a message that names it and says why. */
export class FileReadError extends Error {
  constructor(
    readonly path: string,
    readonly problem: FileProblem,
    message: string,
  ) {
    super(message);
    this.name = "FileReadError";
  }
}

const mib = (n: number) => `${(n / 1048576).toFixed(1)} MiB`;

/** Why opening failed, in the user's terms. */
function openProblem(path: string, e: unknown): FileReadError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT" || code === "ENOTDIR") return new FileReadError(path, "missing", `cannot read '${path}': no such file`);
  if (code === "ELOOP") return new FileReadError(path, "loop", `cannot read '${path}': a loop of symbolic links`);
  if (code === "EACCES" || code === "EPERM") return new FileReadError(path, "denied", `cannot read '${path}': permission denied`);
  if (code === "EISDIR") return new FileReadError(path, "folder", `cannot read '${path}': it is a folder, not a file`);
  return new FileReadError(path, "unreadable", `cannot read '${path}': ${fsReason(e)}`);
}

/**
 * Opens a regular file of at most `maxBytes` bytes for reading, checked on
 * the opened descriptor; the caller closes `fd`. For readers that read a
 * file in parts (MNIST's and CIFAR-10's records) rather than whole.
 */
export function openRegularFile(path: string, maxBytes: number, what = "a file"): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw openProblem(path, e);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new FileReadError(path, "folder", `cannot read '${path}': it is a folder, not ${what}`);
    if (!st.isFile()) throw new FileReadError(path, "not-regular", `cannot read '${path}': not a regular file (a device, FIFO or socket); expected ${what}`);
    if (st.size > maxBytes) throw new FileReadError(path, "too-large", `${path}: file is ${mib(st.size)}; dlc reads ${what} up to ${mib(maxBytes)}`);
    return { fd, size: st.size };
  } catch (e) {
    closeSync(fd);
    if (e instanceof FileReadError) throw e;
    throw openProblem(path, e);
  }
}

/**
 * The bytes of a regular file of at most `maxBytes` bytes; `what` names the
 * kind of file in the messages ("a .net source file").
 */
export function readRegularFile(path: string, maxBytes: number, what = "a file"): Uint8Array {
  const { fd, size } = openRegularFile(path, maxBytes, what);
  try {
    // Read exactly the size fstat gave: a file that grows meanwhile is read as it was.
    const bytes = new Uint8Array(size);
    let done = 0;
    while (done < bytes.length) {
      const n = readSync(fd, bytes, done, bytes.length - done, done);
      if (n === 0) break;
      done += n;
    }
    return done === bytes.length ? bytes : bytes.subarray(0, done);
  } catch (e) {
    throw openProblem(path, e);
  } finally {
    closeSync(fd);
  }
}
