// An image-classification source: uint8 records of C×H×W pixels (channel
// planes) and one class index per record, as MNIST, CIFAR-10 and image
// folders all are. It feeds a network with one float input and one integer
// class label (cross_entropy), checked by classifierFields before any file
// is decoded.
//
// A batch: bytes → /255 (the usual image convention, as uint8 .npy) →
// augmentation (training batches only) → normalisation → the input's shape
// (a flat input such as [784] takes the C·H·W values in order).

import { elementCount, formatShape, type Graph } from "../../core/ir/graph.js";
import type { Tensor } from "../../core/tensor/tensor.js";
import { datasetSpec, type FieldSpec } from "./dataset.js";
import { DataError } from "./npy.js";
import type { Records } from "./records.js";
import type { DataFormat, DataOptions, DataSource } from "./source.js";
import { augmentSample, augments, normalizeSample, sampleRng, type Normalization } from "./transforms.js";

export interface ClassifierFields {
  readonly input: FieldSpec;
  readonly label: FieldSpec;
  /** The class axis of the output the label's loss reads. */
  readonly classes: number;
}

/** The network's image input and class label, or a DataError saying why `what` in `dir` cannot feed it. */
export function classifierFields(graph: Graph, dir: string, what: string): ClassifierFields {
  const specs = datasetSpec(graph);
  const inputs = specs.filter((s) => s.role === "input");
  const labels = specs.filter((s) => s.role === "label");
  const input = inputs[0];
  const label = labels[0];
  const list = (fs: FieldSpec[]) => (fs.length === 0 ? "none" : fs.map((f) => `'${f.name}' ${f.dtype} ${formatShape(f.shape)}`).join(", "));
  if (inputs.length !== 1 || labels.length !== 1 || input!.dtype !== "f32" || label!.dtype !== "i32" || label!.shape.length !== 0 || label!.classes === undefined) {
    throw new DataError(
      `${dir}: ${what} holds one image and one class index per sample, so the network needs one float input and one class label (cross_entropy with label: int); ` +
        `network '${graph.name}' has inputs ${list(inputs)} and labels ${list(labels)}; use a folder of .npy files (--format npy) for other networks`,
    );
  }
  return { input: input!, label: label!, classes: label!.classes! };
}

/** Checks that records of shape C×H×W fit the input; `from` names them in the message. */
export function checkGeometry(input: FieldSpec, chw: readonly [number, number, number], from: string): void {
  const size = chw[0] * chw[1] * chw[2];
  const per = elementCount(input.shape);
  const same = input.shape.length === 3 ? input.shape.every((d, k) => d === chw[k]) : per === size;
  if (!same) throw new DataError(`${from}: holds images of ${formatShape(chw)}, but input '${input.name}' takes ${formatShape(input.shape)} per sample`);
}

/** Checks normalisation values against the channel count. */
export function checkNormalization(n: Normalization | undefined, channels: number, from: string): void {
  if (!n) return;
  for (const [what, v] of [["mean", n.mean], ["std", n.std]] as const) {
    if (v.length !== 1 && v.length !== channels) throw new DataError(`${from}: the normalisation's ${what} has ${v.length} values, but the images have ${channels} channel(s); give ${channels} or one`);
  }
  if (n.std.some((s) => !(s > 0))) throw new DataError(`${from}: the normalisation's std must be > 0, got ${n.std.join(", ")}`);
}

export interface ClassSourceParts {
  readonly dir: string;
  readonly format: DataFormat;
  readonly description: string;
  readonly fields: ClassifierFields;
  readonly records: Records;
  /** Record `i`'s class index. */
  readonly labels: Uint8Array | Int32Array;
  /** The records' geometry, channel planes. */
  readonly chw: readonly [number, number, number];
  /** Where the labels come from, for the fields' messages. */
  readonly labelFile: string;
}

export function classSource(p: ClassSourceParts, opts: DataOptions): DataSource {
  const { input, label, classes } = p.fields;
  checkGeometry(input, p.chw, p.dir);
  checkNormalization(opts.normalize, p.chw[0], p.dir);
  const augmentation = augments(opts.augment) ? opts.augment : undefined;
  if (augmentation && opts.seed === undefined) throw new Error("internal: augmentation needs the run's seed");
  for (let i = 0; i < p.labels.length; i++) {
    const v = p.labels[i]!;
    if (v >= classes) throw new DataError(`${p.labelFile}: label ${v} of sample ${i} is not a class index in 0..${classes - 1} (${label.usedBy} has ${classes} classes)`);
  }
  const [c, h, w] = p.chw;
  const per = c * h * w;
  const bytes = new Uint8Array(p.records.size);
  return {
    dir: p.dir,
    format: p.format,
    size: p.records.count,
    description: p.description,
    fields: [
      { ...input, file: p.dir },
      { ...label, file: p.labelFile },
    ],
    read(indices, epoch) {
      const x = new Float64Array(indices.length * per);
      const y = new Float64Array(indices.length);
      indices.forEach((idx, b) => {
        p.records.read(idx, bytes);
        let s: Float64Array = new Float64Array(per);
        for (let k = 0; k < per; k++) s[k] = bytes[k]! / 255;
        if (augmentation && epoch !== undefined) s = augmentSample(s, p.chw, augmentation, sampleRng(opts.seed!, epoch, idx));
        if (opts.normalize) normalizeSample(s, c, h * w, opts.normalize);
        x.set(s, b * per);
        y[b] = p.labels[idx]!;
      });
      const feeds = new Map<string, Tensor>();
      feeds.set(input.name, { shape: [indices.length, ...input.shape], data: x });
      feeds.set(label.name, { shape: [indices.length], data: y });
      return feeds;
    },
    close: () => p.records.close(),
  };
}
