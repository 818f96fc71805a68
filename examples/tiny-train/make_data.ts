// Generates the tiny synthetic image-classification set of this example,
// deterministically from a seed: 1×8×8 images of three classes,
//   0  a horizontal bar (one random row),
//   1  a vertical bar (one random column),
//   2  a diagonal (the main or the anti-diagonal, shifted by −2..2),
// at intensity 0.6..1 on a background of Gaussian noise (σ = 0.15), classes
// in turn (sample i has class i mod 3). Writes DIR/train and DIR/val, each
// with image.npy (float32, N×1×8×8) and label.npy (int64, N):
//
//   npx tsx examples/tiny-train/make_data.ts [DIR] [--train N] [--val N] [--seed S]
//
// DIR defaults to tmp/tiny-train (under the current folder; /tmp/ is git-ignored
// at the repository root).

import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { writeNpy } from "../../host/data/npy.js";
import { Rng } from "../../core/tensor/rng.js";
import { runDataCli } from "../shared/data_cli.js";

export const SIZE = 8;
export const CLASSES = 3;

export interface TinySet {
  readonly images: Float32Array;
  readonly labels: Float64Array;
  readonly n: number;
}

/** n samples of the three patterns, from one generator. */
export function makeTinySet(n: number, rng: Rng): TinySet {
  const images = new Float32Array(n * SIZE * SIZE);
  const labels = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    const cls = s % CLASSES;
    labels[s] = cls;
    const img = images.subarray(s * SIZE * SIZE, (s + 1) * SIZE * SIZE);
    for (let k = 0; k < img.length; k++) img[k] = 0.15 * rng.normal();
    const level = 0.6 + 0.4 * rng.uniform();
    const at = Math.floor(rng.uniform() * SIZE);
    if (cls === 0) for (let x = 0; x < SIZE; x++) img[at * SIZE + x]! += level;
    else if (cls === 1) for (let y = 0; y < SIZE; y++) img[y * SIZE + at]! += level;
    else {
      const anti = rng.uniform() < 0.5;
      const shift = Math.floor(rng.uniform() * 5) - 2;
      for (let y = 0; y < SIZE; y++) {
        const x = (anti ? SIZE - 1 - y : y) + shift;
        if (x >= 0 && x < SIZE) img[y * SIZE + x]! += level;
      }
    }
  }
  return { images, labels, n };
}

function writeSet(dir: string, set: TinySet): void {
  mkdirSync(dir, { recursive: true });
  writeNpy(join(dir, "image.npy"), [set.n, 1, SIZE, SIZE], set.images, "float32");
  writeNpy(join(dir, "label.npy"), [set.n], set.labels, "int64");
}

/** Writes DIR/train and DIR/val; the validation set comes from its own generator. */
export function makeTinyData(dir: string, opts: { train?: number; val?: number; seed?: number } = {}): void {
  const seed = opts.seed ?? 1;
  writeSet(join(dir, "train"), makeTinySet(opts.train ?? 240, new Rng(seed)));
  writeSet(join(dir, "val"), makeTinySet(opts.val ?? 60, new Rng(seed + 1000)));
}

runDataCli(import.meta.url, join("tmp", "tiny-train"), makeTinyData);
