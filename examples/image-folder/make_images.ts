// Generates the image folder of this example, deterministically from a seed:
// 16×16 grayscale PNGs of three shapes, one subfolder per class (the layout
// `dlc train --data` detects as an image folder):
//
//   DIR/train/circle/0000.png …   DIR/train/square/…   DIR/train/triangle/…
//   DIR/val/…                      (the same classes)
//
// Each image is one filled shape (a disc, an axis-aligned square, an upright
// triangle) of random size and position, at brightness 150..255 on a dark
// background with Gaussian noise (σ = 12 grey levels); classes in turn.
//
//   npx tsx examples/image-folder/make_images.ts [DIR] [--train N] [--val N] [--seed S]
//
// DIR defaults to tmp/image-folder; N counts images over all classes
// (defaults 300 and 90), S defaults to 1. PNGs are written with sharp.

import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { Rng } from "../../core/tensor/rng.js";

export const SIZE = 16;
export const CLASSES = ["circle", "square", "triangle"] as const;

/** Whether pixel (x, y) (its centre) lies in the shape of class `k` centred at (cx, cy) with half-size r. */
function inside(k: number, x: number, y: number, cx: number, cy: number, r: number): boolean {
  const dx = x + 0.5 - cx;
  const dy = y + 0.5 - cy;
  if (k === 0) return dx * dx + dy * dy <= r * r;
  if (k === 1) return Math.abs(dx) <= r * 0.85 && Math.abs(dy) <= r * 0.85;
  // Apex at the top (cy − r), base at cy + r, half-width growing downwards to r.
  const t = (dy + r) / (2 * r);
  return t >= 0 && t <= 1 && Math.abs(dx) <= t * r;
}

/** One image of class `k`: SIZE×SIZE grey levels. */
export function shapeImage(k: number, rng: Rng): Uint8Array {
  const r = 3.5 + rng.uniform() * 3;
  const cx = r + rng.uniform() * (SIZE - 2 * r);
  const cy = r + rng.uniform() * (SIZE - 2 * r);
  const level = 150 + rng.uniform() * 105;
  const out = new Uint8Array(SIZE * SIZE);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const v = (inside(k, x, y, cx, cy, r) ? level : 30) + 12 * rng.normal();
      out[y * SIZE + x] = Math.max(0, Math.min(255, Math.round(v)));
    }
  }
  return out;
}

async function writeSplit(dir: string, n: number, rng: Rng): Promise<void> {
  const { default: sharp } = await import("sharp");
  for (const c of CLASSES) mkdirSync(join(dir, c), { recursive: true });
  for (let i = 0; i < n; i++) {
    const k = i % CLASSES.length;
    const file = join(dir, CLASSES[k]!, `${String(Math.floor(i / CLASSES.length)).padStart(4, "0")}.png`);
    await sharp(shapeImage(k, rng), { raw: { width: SIZE, height: SIZE, channels: 1 } }).png().toFile(file);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string, fallback: number): number => {
    const i = args.indexOf(name);
    if (i < 0) return fallback;
    const v = Number(args[i + 1]);
    if (!Number.isInteger(v) || v < 0) throw new Error(`${name} expects a whole number, got '${args[i + 1]}'`);
    args.splice(i, 2);
    return v;
  };
  const train = flag("--train", 300);
  const val = flag("--val", 90);
  const seed = flag("--seed", 1);
  const dir = args[0] ?? "tmp/image-folder";
  // One generator for both splits, train first: the validation images are new draws.
  const rng = new Rng(seed);
  await writeSplit(join(dir, "train"), train, rng);
  await writeSplit(join(dir, "val"), val, rng);
  process.stdout.write(`wrote ${join(dir, "train")} and ${join(dir, "val")} (${CLASSES.join(", ")})\n`);
}

await main();
