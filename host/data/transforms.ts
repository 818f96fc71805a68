// Per-sample transforms of an image input: augmentation (training data only)
// and normalisation (every split), on one sample of C×H×W float64 values
// (row-major, channel planes; pixels already scaled to [0, 1]).
//
// Order, as torchvision's usual pipeline: random resized crop → random crop
// with zero padding → horizontal flip → normalise. Padding is 0 in [0, 1]
// (black), before normalisation, as RandomCrop(padding=P) before
// ToTensor/Normalize.
//
// Reproducibility: each sample draws from its own generator seeded by
// (run seed, epoch, sample index) — see sampleRng — so a sample's
// augmentation does not depend on the batch size or on the data order, the
// same seed gives the same batches, and another epoch or seed gives others.
// The draws, in order: resized crop (per attempt: scale, log-ratio; then
// top, left), crop (top, left), flip (one uniform, flipped when < 0.5).

import { hash32, Rng } from "../../core/tensor/rng.js";

export interface RandomResizedCrop {
  /** Fraction of the image's area the crop covers: [min, max], torchvision's default [0.08, 1]. */
  readonly scale: readonly [number, number];
  /** Aspect ratio w/h of the crop: [min, max], torchvision's default [3/4, 4/3]. */
  readonly ratio: readonly [number, number];
}

export interface Augmentation {
  /** Random crop of H×W from the sample padded by this many zero pixels on each side (0: none). */
  readonly cropPadding: number;
  /** Mirror left–right with probability 1/2. */
  readonly flip: boolean;
  readonly resizedCrop?: RandomResizedCrop;
}

export interface Normalization {
  /** One value per channel (or one for every channel). */
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

export const NO_AUGMENTATION: Augmentation = { cropPadding: 0, flip: false };

export function augments(a: Augmentation | undefined): a is Augmentation {
  return a !== undefined && (a.cropPadding > 0 || a.flip || a.resizedCrop !== undefined);
}

/** The generator of sample `index`'s augmentation in `epoch` (0-based) of a run seeded `seed`. */
export function sampleRng(seed: number, epoch: number, index: number): Rng {
  // A constant apart from the data order's (loop.ts: 0x9e3779b9) and from init's.
  let h = hash32((seed ^ 0x5bd1e995) >>> 0);
  h = hash32((h ^ epoch) >>> 0);
  h = hash32((h ^ index) >>> 0);
  return new Rng(h);
}

/** Whole number uniform in lo..hi (both included). */
function between(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng.uniform() * (hi - lo + 1));
}

/** The crop box of torchvision's RandomResizedCrop.get_params (10 tries, then the centre crop with the ratio clamped). */
export function resizedCropBox(h: number, w: number, p: RandomResizedCrop, rng: Rng): { top: number; left: number; height: number; width: number } {
  const area = h * w;
  const [r0, r1] = [Math.log(p.ratio[0]), Math.log(p.ratio[1])];
  for (let attempt = 0; attempt < 10; attempt++) {
    const target = area * (p.scale[0] + rng.uniform() * (p.scale[1] - p.scale[0]));
    const aspect = Math.exp(r0 + rng.uniform() * (r1 - r0));
    const cw = Math.round(Math.sqrt(target * aspect));
    const ch = Math.round(Math.sqrt(target / aspect));
    if (cw > 0 && cw <= w && ch > 0 && ch <= h) return { top: between(rng, 0, h - ch), left: between(rng, 0, w - cw), height: ch, width: cw };
  }
  const ratio = w / h;
  let cw = w;
  let ch = h;
  if (ratio < p.ratio[0]) ch = Math.round(w / p.ratio[0]);
  else if (ratio > p.ratio[1]) cw = Math.round(h * p.ratio[1]);
  return { top: Math.floor((h - ch) / 2), left: Math.floor((w - cw) / 2), height: ch, width: cw };
}

/**
 * Bilinear resampling of the box of `x` (C×H×W) to H×W, half-pixel centres
 * (PyTorch's align_corners=False, no antialiasing), edges clamped.
 */
function resampleBox(x: Float64Array, c: number, h: number, w: number, box: { top: number; left: number; height: number; width: number }): Float64Array {
  const out = new Float64Array(c * h * w);
  const sy = box.height / h;
  const sx = box.width / w;
  for (let y = 0; y < h; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), box.height - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, box.height - 1);
    const ty = fy - y0;
    for (let xx = 0; xx < w; xx++) {
      const fx = Math.min(Math.max((xx + 0.5) * sx - 0.5, 0), box.width - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, box.width - 1);
      const tx = fx - x0;
      for (let k = 0; k < c; k++) {
        const at = (yy: number, xv: number) => x[(k * h + box.top + yy) * w + box.left + xv]!;
        const top = at(y0, x0) * (1 - tx) + at(y0, x1) * tx;
        const bottom = at(y1, x0) * (1 - tx) + at(y1, x1) * tx;
        out[(k * h + y) * w + xx] = top * (1 - ty) + bottom * ty;
      }
    }
  }
  return out;
}

/** Random crop of H×W from `x` zero-padded by `pad` on every side. */
function paddedCrop(x: Float64Array, c: number, h: number, w: number, pad: number, rng: Rng): Float64Array {
  const top = between(rng, 0, 2 * pad) - pad;
  const left = between(rng, 0, 2 * pad) - pad;
  const out = new Float64Array(c * h * w);
  for (let k = 0; k < c; k++) {
    for (let y = 0; y < h; y++) {
      const sy = y + top;
      if (sy < 0 || sy >= h) continue;
      for (let xx = 0; xx < w; xx++) {
        const sx = xx + left;
        if (sx >= 0 && sx < w) out[(k * h + y) * w + xx] = x[(k * h + sy) * w + sx]!;
      }
    }
  }
  return out;
}

function mirror(x: Float64Array, c: number, h: number, w: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let row = 0; row < c * h; row++) {
    for (let xx = 0; xx < w; xx++) out[row * w + xx] = x[row * w + (w - 1 - xx)]!;
  }
  return out;
}

/** One sample augmented (a new array; `x` is not changed). */
export function augmentSample(x: Float64Array, shape: readonly [number, number, number], a: Augmentation, rng: Rng): Float64Array {
  const [c, h, w] = shape;
  let y = x;
  if (a.resizedCrop) y = resampleBox(y, c, h, w, resizedCropBox(h, w, a.resizedCrop, rng));
  if (a.cropPadding > 0) y = paddedCrop(y, c, h, w, a.cropPadding, rng);
  if (a.flip && rng.uniform() < 0.5) y = mirror(y, c, h, w);
  return y;
}

/** (x − mean[c]) / std[c] in place over `channels` planes of `plane` values each. */
export function normalizeSample(x: Float64Array, channels: number, plane: number, n: Normalization): void {
  for (let k = 0; k < channels; k++) {
    const mean = n.mean.length === 1 ? n.mean[0]! : n.mean[k]!;
    const std = n.std.length === 1 ? n.std[0]! : n.std[k]!;
    for (let i = k * plane; i < (k + 1) * plane; i++) x[i] = (x[i]! - mean) / std;
  }
}
