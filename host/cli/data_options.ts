// The data options of `dlc train` and `dlc eval`: --format, --resize,
// --normalize, --augment. Light on purpose (registering the commands loads
// this file on every start): only types come from host/data.
//
//   --format npy|images|mnist|cifar10     default: detected from the folder
//   --resize [cover|fill]                 image folders: scale to the input
//   --normalize MEAN/STD | imagenet | cifar10 | mnist
//       MEAN and STD are one value per channel, comma-separated, or one value
//       for every channel: 0.485,0.456,0.406/0.229,0.224,0.225
//   --augment LIST                        training data only, comma-separated:
//       flip              horizontal flip with probability 1/2
//       crop=P            random crop at the input's size after P pixels of
//                         zero padding on each side (crop alone: P = 4)
//       resized-crop[=S]  random resized crop of scale S..1 (default 0.08)
//                         and aspect 3/4..4/3, back to the input's size

import { quoted } from "../../core/diagnostics/printable.js";
import { UsageError } from "./options.js";
import { decodeProgress } from "./progress_line.js";
import type { OpenOptions } from "../data/open.js";
import type { DataFormat } from "../data/source.js";
import type { Augmentation, Normalization } from "../data/transforms.js";

export const FORMATS: readonly DataFormat[] = ["npy", "images", "mnist", "cifar10"];

/** Mean/std of well-known data sets, pixels in [0, 1]. */
export const NORMALIZE_PRESETS: Readonly<Record<string, Normalization>> = {
  imagenet: { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
  cifar10: { mean: [0.4914, 0.4822, 0.4465], std: [0.247, 0.2435, 0.2616] },
  mnist: { mean: [0.1307], std: [0.3081] },
};

/** The options as commander hands them over. */
export interface DataCliOptions {
  format?: DataFormat;
  /** `--resize` alone is true (cover). */
  resize?: "cover" | "fill" | true;
  normalize?: Normalization;
  augment?: Augmentation;
}

export function parseFormat(v: string): DataFormat {
  const f = FORMATS.find((x) => x === v.trim());
  if (!f) throw new UsageError(`--format expects one of ${FORMATS.join(", ")}, got '${quoted(v)}'`);
  return f;
}

export function parseResize(v: string): "cover" | "fill" {
  const m = v.trim();
  if (m !== "cover" && m !== "fill") throw new UsageError(`--resize expects cover (keep the aspect, crop the centre) or fill (stretch), got '${quoted(v)}'`);
  return m;
}

function numbers(flag: string, part: string, what: string): number[] {
  const values = part.split(",").map((s) => s.trim());
  const out = values.map(Number);
  if (values.some((s) => s === "") || out.some((x) => !Number.isFinite(x))) throw new UsageError(`${flag}: the ${what} '${quoted(part)}' is not a comma-separated list of numbers`);
  return out;
}

export function parseNormalize(v: string): Normalization {
  const preset = NORMALIZE_PRESETS[v.trim()];
  if (preset) return preset;
  const halves = v.split("/");
  if (halves.length !== 2) {
    throw new UsageError(`--normalize expects MEAN/STD such as 0.485,0.456,0.406/0.229,0.224,0.225 (one value per channel, or one for all) or one of ${Object.keys(NORMALIZE_PRESETS).join(", ")}; got '${quoted(v)}'`);
  }
  const mean = numbers("--normalize", halves[0]!, "mean");
  const std = numbers("--normalize", halves[1]!, "std");
  if (std.some((s) => s <= 0)) throw new UsageError(`--normalize: every std must be > 0, got ${std.join(",")}`);
  return { mean, std };
}

export function parseAugment(v: string): Augmentation {
  let cropPadding = 0;
  let flip = false;
  let resizedCrop: Augmentation["resizedCrop"];
  for (const raw of v.split(",")) {
    const item = raw.trim();
    const [name, value] = item.split("=", 2) as [string, string | undefined];
    if (name === "flip" && value === undefined) flip = true;
    else if (name === "crop") {
      const p = value === undefined ? 4 : Number(value);
      if (!Number.isInteger(p) || p < 1 || p > 1024) throw new UsageError(`--augment crop=P: P is the padding in pixels, a whole number from 1 to 1024; got '${quoted(value ?? "")}'`);
      cropPadding = p;
    } else if (name === "resized-crop") {
      const s = value === undefined ? 0.08 : Number(value);
      if (!(s > 0 && s <= 1)) throw new UsageError(`--augment resized-crop=S: S is the smallest share of the image's area, in (0, 1]; got '${quoted(value ?? "")}'`);
      resizedCrop = { scale: [s, 1], ratio: [3 / 4, 4 / 3] };
    } else {
      throw new UsageError(`--augment: unknown '${quoted(item)}'; expected a comma-separated list of flip, crop=P (padding), resized-crop=S (smallest area share), e.g. crop=4,flip`);
    }
  }
  return { cropPadding, flip, ...(resizedCrop ? { resizedCrop } : {}) };
}

/**
 * The open options for one data folder of a run: "train" is the training
 * data (its split, augmentation with the run's seed), "test" validation or
 * evaluation data (the test split where a folder holds both, never augmented).
 */
export function dataOptions(o: DataCliOptions, role: "train" | "test", seed?: number): OpenOptions {
  return {
    ...(o.format ? { format: o.format } : {}),
    split: role,
    ...(o.resize ? { resize: o.resize === true ? "cover" : o.resize } : {}),
    ...(o.normalize ? { normalize: o.normalize } : {}),
    ...(role === "train" && o.augment ? { augment: o.augment, seed: seed ?? 0 } : {}),
    // An image folder is decoded once as it opens: seconds to minutes for a large one.
    onProgress: decodeProgress(),
  };
}
