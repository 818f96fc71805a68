// An independent model of a dlc network in TensorFlow.js (tfjs-core, CPU
// backend), for cross-checking the reference executor: the forward IR is
// walked node by node and every op is rebuilt from tf ops following PyTorch's
// definitions (docs/autodiff.md), in float32. Nothing here imports dlc's
// kernels; only the IR types. Parameter gradients come from tf's own autodiff
// (tf.valueAndGrads), not from dlc's backward ops.
//
// Layout: every value is kept in dlc's layout, batch first and NCHW
// ([N, ...node.shape]), so flatten and reshape are plain row-major reshapes;
// convolutions and pooling transpose to NHWC around the tf call.
//
// Notes on tf.js 4.22 that shape the choices below:
// - the gradients of conv2d and depthwiseConv2d refuse dilations > 1, so a
//   dilated kernel is built explicitly (zeros between the taps, by pad and
//   reshape, so that its gradient flows back to the taps) and run undilated;
// - the CPU gradient of resizeBilinear ignores halfPixelCenters, so bilinear
//   upsampling is written as two interpolation matrices (PyTorch's
//   align_corners = false weights), whose gradient tf derives itself;
// - tf.localResponseNormalization sums over a symmetric radius and does not
//   divide alpha by the size, unlike PyTorch's LocalResponseNorm: lrn is
//   written out from its formula;
// - tf.js has no gradient for comparisons (Greater, Less), so the condition
//   of a tf.where is computed on a constant copy; nor for tile above rank 4;
//   and tf.split's gradient can fail, so groups are cut with tf.slice;
// - tfjs-core alone registers no gradients: register_all_gradients is imported.

import * as tf from "@tensorflow/tfjs-core";
// tfjs-core alone registers no gradients; the union package @tensorflow/tfjs does this import.
import "@tensorflow/tfjs-core/dist/register_all_gradients.js";
import type { Attrs, AttrValue, Graph, Node, TrainSpec } from "../../core/ir/graph.js";

export interface TfjsFeeds {
  readonly batch: number;
  /** Network input name → batched values [N, ...shape], row-major. */
  readonly inputs: ReadonlyMap<string, Float32Array>;
  /** Label name → batched values (class indices for cross_entropy). */
  readonly labels: ReadonlyMap<string, Float32Array | Int32Array>;
  /** Dropout node name → the mask the reference run used (batched, already scaled by 1/(1 − rate)). */
  readonly masks?: ReadonlyMap<string, Float32Array>;
}

export interface TfjsResult {
  /** Network output name → batched value. */
  readonly outputs: Map<string, Float32Array>;
  /** One value per loss of the training section, in order. */
  readonly losses: number[];
  /** The weighted total. */
  readonly loss: number;
  /** d(total)/d(param) for every weight and bias, frozen ones included. */
  readonly gradients: Map<string, Float32Array>;
  /** The parameters the training section freezes (their gradients are for reference only). */
  readonly frozen: Set<string>;
}

const pair = (attrs: Attrs, key: string): [number, number] => {
  const v = attrs[key] as readonly number[];
  return [v[0]!, v[1]!];
};
const num = (attrs: Attrs, key: string): number => attrs[key] as number;
const prod = (xs: readonly number[]) => xs.reduce((a, b) => a * b, 1);

/** PyTorch's window count along one axis (floor or ceil mode). */
function windowCount(size: number, k: number, s: number, p: number, d: number, ceil: boolean): number {
  const span = size + 2 * p - (d * (k - 1) + 1);
  let o = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
  // The last window must start inside the input or the left padding.
  if (ceil && (o - 1) * s >= size + p) o -= 1;
  return o;
}

/** Padding [before, after] along one axis for conv's padding attribute ("same": TensorFlow's rule). */
function convPad(pad: AttrValue, axis: 0 | 1, size: number, k: number, s: number, d: number): [number, number] {
  if (pad === "same") {
    const eff = d * (k - 1) + 1;
    const total = Math.max((Math.ceil(size / s) - 1) * s + eff - size, 0);
    return [Math.floor(total / 2), total - Math.floor(total / 2)];
  }
  const p = (pad as readonly number[])[axis]!;
  return [p, p];
}

