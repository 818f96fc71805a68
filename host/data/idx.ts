// MNIST's idx files (also Fashion-MNIST's and KMNIST's), as distributed:
//
//   images  train-images-idx3-ubyte   magic 0x00000803, N, rows, cols (u32
//                                     big-endian), then N·rows·cols pixel bytes
//   labels  train-labels-idx1-ubyte   magic 0x00000801, N, then N label bytes
//
// optionally gzipped (.gz, read whole and inflated in memory: a gzip stream
// cannot be read at an offset); "train-images.idx3-ubyte" (a dot, as some
// mirrors spell it) is accepted too. The prefix names the split: "train",
// "t10k" for the test set. Uncompressed images are read sample by sample
// from the file. Every problem is a DataError naming the file.

import { closeSync, fstatSync, readdirSync, readSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { elementCount, type Graph } from "../../core/ir/graph.js";
import { classifierFields, classSource } from "./class_source.js";
import { FileReadError, readRegularFile } from "../../core/io/read_regular_file.js";
import { DataError, MAX_NPY_BYTES } from "./npy.js";
import { bufferRecords, fileRecords, openForReading, type Records } from "./records.js";
import type { DataOptions, DataSource } from "./source.js";

export const IDX_IMAGES = /^(.+?)-images[.-]idx3-ubyte(\.gz)?$/;
export const IDX_LABELS = /^(.+?)-labels[.-]idx1-ubyte(\.gz)?$/;

/** The largest gzipped idx file inflated in memory (MNIST's images are 47 MB). */
const MAX_INFLATED = 2 ** 31;

interface IdxFile {
  readonly file: string;
  /** Dimensions after the magic: [N] or [N, rows, cols]. */
  readonly dims: readonly number[];
  /** Where the data starts. */
  readonly offset: number;
  /** The whole file, when it was gzipped; else undefined (read from disk). */
  readonly bytes?: Uint8Array;
}

/** The image/label file pair of a split: the split asked for, else the only one. */
function findPair(dir: string, split: "train" | "test"): { images: string; labels: string } {
  const names = readdirSync(dir).sort();
  const prefixes = [...new Set(names.map((n) => IDX_IMAGES.exec(n)?.[1]).filter((p): p is string => p !== undefined))];
  const wanted = split === "train" ? "train" : "t10k";
  const prefix = prefixes.includes(wanted) ? wanted : prefixes.length === 1 ? prefixes[0]! : undefined;
  if (prefix === undefined) {
    throw new DataError(`${dir}: holds MNIST images of the splits ${prefixes.join(", ")} and none is '${wanted}'; keep one split per folder`);
  }
  const images = names.find((n) => IDX_IMAGES.exec(n)?.[1] === prefix)!;
  const labels = names.find((n) => IDX_LABELS.exec(n)?.[1] === prefix);
  if (!labels) throw new DataError(`${join(dir, images)}: no label file beside it (expected ${prefix}-labels-idx1-ubyte, optionally .gz)`);
  return { images: join(dir, images), labels: join(dir, labels) };
}

function readHeader(file: string, want: 1 | 3): IdxFile {
  const magic = 0x800 + want;
  const headerBytes = 4 + 4 * want;
  let bytes: Uint8Array | undefined;
  let length: number;
  let head: Uint8Array;
  if (file.endsWith(".gz")) {
    try {
      bytes = gunzipSync(readWhole(file), { maxOutputLength: MAX_INFLATED });
    } catch (e) {
      if (e instanceof DataError) throw e;
      throw new DataError(`${file}: cannot inflate the gzip data: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    length = bytes.length;
    head = bytes.subarray(0, headerBytes);
  } else {
    const fd = openForReading(file);
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) throw new DataError(`${file}: not a regular file`);
      length = st.size;
      head = new Uint8Array(headerBytes);
      readSync(fd, head, 0, headerBytes, 0);
    } finally {
      closeSync(fd);
    }
  }
  if (length < headerBytes) throw new DataError(`${file}: truncated idx header (${length} bytes, the header alone is ${headerBytes})`);
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const got = view.getUint32(0, false);
  if (got !== magic) throw new DataError(`${file}: not an idx${want} file of unsigned bytes (magic 0x${got.toString(16).padStart(8, "0")}, expected 0x${magic.toString(16).padStart(8, "0")})`);
  const dims = Array.from({ length: want }, (_, k) => view.getUint32(4 + 4 * k, false));
  const need = headerBytes + elementCount(dims);
  if (length !== need) {
    throw new DataError(`${file}: ${length < need ? "truncated" : "has extra bytes"}: the header says ${dims.join(" × ")} bytes of data, so ${need} bytes in all, but the ${bytes ? "inflated " : ""}file has ${length}`);
  }
  return { file, dims, offset: headerBytes, bytes };
}

function readWhole(file: string): Uint8Array {
  try {
    return readRegularFile(file, MAX_NPY_BYTES, "a gzipped idx file");
  } catch (e) {
    if (e instanceof FileReadError) throw new DataError(e.message, { cause: e });
    throw e;
  }
}

/** An MNIST-style folder as a data source for `graph` (one image input, one class label). */
export function openIdx(dir: string, graph: Graph, opts: DataOptions): DataSource {
  const fields = classifierFields(graph, dir, "an MNIST idx folder");
  const pair = findPair(dir, opts.split ?? "train");
  const images = readHeader(pair.images, 3);
  const labels = readHeader(pair.labels, 1);
  const [n, rows, cols] = images.dims as [number, number, number];
  if (labels.dims[0] !== n) throw new DataError(`${pair.labels}: holds ${labels.dims[0]} labels, but ${pair.images} holds ${n} images; the two files must agree`);
  if (n === 0) throw new DataError(`${pair.images}: holds no images`);
  const size = rows * cols;
  const records: Records = images.bytes
    ? bufferRecords(images.bytes, images.offset, n, size, pair.images)
    : fileRecords([{ file: pair.images, count: n, offset: images.offset, stride: size }], size);
  const labelBytes = (labels.bytes ?? readWhole(pair.labels)).slice(labels.offset);
  return classSource(
    {
      dir,
      format: "mnist",
      description: `MNIST idx files ${pair.images.slice(dir.length + 1)}, ${n} images of 1×${rows}×${cols}`,
      fields,
      records,
      labels: labelBytes,
      chw: [1, rows, cols],
      labelFile: pair.labels,
    },
    opts,
  );
}
