// The built-in data set: pictures of four shapes (disc, square, triangle,
// cross) at random places and sizes with a little noise, one class label
// each, made in the page from a fixed seed (the same samples every time).
// It is drawn at the size of the network's input [C, H, W], so a network
// with another resolution or more channels trains on it too (each channel
// gets its own brightness). It fits a network with one float input of
// three axes and one cross_entropy loss over at least four classes; any
// other network gets a message saying so.

import { Rng } from "../../core/tensor/rng.js";
import type { Graph } from "../../core/ir/graph.js";
import { datasetSpec, type Dataset, type FieldSpec } from "../../host/data/dataset.js";

export const SHAPE_NAMES = ["disc", "square", "triangle", "cross"] as const;
export const SAMPLES = 512;
export const DATA_SEED = 7;
/** Pictures smaller than this have no room for the shapes; larger ones train too slowly in a page. */
const MIN_SIDE = 8;
const MAX_SIDE = 64;

/** Whether the point (u, v), in units of the shape's half-size around its centre, lies inside shape `k`. */
function inside(k: number, u: number, v: number): boolean {
  switch (k) {
    case 0:
      return u * u + v * v <= 1;
    case 1:
      return Math.abs(u) <= 0.8 && Math.abs(v) <= 0.8;
    case 2:
      return v >= -0.9 && v <= 0.8 && Math.abs(u) <= (v + 0.9) * 0.55;
    default:
      return (Math.abs(u) <= 0.28 && Math.abs(v) <= 0.95) || (Math.abs(v) <= 0.28 && Math.abs(u) <= 0.95);
  }
}

/** One picture of shape `k`, [c, h, w] row-major, into `out` at `at`. */
function draw(rng: Rng, k: number, c: number, h: number, w: number, out: Float64Array, at: number): void {
  const side = Math.min(h, w);
  const r = side * (0.25 + 0.17 * rng.uniform());
  const cx = r + (w - 2 * r) * rng.uniform();
  const cy = r + (h - 2 * r) * rng.uniform();
  const tint = Array.from({ length: c }, () => 0.6 + 0.4 * rng.uniform());
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const on = inside(k, (x + 0.5 - cx) / r, (y + 0.5 - cy) / r) ? 1 : 0;
      for (let ch = 0; ch < c; ch++) out[at + (ch * h + y) * w + x] = on * tint[ch]! + 0.1 * rng.normal();
    }
  }
}

/** What the network needs from the data set, or why the built-in one cannot serve it. */
export function fitShapes(g: Graph): { image: FieldSpec; label: FieldSpec } | { problem: string } {
  if (!g.train) return { problem: `network '${g.name}' has no training section: add train ${g.name} { loss cross_entropy(…, label) optimizer … }` };
  const fields = datasetSpec(g);
  const inputs = fields.filter((f) => f.role === "input");
  const labels = fields.filter((f) => f.role === "label");
  const need = `the built-in data set is pictures of ${SHAPE_NAMES.length} shapes with a class label: it trains a network with one input [C, H, W] (H and W from ${MIN_SIDE} to ${MAX_SIDE}) and one cross_entropy loss over at least ${SHAPE_NAMES.length} classes`;
  if (inputs.length !== 1 || labels.length !== 1) return { problem: `${need}; '${g.name}' has ${inputs.length} inputs and ${labels.length} labels` };
  const image = inputs[0]!;
  const label = labels[0]!;
  const [c, h, w] = image.shape;
  if (image.dtype !== "f32" || image.shape.length !== 3 || !(h! >= MIN_SIDE && h! <= MAX_SIDE && w! >= MIN_SIDE && w! <= MAX_SIDE) || c! < 1) {
    return { problem: `${need}; input '${image.name}' is ${image.dtype}[${image.shape.join(", ")}]` };
  }
  if (label.dtype !== "i32" || label.shape.length !== 0 || (label.classes ?? 0) < SHAPE_NAMES.length) {
    return { problem: `${need}; label '${label.name}' is ${label.usedBy ?? "a label"} with ${label.classes ?? "no"} classes` };
  }
  return { image, label };
}

/** The data set for the network's input and label: SAMPLES pictures, the classes in turn. */
export function shapesDataset(image: FieldSpec, label: FieldSpec, n = SAMPLES, seed = DATA_SEED): Dataset {
  const [c, h, w] = image.shape as [number, number, number];
  const per = c * h * w;
  const pixels = new Float64Array(n * per);
  const classes = new Float64Array(n);
  const rng = new Rng(seed);
  for (let i = 0; i < n; i++) {
    const k = i % SHAPE_NAMES.length;
    classes[i] = k;
    draw(rng, k, c, h, w, pixels, i * per);
  }
  const file = "(built-in shapes)";
  return {
    dir: file,
    size: n,
    fields: [
      { ...image, file, data: pixels },
      { ...label, file, data: classes },
    ],
  };
}