/** Equal parts of axis `axis` (tf.split's gradient fails in tf.js when a part's gradient is missing; slices have no such problem). */
function parts(x: tf.Tensor, n: number, axis: number): tf.Tensor[] {
  const each = x.shape[axis]! / n;
  return Array.from({ length: n }, (_, i) => tf.slice(x, x.shape.map((_, j) => (j === axis ? i * each : 0)), x.shape.map((d, j) => (j === axis ? each : d))));
}

/** A constant copy, off the gradient tape (comparisons have no gradient in tf.js). */
const detach = (t: tf.Tensor) => tf.tensor(t.dataSync(), t.shape, t.dtype);

const toNHWC = (x: tf.Tensor) => tf.transpose(x, [0, 2, 3, 1]) as tf.Tensor4D;
const toNCHW = (x: tf.Tensor) => tf.transpose(x, [0, 3, 1, 2]) as tf.Tensor4D;

/** [C] → [1, C, 1, …] so that it broadcasts over a batched tensor of the given rank. */
function perChannel(v: tf.Tensor, rank: number): tf.Tensor {
  return tf.reshape(v, [1, v.shape[0]!, ...new Array<number>(rank - 2).fill(1)]);
}

/** Inserts d − 1 zeros between the taps of axis `axis` of a filter (a dilated kernel, differentiable). */
function dilateAxis(f: tf.Tensor, axis: number, d: number): tf.Tensor {
  if (d === 1) return f;
  const k = f.shape[axis]!;
  const before = f.shape.slice(0, axis);
  const after = f.shape.slice(axis + 1);
  const spread = tf.reshape(f, [...before, k, 1, ...after]);
  const padding: [number, number][] = spread.shape.map(() => [0, 0]);
  padding[axis + 1] = [0, d - 1];
  const padded = tf.reshape(tf.pad(spread, padding), [...before, k * d, ...after]);
  const begin = f.shape.map(() => 0);
  const size = [...before, d * (k - 1) + 1, ...after];
  return tf.slice(padded, begin, size);
}

/** A tf filter [kh, kw, a, b] dilated by [dh, dw]. */
const dilateFilter = (f: tf.Tensor4D, d: [number, number]) => dilateAxis(dilateAxis(f, 0, d[0]), 1, d[1]) as tf.Tensor4D;

function conv(node: Node, x: tf.Tensor, p: Record<string, tf.Tensor>): tf.Tensor {
  const a = node.attrs;
  const [c, h, w] = x.shape.slice(1) as [number, number, number];
  const out = num(a, "out");
  const groups = num(a, "groups");
  const k = pair(a, "kernel");
  const s = pair(a, "stride");
  const d = pair(a, "dilation");
  const ph = convPad(a.padding!, 0, h, k[0], s[0], d[0]);
  const pw = convPad(a.padding!, 1, w, k[1], s[1], d[1]);

  // The weight as a full PyTorch weight [out, in/groups, kh, kw].
  let weight = p.weight!;
  if (Array.isArray(a.table)) {
    // A connection table: the full [out, in] weight with zeros off the table,
    // gathered from the links (row per link), a zero row standing for "no link".
    const table = a.table as readonly (readonly number[])[];
    const links = table.reduce((n, row) => n + row.length, 0);
    const index = new Int32Array(out * c).fill(links);
    let link = 0;
    table.forEach((row, o) => row.forEach((ci) => (index[o * c + ci] = link++)));
    const rows = tf.concat([weight, tf.zeros([1, k[0], k[1]])], 0);
    weight = tf.reshape(tf.gather(rows, tf.tensor1d(index, "int32")), [out, c, k[0], k[1]]);
  }
  // PyTorch [out, in/g, kh, kw] → tf [kh, kw, in/g, out], then dilated.
  const filter = dilateFilter(tf.transpose(weight, [2, 3, 1, 0]) as tf.Tensor4D, d);
  const xp = tf.pad(toNHWC(x), [[0, 0], ph, pw, [0, 0]]);

  let y: tf.Tensor4D;
  if (groups === 1) {
    y = tf.conv2d(xp, filter, s, "valid");
  } else if (groups === c) {
    // Depthwise: output channel ci·m + j reads input channel ci, as tf's [kh, kw, C, m] filter.
    y = tf.depthwiseConv2d(xp, tf.reshape(filter, [filter.shape[0], filter.shape[1], c, out / c]) as tf.Tensor4D, s, "valid");
  } else {
    const xs = parts(xp, groups, 3) as tf.Tensor4D[];
    const fs = parts(filter, groups, 3) as tf.Tensor4D[];
    y = tf.concat(xs.map((xg, g) => tf.conv2d(xg, fs[g]!, s, "valid")), 3);
  }
  let r: tf.Tensor = toNCHW(y);
  if (p.bias) r = tf.add(r, perChannel(p.bias, 4));
  return r;
}

