// Augmentation and normalisation of one C×H×W sample, against crops and
// flips computed by hand; reproducibility per (seed, epoch, sample).

import { describe, expect, it } from "vitest";
import { Rng } from "../../../core/tensor/rng.js";
import { augmentSample, normalizeSample, resizedCropBox, sampleRng } from "../../../host/data/transforms.js";

/** A 1×3×3 sample of the values 1..9, row by row. */
const nine = () => Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);

/** A generator whose uniforms are the given values (a stub of Rng's one method used). */
function fixed(values: number[]): Rng {
  const rng = new Rng(0);
  let k = 0;
  rng.uniform = () => values[k++]!;
  return rng;
}

describe("augmentSample", () => {
  it("flips left–right when the draw is below 1/2, and only then", () => {
    expect([...augmentSample(nine(), [1, 3, 3], { cropPadding: 0, flip: true }, fixed([0.4]))]).toEqual([3, 2, 1, 6, 5, 4, 9, 8, 7]);
    expect([...augmentSample(nine(), [1, 3, 3], { cropPadding: 0, flip: true }, fixed([0.6]))]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("crops 3×3 out of the sample padded by 1: offset (0, 0) is the top-left corner of the padding", () => {
    // top = ⌊0·3⌋ − 1 = −1, left = ⌊0·3⌋ − 1 = −1: one zero row above, one zero column left.
    expect([...augmentSample(nine(), [1, 3, 3], { cropPadding: 1, flip: false }, fixed([0, 0]))]).toEqual([0, 0, 0, 0, 1, 2, 0, 4, 5]);
    // top = ⌊0.99·3⌋ − 1 = 1, left = ⌊0.5·3⌋ − 1 = 0: shifted up one row, a zero row below.
    expect([...augmentSample(nine(), [1, 3, 3], { cropPadding: 1, flip: false }, fixed([0.99, 0.5]))]).toEqual([4, 5, 6, 7, 8, 9, 0, 0, 0]);
  });

  it("crops before it flips, and moves every channel alike", () => {
    const two = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    // top 0, left −1 (a zero column on the left), then mirrored.
    const got = augmentSample(two, [2, 3, 3], { cropPadding: 1, flip: true }, fixed([0.4, 0, 0.1]));
    expect([...got]).toEqual([2, 1, 0, 5, 4, 0, 8, 7, 0, 20, 10, 0, 50, 40, 0, 80, 70, 0]);
  });

  it("leaves its input unchanged", () => {
    const x = nine();
    augmentSample(x, [1, 3, 3], { cropPadding: 1, flip: true }, fixed([0, 0, 0]));
    expect([...x]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("resized crop of the whole image at scale 1 is the identity", () => {
    // scale 1, ratio exp(0) = 1: the 3×3 box at (0, 0), resampled to 3×3.
    const got = augmentSample(nine(), [1, 3, 3], { cropPadding: 0, flip: false, resizedCrop: { scale: [1, 1], ratio: [1, 1] } }, fixed([0, 0, 0, 0]));
    expect([...got]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("resized crop of a 2×2 corner upsamples it bilinearly with half-pixel centres", () => {
    // A 4×4 ramp x + 10y; the top-left 2×2 box [0 1; 10 11] resampled to 4×4: source coordinate (i + 0.5)/2 − 0.5, clamped.
    const ramp = Float64Array.from({ length: 16 }, (_, i) => (i % 4) + 10 * Math.floor(i / 4));
    const box = { scale: [0.25, 0.25] as [number, number], ratio: [1, 1] as [number, number] };
    const got = augmentSample(ramp, [1, 4, 4], { cropPadding: 0, flip: false, resizedCrop: box }, fixed([0, 0, 0, 0]));
    const axis = [0, 0.25, 0.75, 1];
    expect([...got]).toEqual(axis.flatMap((fy) => axis.map((fx) => fx + 10 * fy)));
  });
});

describe("resizedCropBox", () => {
  it("stays inside the image for any draws", () => {
    const rng = new Rng(7);
    for (let k = 0; k < 500; k++) {
      const b = resizedCropBox(12, 20, { scale: [0.08, 1], ratio: [3 / 4, 4 / 3] }, rng);
      expect(b.top >= 0 && b.left >= 0 && b.height >= 1 && b.width >= 1 && b.top + b.height <= 12 && b.left + b.width <= 20).toBe(true);
    }
  });

  it("falls back to the centre crop with the ratio clamped when no try fits", () => {
    // Every try asks for twice the image's area, so none fits; the 4×8 image (ratio 2 > 4/3) keeps its height 4 and takes width round(4·4/3) = 5, centred: left ⌊(8 − 5)/2⌋ = 1.
    const b = resizedCropBox(4, 8, { scale: [2, 2], ratio: [3 / 4, 4 / 3] }, fixed(new Array(20).fill(0.5)));
    expect(b).toEqual({ top: 0, left: 1, height: 4, width: 5 });
  });
});

describe("sampleRng", () => {
  const draws = (seed: number, epoch: number, index: number) => Array.from({ length: 4 }, ((r) => () => r.uniform())(sampleRng(seed, epoch, index)));
  it("is the same for the same seed, epoch and sample, and differs when any of them changes", () => {
    expect(draws(3, 1, 5)).toEqual(draws(3, 1, 5));
    expect(draws(3, 2, 5)).not.toEqual(draws(3, 1, 5));
    expect(draws(4, 1, 5)).not.toEqual(draws(3, 1, 5));
    expect(draws(3, 1, 6)).not.toEqual(draws(3, 1, 5));
  });
});

describe("normalizeSample", () => {
  it("subtracts the channel's mean and divides by its std", () => {
    const x = Float64Array.from([0, 0.5, 1, 1, 0.2, 0.4]);
    normalizeSample(x, 2, 3, { mean: [0.5, 0.2], std: [0.25, 0.1] });
    expect([...x].map((v) => +v.toFixed(12))).toEqual([-2, 0, 2, 8, 0, 2]);
  });

  it("takes one mean and std for every channel", () => {
    const x = Float64Array.from([0, 1, 0.5, 0.75]);
    normalizeSample(x, 2, 2, { mean: [0.5], std: [0.5] });
    expect([...x]).toEqual([-1, 1, 0, 0.5]);
  });
});
