// Generates a small single-object localisation set for
// stdlib/models/multitask_localization.net, deterministically from a seed:
// RGB images (3×S×S, S = 32 by default) of dark noise with one bright,
// filled, axis-aligned square of side S/5..S/2 anywhere inside the frame.
//
//   label   the square's colour, a class index: 0 red, 1 green, 2 blue,
//           3 yellow (the network's `classes` parameter must be 4:
//           --param classes=4)
//   target  its box as (cx, cy, w, h): centre and size divided by S, in
//           [0, 1], what the box head's sigmoid predicts
//
// Colours are jittered (the lit channels 0.7..1, the others 0..0.25) and
// Gaussian noise (σ = 0.05) is added, clamped to [0, 1]; sample i has class
// i mod 4. Writes DIR/train and DIR/val, each with image.npy (float32,
// N×3×S×S), label.npy (int64, N) and target.npy (float32, N×4):
//
//   npx tsx examples/multitask/make_data.ts [DIR] [--train N] [--val N] [--size S] [--seed S]
//
// DIR defaults to tmp/multitask; N defaults to 2000 training and 400
// validation images; the validation set has its own generator (seed + 1000).

import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { writeNpy } from "../../host/data/npy.js";
import { Rng } from "../../core/tensor/rng.js";
import { runDataCli } from "../shared/data_cli.js";

export const CLASSES = 4;
/** Which channels are lit for each class. */
const COLOURS: readonly (readonly [number, number, number])[] = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
  [1, 1, 0],
];

export interface BoxSet {
  readonly size: number;
  readonly images: Float32Array;
  readonly labels: Float64Array;
  readonly targets: Float32Array;
  readonly n: number;
}

export function makeBoxSet(n: number, size: number, rng: Rng): BoxSet {
  const plane = size * size;
  const images = new Float32Array(n * 3 * plane);
  const labels = new Float64Array(n);
  const targets = new Float32Array(n * 4);
  const minSide = Math.max(2, Math.round(size / 5));
  const maxSide = Math.max(minSide, Math.round(size / 2));
  for (let s = 0; s < n; s++) {
    const cls = s % CLASSES;
    labels[s] = cls;
    const side = minSide + Math.floor(rng.uniform() * (maxSide - minSide + 1));
    const x0 = Math.floor(rng.uniform() * (size - side + 1));
    const y0 = Math.floor(rng.uniform() * (size - side + 1));
    const colour = COLOURS[cls]!.map((lit) => (lit ? 0.7 + 0.3 * rng.uniform() : 0.25 * rng.uniform()));
    const img = images.subarray(s * 3 * plane, (s + 1) * 3 * plane);
    for (let c = 0; c < 3; c++) {
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          const inside = x >= x0 && x < x0 + side && y >= y0 && y < y0 + side;
          const v = (inside ? colour[c]! : 0.1) + 0.05 * rng.normal();
          img[c * plane + y * size + x] = Math.min(1, Math.max(0, v));
        }
      }
    }
    targets.set([(x0 + side / 2) / size, (y0 + side / 2) / size, side / size, side / size], s * 4);
  }
  return { size, images, labels, targets, n };
}

function writeSet(dir: string, set: BoxSet): void {
  mkdirSync(dir, { recursive: true });
  writeNpy(join(dir, "image.npy"), [set.n, 3, set.size, set.size], set.images, "float32");
  writeNpy(join(dir, "label.npy"), [set.n], set.labels, "int64");
  writeNpy(join(dir, "target.npy"), [set.n, 4], set.targets, "float32");
}

/** Writes DIR/train and DIR/val; the validation set comes from its own generator. */
export function makeBoxData(dir: string, opts: { train?: number; val?: number; size?: number; seed?: number } = {}): void {
  const seed = opts.seed ?? 1;
  const size = opts.size ?? 32;
  writeSet(join(dir, "train"), makeBoxSet(opts.train ?? 2000, size, new Rng(seed)));
  writeSet(join(dir, "val"), makeBoxSet(opts.val ?? 400, size, new Rng(seed + 1000)));
}

runDataCli(import.meta.url, join("tmp", "multitask"), makeBoxData, ["size"]);
