// Fixed-size records of uint8 pixels read on demand: the storage behind the
// streamed image sources. Only the offsets live in memory; a sample's bytes
// are read from its file when a batch needs it, so a data set larger than
// memory trains (the operating system's page cache keeps what fits).
//
// - fileRecords: records at `offset + i · stride` in one or more files
//   (MNIST's idx, CIFAR-10's batches), read with positioned reads;
// - bufferRecords: records already in memory (a gzipped idx file, which
//   cannot be read at an offset without inflating it);
// - a scratch file (image folders: decoded once, see image_cache.ts) is a
//   fileRecords whose file is deleted as soon as it is open, so nothing is
//   left behind however the process ends.

import { closeSync, readSync } from "node:fs";
import { FileReadError, openRegularFile } from "../../core/io/read_regular_file.js";
import { DataError, MAX_NPY_BYTES } from "./npy.js";

export interface Records {
  /** Number of records. */
  readonly count: number;
  /** Bytes of one record. */
  readonly size: number;
  /** Copies record `i` into `into` (at least `size` bytes). */
  read(i: number, into: Uint8Array): void;
  /** The file record `i` comes from, for messages. */
  fileOf(i: number): string;
  /** Closes the files (the records cannot be read afterwards). */
  close(): void;
}

/** One file's share of the records: `count` records of `size` bytes, the first at `offset`, `stride` apart. */
export interface RecordSpan {
  readonly file: string;
  readonly count: number;
  readonly offset: number;
  readonly stride: number;
  /** Shown instead of `file` in messages (a scratch file's real path means nothing to the user). */
  readonly name?: string;
}

/**
 * Opens a data file for reading: a regular file only (a FIFO would block,
 * /dev/zero would never end), up to MAX_NPY_BYTES, the most a typed array
 * holds. A failure is a DataError naming it (`name` when given).
 */
export function openForReading(file: string, name = file): number {
  try {
    return openRegularFile(file, MAX_NPY_BYTES, "a data file").fd;
  } catch (e) {
    if (e instanceof FileReadError) throw new DataError(e.message.replaceAll(file, name), { cause: e });
    throw e;
  }
}

export function fileRecords(spans: readonly RecordSpan[], size: number): Records {
  const fds = spans.map((s) => openForReading(s.file, s.name));
  // starts[k]: the index of span k's first record.
  const starts: number[] = [];
  let count = 0;
  for (const s of spans) {
    starts.push(count);
    count += s.count;
  }
  const spanOf = (i: number): number => {
    if (!(i >= 0 && i < count)) throw new Error(`internal: record ${i} outside 0..${count - 1}`);
    let lo = 0;
    let hi = spans.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  return {
    count,
    size,
    read(i, into) {
      const k = spanOf(i);
      const s = spans[k]!;
      const got = readSync(fds[k]!, into, 0, size, s.offset + (i - starts[k]!) * s.stride);
      // The files were sized when opened; a short read means one changed since.
      if (got !== size) throw new DataError(`${s.name ?? s.file}: record ${i - starts[k]!} ends early (the file changed while training?)`);
    },
    fileOf: (i) => spans[spanOf(i)]!.name ?? spans[spanOf(i)]!.file,
    close() {
      for (const fd of fds.splice(0)) closeSync(fd);
    },
  };
}

export function bufferRecords(bytes: Uint8Array, offset: number, count: number, size: number, file: string): Records {
  return {
    count,
    size,
    read(i, into) {
      if (!(i >= 0 && i < count)) throw new Error(`internal: record ${i} outside 0..${count - 1}`);
      into.set(bytes.subarray(offset + i * size, offset + (i + 1) * size));
    },
    fileOf: () => file,
    close() {},
  };
}
