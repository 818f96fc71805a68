// A folder of .npy files with normalisation or augmentation: the in-memory
// Dataset (dataset.ts) read through the same transforms as the image
// sources. The network needs one float input; normalisation reads its
// first axis as the channels ([C, H, W]; another rank takes one mean/std for
// every value), augmentation needs [C, H, W]. Values are taken as they are
// in the file (uint8 already scaled to [0, 1] by the loader).

import { elementCount, formatShape } from "../../core/ir/graph.js";
import type { Tensor } from "../../core/tensor/tensor.js";
import { checkNormalization } from "./class_source.js";
import { gatherBatch, type Dataset } from "./dataset.js";
import { DataError } from "./npy.js";
import type { DataOptions, DataSource } from "./source.js";
import { augmentSample, augments, normalizeSample, sampleRng } from "./transforms.js";

export function transformedNpy(ds: Dataset, opts: DataOptions): DataSource {
  const floats = ds.fields.filter((f) => f.role === "input" && f.dtype === "f32");
  const input = floats[0];
  if (floats.length !== 1 || !input) throw new DataError(`${ds.dir}: normalisation and augmentation apply to a network with one float input; this one has ${floats.length}`);
  const shape = input.shape;
  const image = shape.length === 3 ? ([shape[0]!, shape[1]!, shape[2]!] as const) : undefined;
  const augmentation = augments(opts.augment) ? opts.augment : undefined;
  if (augmentation && !image) throw new DataError(`${input.file}: augmentation needs an input of shape [C, H, W], but input '${input.name}' is ${formatShape(shape)}`);
  if (augmentation && opts.seed === undefined) throw new Error("internal: augmentation needs the run's seed");
  const channels = image ? image[0] : 1;
  const plane = elementCount(shape) / channels;
  checkNormalization(opts.normalize, channels, input.file);
  return {
    dir: ds.dir,
    format: "npy",
    size: ds.size,
    fields: ds.fields,
    description: `.npy folder, ${ds.size} samples`,
    read(indices, epoch) {
      const feeds: Map<string, Tensor> = gatherBatch(ds, indices);
      const x = feeds.get(input.name)!;
      const per = plane * channels;
      indices.forEach((idx, b) => {
        let s: Float64Array = Float64Array.from(x.data.subarray(b * per, (b + 1) * per));
        if (augmentation && image && epoch !== undefined) s = augmentSample(s, image, augmentation, sampleRng(opts.seed!, epoch, idx));
        if (opts.normalize) normalizeSample(s, channels, plane, opts.normalize);
        x.data.set(s, b * per);
      });
      return feeds;
    },
    close() {},
  };
}
