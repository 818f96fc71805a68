// Opens a data folder in any layout dlc reads (detect.ts, or opts.format):
// a folder of .npy files (dataset.ts; returned as the plain in-memory
// Dataset when nothing transforms it, exactly as before), MNIST idx files
// (idx.ts), CIFAR-10 binary batches (cifar.ts) or an image folder per class
// (image_folder.ts). Every problem with the data is a DataError naming the
// file or folder.

import { statSync } from "node:fs";
import type { Graph } from "../../core/ir/graph.js";
import { openCifar10 } from "./cifar.js";
import { loadDataset } from "./dataset.js";
import { detectFormat } from "./detect.js";
import { openIdx } from "./idx.js";
import { openImageFolder } from "./image_folder.js";
import { DataError } from "./npy.js";
import { transformedNpy } from "./npy_source.js";
import type { Data, DataOptions } from "./source.js";
import { augments } from "./transforms.js";

export interface OpenOptions extends DataOptions {
  /** Images decoded so far, for a progress line while an image folder opens. */
  readonly onProgress?: (done: number, total: number) => void;
}

export async function openDataset(dir: string, graph: Graph, opts: OpenOptions = {}): Promise<Data> {
  const format = opts.format ?? detectFormat(dir);
  if (format === "npy") {
    const ds = loadDataset(dir, graph);
    return opts.normalize || augments(opts.augment) ? transformedNpy(ds, opts) : ds;
  }
  let folder = false;
  try {
    folder = statSync(dir).isDirectory();
  } catch {
    throw new DataError(`${dir}: no such data folder`);
  }
  if (!folder) throw new DataError(`${dir}: not a folder (--format ${format} reads a folder)`);
  if (opts.resize && format !== "images") throw new DataError(`${dir}: --resize applies to image folders; ${format} images have a fixed size`);
  switch (format) {
    case "mnist":
      return openIdx(dir, graph, opts);
    case "cifar10":
      return openCifar10(dir, graph, opts);
    case "images":
      return openImageFolder(dir, graph, opts, opts.onProgress);
  }
}
