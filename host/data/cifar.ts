// CIFAR-10's binary batches (cifar-10-binary.tar.gz, the folder
// cifar-10-batches-bin): data_batch_1.bin … data_batch_5.bin for training,
// test_batch.bin for testing. Each file is a run of 3073-byte records:
//
//   1 label byte (0–9), then 3072 pixel bytes: the 1024 red values of the
//   32×32 image row by row, then the green, then the blue (channel planes,
//   C×H×W as the network takes them)
//
// Training reads data_batch_* (in their numeric order); testing test_batch;
// a folder with only one of them is read as it is. The labels are read
// when the source opens (one byte a record); the pixels sample by sample
// when a batch needs them. The Python version (pickled data_batch_1 without
// .bin) is recognised and refused with a message saying which to get.

import { closeSync, fstatSync, readdirSync, readSync } from "node:fs";
import { join } from "node:path";
import type { Graph } from "../../core/ir/graph.js";
import { classifierFields, classSource } from "./class_source.js";
import { DataError } from "./npy.js";
import { fileRecords, openForReading, type RecordSpan } from "./records.js";
import type { DataOptions, DataSource } from "./source.js";

export const CIFAR_TRAIN = /^data_batch_(\d+)\.bin$/;
export const CIFAR_TEST = /^test_batch\.bin$/;
/** The Python version's files, which are pickles. */
export const CIFAR_PICKLE = /^(data_batch_\d+|test_batch)$/;

const RECORD = 3073;
const PIXELS = 3072;

function batchFiles(dir: string, split: "train" | "test"): string[] {
  const names = readdirSync(dir);
  const train = names.filter((n) => CIFAR_TRAIN.test(n)).sort((a, b) => Number(CIFAR_TRAIN.exec(a)![1]) - Number(CIFAR_TRAIN.exec(b)![1]));
  const test = names.filter((n) => CIFAR_TEST.test(n));
  if (train.length === 0 && test.length === 0) {
    const pickled = names.find((n) => CIFAR_PICKLE.test(n));
    if (pickled) throw new DataError(`${join(dir, pickled)}: the Python version of CIFAR-10 (pickled); dlc reads the binary version (cifar-10-binary.tar.gz: data_batch_1.bin … test_batch.bin)`);
    throw new DataError(`${dir}: no CIFAR-10 batches (data_batch_1.bin … data_batch_5.bin, test_batch.bin)`);
  }
  const chosen = split === "train" ? (train.length > 0 ? train : test) : test.length > 0 ? test : train;
  return chosen.map((n) => join(dir, n));
}

/** The labels of one batch file, every record's first byte; checks that the file is whole records. */
function readLabels(file: string): Uint8Array {
  const fd = openForReading(file);
  try {
    const size = fstatSync(fd).size;
    if (size === 0) throw new DataError(`${file}: empty (a CIFAR-10 batch is records of ${RECORD} bytes: 1 label byte and ${PIXELS} pixel bytes)`);
    if (size % RECORD !== 0) {
      const whole = Math.floor(size / RECORD);
      throw new DataError(`${file}: truncated record: ${size} bytes is ${whole} whole record(s) of ${RECORD} bytes (1 label byte and ${PIXELS} pixel bytes) and ${size % RECORD} byte(s) of record ${whole}`);
    }
    const n = size / RECORD;
    const labels = new Uint8Array(n);
    // Records in chunks: reading one byte per record would cost a system call each.
    const per = 1024;
    const chunk = new Uint8Array(per * RECORD);
    for (let at = 0; at < n; at += per) {
      const count = Math.min(per, n - at);
      readSync(fd, chunk, 0, count * RECORD, at * RECORD);
      for (let k = 0; k < count; k++) labels[at + k] = chunk[k * RECORD]!;
    }
    return labels;
  } finally {
    closeSync(fd);
  }
}

/** A CIFAR-10 binary folder as a data source for `graph` (one image input, one class label). */
export function openCifar10(dir: string, graph: Graph, opts: DataOptions): DataSource {
  const fields = classifierFields(graph, dir, "a CIFAR-10 folder");
  const files = batchFiles(dir, opts.split ?? "train");
  const spans: RecordSpan[] = [];
  const parts: Uint8Array[] = [];
  for (const file of files) {
    const labels = readLabels(file);
    const bad = labels.findIndex((v) => v > 9);
    if (bad >= 0) throw new DataError(`${file}: record ${bad} has label ${labels[bad]}, not a CIFAR-10 class 0..9 (CIFAR-100's binary files have two label bytes and are not read)`);
    parts.push(labels);
    spans.push({ file, count: labels.length, offset: 1, stride: RECORD });
  }
  const labels = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    labels.set(p, at);
    at += p.length;
  }
  const shown = files.map((f) => f.slice(dir.length + 1)).join(", ");
  return classSource(
    {
      dir,
      format: "cifar10",
      description: `CIFAR-10 batches ${shown}, ${labels.length} images of 3×32×32`,
      fields,
      records: fileRecords(spans, PIXELS),
      labels,
      chw: [3, 32, 32],
      labelFile: files.length === 1 ? files[0]! : dir,
    },
    opts,
  );
}