function convTranspose(node: Node, x: tf.Tensor, p: Record<string, tf.Tensor>): tf.Tensor {
  const a = node.attrs;
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const out = num(a, "out");
  const groups = num(a, "groups");
  const k = pair(a, "kernel");
  const s = pair(a, "stride");
  const pad = pair(a, "padding");
  const op = pair(a, "output_padding");
  const d = pair(a, "dilation");
  const keff = [d[0] * (k[0] - 1) + 1, d[1] * (k[1] - 1) + 1];
  // The full transposed convolution (every input pixel scatters its whole
  // kernel), then PyTorch's crop: padding rows off each side, output_padding
  // extra rows (zeros before the bias) on the bottom and right.
  const full = [(h - 1) * s[0] + keff[0], (w - 1) * s[1] + keff[1]];
  const want = [full[0]! - 2 * pad[0] + op[0], full[1]! - 2 * pad[1] + op[1]];
  // PyTorch [in, out/g, kh, kw] → tf conv2dTranspose filter [kh, kw, out/g, in].
  const filter = dilateFilter(tf.transpose(p.weight!, [2, 3, 1, 0]) as tf.Tensor4D, d);
  const xs = parts(toNHWC(x), groups, 3) as tf.Tensor4D[];
  const fs = parts(filter, groups, 3) as tf.Tensor4D[];
  const ys = xs.map((xg, g) => tf.conv2dTranspose(xg, fs[g]!, [n, full[0]!, full[1]!, out / groups], s, "valid"));
  let y: tf.Tensor4D = groups === 1 ? ys[0]! : tf.concat(ys, 3);
  const extra = [Math.max(0, pad[0] + want[0]! - full[0]!), Math.max(0, pad[1] + want[1]! - full[1]!)];
  y = tf.pad(y, [[0, 0], [0, extra[0]!], [0, extra[1]!], [0, 0]]);
  y = tf.slice(y, [0, pad[0], pad[1], 0], [n, want[0]!, want[1]!, out]);
  let r: tf.Tensor = toNCHW(y);
  if (p.bias) r = tf.add(r, perChannel(p.bias, 4));
  return r;
}

/** Pool geometry: output size and the [before, after] padding that makes tf's "valid" pooling produce exactly it. */
function poolGeometry(node: Node, h: number, w: number) {
  const a = node.attrs;
  const k = pair(a, "kernel");
  const s = a.stride === null ? k : pair(a, "stride");
  const p = pair(a, "padding");
  const ceil = a.ceil === true;
  const oh = windowCount(h, k[0], s[0], p[0], 1, ceil);
  const ow = windowCount(w, k[1], s[1], p[1], 1, ceil);
  // Enough rows after the input for the last window (ceil mode may need more than p).
  const after = (size: number, o: number, kk: number, ss: number, pp: number) => Math.max(pp, (o - 1) * ss + kk - size - pp);
  return { k, s, p, oh, ow, padH: [p[0], after(h, oh, k[0], s[0], p[0])] as [number, number], padW: [p[1], after(w, ow, k[1], s[1], p[1])] as [number, number] };
}

