// What the training loops read batches from. A folder of .npy files is a
// Dataset (dataset.ts), held in memory; every other source is a DataSource
// that produces a batch when asked (read), decoding only the samples named.
// readBatch takes either, so the loops need not know which they have.
//
// A DataSource's read(indices, epoch) augments the samples when the source
// was opened with an augmentation and `epoch` is given (training batches);
// without `epoch` (evaluation, validation) it never augments.

import type { Tensor } from "../../core/tensor/tensor.js";
import { gatherBatch, type Dataset, type FieldSpec } from "./dataset.js";
import type { Augmentation, Normalization } from "./transforms.js";

export type DataFormat = "npy" | "images" | "mnist" | "cifar10";
export const DATA_FORMATS: readonly DataFormat[] = ["npy", "images", "mnist", "cifar10"];

/** How to read a data folder; everything optional. */
export interface DataOptions {
  /** The layout; default: detected (detect.ts). */
  readonly format?: DataFormat;
  /**
   * Which split of a folder that holds both (MNIST's train-/t10k- files,
   * CIFAR-10's data_batch_N/test_batch): "train" for training data, "test"
   * for validation and evaluation. A folder with one split is read as it is.
   */
  readonly split?: "train" | "test";
  /** Image folders: scale every image to the network's input size ("cover": keep the aspect, centre crop; "fill": stretch). */
  readonly resize?: "cover" | "fill";
  readonly normalize?: Normalization;
  /** Training data only; needs `seed`. */
  readonly augment?: Augmentation;
  /** The run's seed (augmentation draws from it, the epoch and the sample index). */
  readonly seed?: number;
}

export interface SourceField extends FieldSpec {
  /** The file or folder it is read from, for messages. */
  readonly file: string;
}

export interface DataSource {
  readonly dir: string;
  readonly format: DataFormat;
  /** N, the sample count. */
  readonly size: number;
  /** Inputs first, then labels, as datasetSpec orders them. */
  readonly fields: readonly SourceField[];
  /** One line for the user: "image folder, 3 classes (circle, square, triangle), 120 images as 1×16×16". */
  readonly description: string;
  /** Batched feeds [b, ...shape] of the samples at `indices`, in that order; augmented when `epoch` is given and the source augments. */
  read(indices: readonly number[], epoch?: number): Map<string, Tensor>;
  /** Releases open files. */
  close(): void;
}

/** Either kind of data the loops take. */
export type Data = Dataset | DataSource;

function isSource(d: Data): d is DataSource {
  return "read" in d;
}

/** The feeds for the samples at `indices`; `epoch` only for training batches (it selects the augmentation). */
export function readBatch(data: Data, indices: readonly number[], epoch?: number): Map<string, Tensor> {
  return isSource(data) ? data.read(indices, epoch) : gatherBatch(data, indices);
}
