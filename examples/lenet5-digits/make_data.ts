// Generates a small handwriting-free "digits" set for LeNet-5,
// deterministically from a seed: 1×32×32 images of the ten digits rendered
// from a 5×7 bitmap font (the classic dot-matrix glyphs) with
//   - scale jitter: each font dot is 2.6..4.0 pixels wide and 3.0..4.0 high,
//   - a slant (shear) of −0.25..0.25,
//   - a random shift (anywhere the glyph fits inside the 32×32 frame),
//   - stroke intensity 0.6..1 on a black background, 2×2 supersampled,
//   - Gaussian pixel noise (σ = 0.12), clamped to [0, 1],
// classes in turn (sample i shows digit i mod 10). Writes DIR/train and
// DIR/val, each with image.npy (uint8, N×1×32×32: the loader scales it by
// 1/255) and label.npy (int64, N):
//
//   npx tsx examples/lenet5-digits/make_data.ts [DIR] [--train N] [--val N] [--seed S]
//
// DIR defaults to tmp/lenet5-digits; N defaults to 3000 training and 500
// validation images; the validation set has its own generator (seed + 1000).

import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { writeNpy } from "../../host/data/npy.js";
import { Rng } from "../../core/tensor/rng.js";
import { runDataCli } from "../shared/data_cli.js";

export const SIZE = 32;
export const CLASSES = 10;

/** The 5×7 font, one string of five dots per row, "#" = ink. */
export const GLYPHS: readonly (readonly string[])[] = [
  [".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."],
  ["..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."],
  [".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"],
  ["#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###."],
  ["...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."],
  ["#####", "#....", "####.", "....#", "....#", "#...#", ".###."],
  ["..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."],
  ["#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."],
  [".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."],
  [".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."],
];

export interface DigitSet {
  readonly images: Uint8Array;
  readonly labels: Float64Array;
  readonly n: number;
}

/** One image of `digit` into `img` (SIZE×SIZE floats in [0, 1]). */
function render(digit: number, img: Float32Array, rng: Rng): void {
  const glyph = GLYPHS[digit]!;
  const sx = 2.6 + 1.4 * rng.uniform();
  const sy = 3.0 + 1.0 * rng.uniform();
  const shear = -0.25 + 0.5 * rng.uniform();
  const w = 5 * sx;
  const h = 7 * sy;
  const slack = Math.abs(shear) * h;
  const ox = (shear < 0 ? slack : 0) + rng.uniform() * Math.max(0, SIZE - w - slack);
  const oy = rng.uniform() * (SIZE - h);
  const level = 0.6 + 0.4 * rng.uniform();
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      let ink = 0;
      for (let sy2 = 0; sy2 < 2; sy2++) {
        for (let sx2 = 0; sx2 < 2; sx2++) {
          const py = y + 0.25 + 0.5 * sy2 - oy;
          // Slant: rows further down shift left (shear > 0) or right.
          const px = x + 0.25 + 0.5 * sx2 - ox + shear * (py - h);
          const gy = Math.floor(py / sy);
          const gx = Math.floor(px / sx);
          if (gy >= 0 && gy < 7 && gx >= 0 && gx < 5 && glyph[gy]![gx] === "#") ink += 0.25;
        }
      }
      img[y * SIZE + x] = level * ink;
    }
  }
}

/** n samples, digit i mod 10, from one generator. */
export function makeDigitSet(n: number, rng: Rng): DigitSet {
  const images = new Uint8Array(n * SIZE * SIZE);
  const labels = new Float64Array(n);
  const img = new Float32Array(SIZE * SIZE);
  for (let s = 0; s < n; s++) {
    const digit = s % CLASSES;
    labels[s] = digit;
    render(digit, img, rng);
    for (let k = 0; k < img.length; k++) {
      const v = img[k]! + 0.12 * rng.normal();
      images[s * SIZE * SIZE + k] = Math.round(255 * Math.min(1, Math.max(0, v)));
    }
  }
  return { images, labels, n };
}

function writeSet(dir: string, set: DigitSet): void {
  mkdirSync(dir, { recursive: true });
  writeNpy(join(dir, "image.npy"), [set.n, 1, SIZE, SIZE], set.images, "uint8");
  writeNpy(join(dir, "label.npy"), [set.n], set.labels, "int64");
}

/** Writes DIR/train and DIR/val; the validation set comes from its own generator. */
export function makeDigitData(dir: string, opts: { train?: number; val?: number; seed?: number } = {}): void {
  const seed = opts.seed ?? 1;
  writeSet(join(dir, "train"), makeDigitSet(opts.train ?? 3000, new Rng(seed)));
  writeSet(join(dir, "val"), makeDigitSet(opts.val ?? 500, new Rng(seed + 1000)));
}

runDataCli(import.meta.url, join("tmp", "lenet5-digits"), makeDigitData);