function maxpool(node: Node, x: tf.Tensor): tf.Tensor {
  const d = pair(node.attrs, "dilation");
  if (d[0] !== 1 || d[1] !== 1) throw new Error(`tfjs model: dilated maxpool (${node.name}) is not modelled`);
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const g = poolGeometry(node, h, w);
  // Padding is −∞: it never wins a window.
  const xp = tf.pad(toNHWC(x), [[0, 0], g.padH, g.padW, [0, 0]], -Infinity);
  const y = tf.slice(tf.maxPool(xp, g.k, g.s, "valid"), [0, 0, 0, 0], [n, g.oh, g.ow, c]);
  return toNCHW(y);
}

function avgpool(node: Node, x: tf.Tensor): tf.Tensor {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const g = poolGeometry(node, h, w);
  const includePad = node.attrs.count_include_pad === true;
  // Window sums over zero padding, then PyTorch's divisor per output position:
  // the window clipped to the padded input (count_include_pad), or to the input.
  const xp = tf.pad(toNHWC(x), [[0, 0], g.padH, g.padW, [0, 0]], 0);
  const sums = tf.mul(tf.slice(tf.avgPool(xp, g.k, g.s, "valid"), [0, 0, 0, 0], [n, g.oh, g.ow, c]), g.k[0] * g.k[1]);
  const extent = (o: number, k: number, s: number, p: number, size: number) => {
    let start = o * s - p;
    let end = Math.min(start + k, size + p);
    const padded = end - start;
    start = Math.max(start, 0);
    end = Math.min(end, size);
    return includePad ? padded : end - start;
  };
  const div = new Float32Array(g.oh * g.ow);
  for (let i = 0; i < g.oh; i++) {
    for (let j = 0; j < g.ow; j++) div[i * g.ow + j] = extent(i, g.k[0], g.s[0], g.p[0], h) * extent(j, g.k[1], g.s[1], g.p[1], w);
  }
  return tf.div(toNCHW(sums), tf.tensor4d(div, [1, 1, g.oh, g.ow]));
}

function adaptiveAvgpool(node: Node, x: tf.Tensor): tf.Tensor {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const [oh, ow] = pair(node.attrs, "size");
  const rows: tf.Tensor[] = [];
  for (let i = 0; i < oh; i++) {
    const h0 = Math.floor((i * h) / oh);
    const h1 = Math.ceil(((i + 1) * h) / oh);
    const cols: tf.Tensor[] = [];
    for (let j = 0; j < ow; j++) {
      const w0 = Math.floor((j * w) / ow);
      const w1 = Math.ceil(((j + 1) * w) / ow);
      cols.push(tf.mean(tf.slice(x, [0, 0, h0, w0], [n, c, h1 - h0, w1 - w0]), [2, 3]));
    }
    rows.push(tf.stack(cols, 2)); // [N, C, ow]
  }
  return tf.stack(rows, 2); // [N, C, oh, ow]
}

/** PyTorch's bilinear (align_corners = false) weights as a [size·scale, size] matrix. */
function bilinearMatrix(size: number, scale: number): tf.Tensor2D {
  const out = size * scale;
  const m = new Float32Array(out * size);
  for (let o = 0; o < out; o++) {
    const src = Math.max((o + 0.5) / scale - 0.5, 0);
    const i0 = Math.floor(src);
    const i1 = Math.min(i0 + 1, size - 1);
    const l = src - i0;
    m[o * size + i0] = m[o * size + i0]! + (1 - l);
    m[o * size + i1] = m[o * size + i1]! + l;
  }
  return tf.tensor2d(m, [out, size]);
}

function upsample(node: Node, x: tf.Tensor): tf.Tensor {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const [sh, sw] = pair(node.attrs, "scale");
  if (node.attrs.mode === "nearest") {
    // Each pixel repeated sh × sw times.
    // (rank 4: tf.js has no tile gradient above rank 4)
    const t = tf.tile(tf.reshape(x, [n * c * h, 1, w, 1]), [1, sh, 1, sw]);
    return tf.reshape(t, [n, c, h * sh, w * sw]);
  }
  // y = A_h · x · A_wᵀ per map.
  const ah = bilinearMatrix(h, sh);
  const aw = bilinearMatrix(w, sw);
  const alongW = tf.matMul(tf.reshape(x, [n * c * h, w]), aw, false, true); // [NCH, W']
  const t = tf.transpose(tf.reshape(alongW, [n * c, h, w * sw]), [0, 2, 1]); // [NC, W', H]
  const alongH = tf.matMul(tf.reshape(t, [n * c * w * sw, h]), ah, false, true); // [NCW', H']
  return tf.reshape(tf.transpose(tf.reshape(alongH, [n * c, w * sw, h * sh]), [0, 2, 1]), [n, c, h * sh, w * sw]);
}

function batchNorm(node: Node, x: tf.Tensor, p: Record<string, tf.Tensor>): tf.Tensor {
  // Training mode: batch mean and biased variance over every axis but the channels.
  const axes = x.shape.map((_, i) => i).filter((i) => i !== 1);
  const { mean, variance } = tf.moments(x, axes, true);
  let y = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, num(node.attrs, "eps"))));
  if (p.weight) y = tf.add(tf.mul(y, perChannel(p.weight, x.rank)), perChannel(p.bias!, x.rank));
  return y;
}

function lrn(node: Node, x: tf.Tensor): tf.Tensor {
  // y_c = x_c / (k + α/n · Σ_{c' = c−⌊n/2⌋ … c+⌊(n−1)/2⌋} x_{c'}²)^β, the window clipped to the channels.
  const n = num(node.attrs, "size");
  const c = x.shape[1]!;
  const sq = tf.pad(tf.square(x), [[0, 0], [Math.floor(n / 2), Math.floor((n - 1) / 2)], [0, 0], [0, 0]]);
  const size = [x.shape[0]!, c, x.shape[2]!, x.shape[3]!];
  const windows: tf.Tensor[] = [];
  for (let j = 0; j < n; j++) windows.push(tf.slice(sq, [0, j, 0, 0], size));
  const sum = windows.length === 1 ? windows[0]! : tf.addN(windows);
  const denom = tf.pow(tf.add(tf.mul(sum, num(node.attrs, "alpha") / n), num(node.attrs, "k")), num(node.attrs, "beta"));
  return tf.div(x, denom);
}

/** Moves axis `axis` of a batched tensor last and back, around f. */
function alongAxis(x: tf.Tensor, axis: number, f: (t: tf.Tensor) => tf.Tensor): tf.Tensor {
  if (axis === x.rank - 1) return f(x);
  const perm = x.shape.map((_, i) => i).filter((i) => i !== axis).concat([axis]);
  const inv = perm.map((_, i) => perm.indexOf(i));
  return tf.transpose(f(tf.transpose(x, perm)), inv);
}

/** Channel-first broadcasting: pad the lower-rank operand's shape with trailing 1s. */
function channelFirst(x: tf.Tensor, rank: number): tf.Tensor {
  return x.rank === rank ? x : tf.reshape(x, [...x.shape, ...new Array<number>(rank - x.rank).fill(1)]);
}

function forwardNode(node: Node, xs: tf.Tensor[], p: Record<string, tf.Tensor>, batch: number, masks: ReadonlyMap<string, Float32Array> | undefined): tf.Tensor {
  const a = node.attrs;
  const x = xs[0]!;
  switch (node.op) {
    case "conv":
      return conv(node, x, p);
    case "conv_transpose":
      return convTranspose(node, x, p);
    case "maxpool":
      return maxpool(node, x);
    case "avgpool":
      return avgpool(node, x);
    case "adaptive_avgpool":
      return adaptiveAvgpool(node, x);
    case "gap":
      return tf.mean(x, [2, 3]);
    case "gmp":
      return tf.max(x, [2, 3]);
    case "upsample":
      return upsample(node, x);
    case "dense": {
      const inner = x.shape[x.rank - 1]!;
      const out = num(a, "out");
      let y: tf.Tensor = tf.matMul(tf.reshape(x, [-1, inner]) as tf.Tensor2D, p.weight as tf.Tensor2D, false, true);
      if (p.bias) y = tf.add(y, p.bias);
      return tf.reshape(y, [...x.shape.slice(0, -1), out]);
    }
    case "bn":
      return batchNorm(node, x, p);
    case "lrn":
      return lrn(node, x);
    case "dropout": {
      const mask = masks?.get(node.name);
      if (!mask) throw new Error(`tfjs model: no dropout mask given for '${node.name}'`);
      return tf.mul(x, tf.tensor(mask, x.shape));
    }
    case "relu":
      return tf.relu(x);
    case "leaky_relu":
      return tf.leakyRelu(x, num(a, "alpha"));
    case "prelu": {
      const slope = a.per_channel === true ? perChannel(p.weight!, x.rank) : tf.reshape(p.weight!, []);
      return tf.where(tf.greater(detach(x), 0), x, tf.mul(x, slope));
    }
    case "elu":
      // exp of min(x, 0): the unused branch stays finite.
      return tf.where(tf.greater(detach(x), 0), x, tf.mul(tf.expm1(tf.minimum(x, 0)), num(a, "alpha")));
    case "sigmoid":
      return tf.sigmoid(x);
    case "tanh":
      return tf.tanh(x);
    case "softmax":
      return alongAxis(x, num(a, "axis") + 1, (t) => tf.softmax(t));
    case "flatten":
      return tf.reshape(x, [batch, prod(node.shape)]);
    case "reshape":
      return tf.reshape(x, [batch, ...node.shape]);
    case "add":
      return tf.addN(xs);
    case "mul": {
      const rank = Math.max(xs[0]!.rank, xs[1]!.rank);
      return tf.mul(channelFirst(xs[0]!, rank), channelFirst(xs[1]!, rank));
    }
    case "concat":
      return tf.concat(xs, num(a, "axis") + 1);
    case "slice": {
      const axis = num(a, "axis") + 1;
      const begin = x.shape.map((_, i) => (i === axis ? num(a, "start") : 0));
      const size = x.shape.map((d, i) => (i === axis ? num(a, "end") - num(a, "start") : d));
      return tf.slice(x, begin, size);
    }
    case "shuffle": {
      const g = num(a, "groups");
      const [n, c, ...rest] = x.shape;
      const t = tf.reshape(x, [n!, g, c! / g, ...rest]);
      const perm = t.shape.map((_, i) => (i === 1 ? 2 : i === 2 ? 1 : i));
      return tf.reshape(tf.transpose(t, perm), x.shape);
    }
    case "scale": {
      let y = tf.mul(x, perChannel(p.weight!, x.rank));
      if (p.bias) y = tf.add(y, perChannel(p.bias, x.rank));
      return y;
    }
    default:
      throw new Error(`tfjs model: op '${node.op}' (node '${node.name}') is not modelled`);
  }
}

function lossValue(kind: string, attrs: Attrs, x: tf.Tensor, label: tf.Tensor): tf.Scalar {
  switch (kind) {
    case "cross_entropy": {
      // Classes on axis 1; every other position is one sample of the mean.
      const k = x.shape[1]!;
      const logits = x.rank === 2 ? x : tf.transpose(x, [0, ...x.shape.slice(2).map((_, i) => i + 2), 1]);
      const logp = tf.logSoftmax(tf.reshape(logits, [-1, k]) as tf.Tensor2D);
      const s = typeof attrs.smoothing === "number" ? attrs.smoothing : 0;
      const q = tf.add(tf.mul(tf.oneHot(tf.reshape(label, [-1]) as tf.Tensor1D, k), 1 - s), s / k);
      return tf.neg(tf.mean(tf.sum(tf.mul(q, logp), 1))) as tf.Scalar;
    }
    case "bce":
      return tf.mean(tf.add(tf.sub(tf.relu(x), tf.mul(x, label)), tf.log1p(tf.exp(tf.neg(tf.abs(x)))))) as tf.Scalar;
    case "mse":
      return tf.mean(tf.square(tf.sub(x, label))) as tf.Scalar;
    case "smooth_l1": {
      const beta = typeof attrs.beta === "number" ? attrs.beta : 1;
      const d = tf.sub(x, label);
      const ad = tf.abs(d);
      return tf.mean(tf.where(tf.less(detach(ad), beta), tf.div(tf.mul(tf.square(d), 0.5), beta), tf.sub(ad, 0.5 * beta))) as tf.Scalar;
    }
    default:
      throw new Error(`tfjs model: loss '${kind}' is not modelled`);
  }
}

/**
 * The forward graph in tf.js: every node's value, batched, NCHW. `params`
 * maps weight and bias names to tensors (BN buffers are not read: bn runs in
 * training mode, on batch statistics).
 */
export function tfjsForward(graph: Graph, params: ReadonlyMap<string, tf.Tensor>, feeds: Pick<TfjsFeeds, "batch" | "inputs" | "masks">): tf.Tensor[] {
  const values: tf.Tensor[] = [];
  for (const node of graph.nodes) {
    if (node.op === "input") {
      const data = feeds.inputs.get(node.name);
      if (!data) throw new Error(`tfjs model: no value for input '${node.name}'`);
      values[node.id] = tf.tensor(data, [feeds.batch, ...node.shape], "float32");
      continue;
    }
    const p: Record<string, tf.Tensor> = {};
    for (const [role, name] of Object.entries(node.params)) {
      if (graph.params.get(name)?.kind === "buffer") continue;
      const t = params.get(name);
      if (!t) throw new Error(`tfjs model: no value for parameter '${name}'`);
      p[role] = t;
    }
    const y = forwardNode(node, node.inputs.map((i) => values[i]!), p, feeds.batch, feeds.masks);
    const want = [feeds.batch, ...node.shape];
    if (y.shape.length !== want.length || y.shape.some((d, i) => d !== want[i])) {
      throw new Error(`tfjs model: node '${node.name}' (${node.op}) gave shape [${y.shape.join(", ")}], the IR says [${want.join(", ")}]`);
    }
    values[node.id] = y;
  }
  return values;
}

/**
 * Runs the forward graph (batch statistics in bn, the given dropout masks)
 * and the training section's losses in tf.js, and differentiates the weighted
 * total with respect to every weight and bias (BN running statistics are
 * buffers and are only read by eval mode, which this model does not use).
 */
export function tfjsLoss(graph: Graph, train: TrainSpec, params: ReadonlyMap<string, Float32Array>, feeds: TfjsFeeds): TfjsResult {
  const names = [...graph.params.values()].filter((info) => info.kind !== "buffer").map((info) => info.name);
  const frozen = new Set(names.filter((n) => graph.params.get(n)!.trainable !== true));
  const outputs = new Map<string, Float32Array>();
  const losses: number[] = [];

  tf.engine().startScope();
  try {
    const tensorOf = (name: string) => {
      const data = params.get(name);
      if (!data) throw new Error(`tfjs model: no value for parameter '${name}'`);
      return tf.tensor(data, [...graph.params.get(name)!.shape], "float32");
    };
    const diffed = names.map(tensorOf);
    const labels = new Map<string, tf.Tensor>();
    for (const l of train.losses) {
      const data = feeds.labels.get(l.label);
      if (!data) throw new Error(`tfjs model: no value for label '${l.label}'`);
      const shape = [feeds.batch, ...l.labelShape];
      labels.set(l.label, l.labelDType === "i32" ? tf.tensor(Int32Array.from(data), shape, "int32") : tf.tensor(Float32Array.from(data), shape, "float32"));
    }

    const total = (...ps: tf.Tensor[]): tf.Scalar => {
      const values = tfjsForward(graph, new Map(names.map((n, i) => [n, ps[i]!])), feeds);
      for (const o of graph.outputs) outputs.set(o.name, values[o.node]!.dataSync() as Float32Array);
      let sum: tf.Scalar | undefined;
      losses.length = 0;
      for (const l of train.losses) {
        const out = graph.outputs.find((o) => o.name === l.output)!;
        const v = lossValue(l.kind, l.attrs, values[out.node]!, labels.get(l.label)!);
        losses.push(v.dataSync()[0]!);
        const term = tf.mul(v, l.weight) as tf.Scalar;
        sum = sum === undefined ? term : (tf.add(sum, term) as tf.Scalar);
      }
      return sum!;
    };

    const { value, grads } = tf.valueAndGrads(total)(diffed);
    const gradients = new Map<string, Float32Array>();
    names.forEach((n, i) => gradients.set(n, grads[i]!.dataSync() as Float32Array));
    return { outputs, losses: [...losses], loss: value.dataSync()[0]!, gradients, frozen };
  } finally {
    tf.engine().endScope();
  }
}
