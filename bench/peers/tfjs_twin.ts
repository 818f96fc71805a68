// The TF.js twin of a benchmark network: the same layers, written with
// TF.js's own ops in its native layout (NHWC, tf.conv2d, tf.batchNorm,
// tf.maxPool, tf.losses.*), with dlc's initial weights converted once
// (OIHW → HWIO, [out, in] → [in, out], a dense layer after flatten permuted
// to NHWC order), trained by tf.train's optimizers on variables. It is what
// a TF.js user would write by hand for each model; building it from the
// network's layer list keeps the two sides from drifting apart. Layers a
// benchmark model does not use are refused.
//
// Two uses of the one converted network: the training step (buildTfTwin,
// batch norm on the batch's statistics) and the forward pass in eval mode
// (buildTfForward, batch norm on the running statistics), for the
// inference benchmark.

import type { Graph, Node } from "../../core/ir/graph.js";
import { intAttr, pairAttr, resolvePad } from "../../ops/contract.js";
import type { Tensor as RefTensor } from "../../core/tensor/tensor.js";
import { optimizerHyper } from "../../core/optim/optimizers.js";
import type { Tf } from "./tfjs_webgpu.js";

type T = import("@tensorflow/tfjs-core").Tensor;
type Pad4 = [[number, number], [number, number], [number, number], [number, number]];

export interface TfTwin {
  /** One training step; `read` returns the loss after waiting for it. */
  step(read: boolean): Promise<number | undefined>;
  /** One step under tf.profile: the kernels TF.js ran and the peak bytes its tensors held. */
  profile(): Promise<{ kernels: number; peakBytes: number }>;
  dispose(): void;
}

export interface TfForward {
  /** One eval-mode forward pass inside tf.tidy: the outputs by name, batch first, maps back in NCHW; the caller disposes them. */
  run(): Record<string, T>;
  dispose(): void;
}

/** The network on TF.js variables: its weights converted once, and its forward pass. */
interface TfNet {
  readonly vars: ReadonlyMap<string, import("@tensorflow/tfjs-core").Variable>;
  /** `training`: batch norm on the batch's statistics; else on the running statistics. */
  forward(inputs: ReadonlyMap<string, T>, training: boolean): Map<string, T>;
  dispose(): void;
}

/** NCHW batched feed → NHWC tensor. */
function toNhwc(tf: Tf, data: Float32Array, shape: readonly number[]): T {
  const t = tf.tensor(data, [...shape]);
  if (shape.length !== 4) return t;
  const out = tf.transpose(t, [0, 2, 3, 1]);
  t.dispose();
  return out;
}

function buildTfNet(tf: Tf, g: Graph, init: ReadonlyMap<string, RefTensor>, batch: number): TfNet {
  const vars = new Map<string, import("@tensorflow/tfjs-core").Variable>();
  const consts: T[] = [];
  const variable = (name: string, t: T, trainable = true) => {
    const v = tf.variable(t, trainable, name);
    t.dispose();
    vars.set(name, v);
    return v;
  };
  const param = (n: Node, role: string) => init.get(n.params[role]!)!;
  const trains = (n: Node, role: string) => g.params.get(n.params[role]!)!.trainable;
  // Values that were flattened from NHWC [C, H, W] maps: a dense layer reading one permutes its weight rows.
  const flattenedFrom = new Map<number, readonly number[]>();

  // Weights, converted once.
  for (const n of g.nodes) {
    if (n.op === "conv") {
      if (intAttr(n.attrs, "groups") !== 1) throw new Error(`tfjs twin: grouped conv '${n.name}' is not supported`);
      const w = param(n, "weight");
      const [o, , kh, kw] = n.attrs.table ? [n.shape[0]!, 0, pairAttr(n.attrs, "kernel")[0], pairAttr(n.attrs, "kernel")[1]] : w.shape;
      const inC = g.nodes[n.inputs[0]!]!.shape[0]!;
      // A connection table: the full weight with zeros off the table, and a constant mask that keeps them zero.
      const full = new Float32Array(o! * inC * kh! * kw!);
      const mask = new Float32Array(full.length).fill(1);
      if (Array.isArray(n.attrs.table)) {
        mask.fill(0);
        let l = 0;
        (n.attrs.table as readonly (readonly number[])[]).forEach((row, oc) => {
          for (const c of row) {
            for (let r = 0; r < kh! * kw!; r++) {
              full[(oc * inC + c) * kh! * kw! + r] = w.data[l * kh! * kw! + r]!;
              mask[(oc * inC + c) * kh! * kw! + r] = 1;
            }
            l++;
          }
        });
        const m = tf.tensor4d(mask, [o!, inC, kh!, kw!]);
        consts.push(tf.transpose(m, [2, 3, 1, 0]));
        m.dispose();
      } else full.set(w.data);
      const oihw = tf.tensor4d(full, [o!, inC, kh!, kw!]);
      variable(`${n.name}.weight`, tf.transpose(oihw, [2, 3, 1, 0]), trains(n, "weight"));
      oihw.dispose();
      if (n.params.bias) variable(`${n.name}.bias`, tf.tensor1d(Float32Array.from(param(n, "bias").data)), trains(n, "bias"));
    } else if (n.op === "dense") {
      const w = param(n, "weight");
      const [out, inF] = w.shape as [number, number];
      let rows = Float32Array.from(w.data);
      const from = flattenedFrom.get(n.inputs[0]!);
      if (from) {
        // Column c·HW + p of dlc's NCHW flatten is column p·C + c of NHWC's.
        const [c, hw] = [from[0]!, from[1]! * from[2]!];
        const permuted = new Float32Array(rows.length);
        for (let oi = 0; oi < out; oi++) for (let ci = 0; ci < c; ci++) for (let p = 0; p < hw; p++) permuted[oi * inF + p * c + ci] = rows[oi * inF + ci * hw + p]!;
        rows = permuted;
      }
      const oi = tf.tensor2d(rows, [out, inF]);
      variable(`${n.name}.weight`, tf.transpose(oi), trains(n, "weight"));
      oi.dispose();
      if (n.params.bias) variable(`${n.name}.bias`, tf.tensor1d(Float32Array.from(param(n, "bias").data)), trains(n, "bias"));
    } else if (n.op === "bn" || n.op === "scale") {
      for (const stat of ["running_mean", "running_var"]) if (n.params[stat]) variable(`${n.name}.${stat}`, tf.tensor1d(Float32Array.from(param(n, stat).data)), false);
      if (n.params.weight) variable(`${n.name}.weight`, tf.tensor1d(Float32Array.from(param(n, "weight").data)), trains(n, "weight"));
      if (n.params.bias) variable(`${n.name}.bias`, tf.tensor1d(Float32Array.from(param(n, "bias").data)), trains(n, "bias"));
    } else if (n.op === "flatten") {
      const s = g.nodes[n.inputs[0]!]!.shape;
      if (s.length === 3) flattenedFrom.set(n.id, s);
    }
  }
  const masks = new Map<string, T>();
  {
    let k = 0;
    for (const n of g.nodes) if (n.op === "conv" && Array.isArray(n.attrs.table)) masks.set(n.name, consts[k++]!);
  }

  const v = (name: string) => vars.get(name)!;
  const forward = (inputs: ReadonlyMap<string, T>, training: boolean): Map<string, T> => {
    const val = new Map<number, T>();
    for (const n of g.nodes) {
      const x = val.get(n.inputs[0]!)!;
      // A pool's stride defaults to its kernel.
      const stride = (): [number, number] => (n.attrs.stride == null ? pairAttr(n.attrs, "kernel") : pairAttr(n.attrs, "stride"));
      const pads = (): Pad4 => {
        const [kh, kw] = pairAttr(n.attrs, "kernel");
        const [sh, sw] = stride();
        const s = g.nodes[n.inputs[0]!]!.shape;
        const ph = resolvePad(n.attrs.padding!, 0, s[1]!, kh, sh, 1);
        const pw = resolvePad(n.attrs.padding!, 1, s[2]!, kw, sw, 1);
        return [[0, 0], ph, pw, [0, 0]];
      };
      let y: T;
      switch (n.op) {
        case "input":
          y = inputs.get(n.name)!;
          break;
        case "conv": {
          const w = masks.has(n.name) ? tf.mul(v(`${n.name}.weight`), masks.get(n.name)!) : v(`${n.name}.weight`);
          y = tf.conv2d(x as never, w as never, pairAttr(n.attrs, "stride"), pads());
          if (n.params.bias) y = tf.add(y, v(`${n.name}.bias`));
          break;
        }
        case "bn": {
          // Channels are the last axis in NHWC: statistics over all the others.
          const { mean, variance } = training ? tf.moments(x, [...Array(x.rank - 1).keys()]) : { mean: v(`${n.name}.running_mean`), variance: v(`${n.name}.running_var`) };
          y = tf.batchNorm(x, mean, variance, n.params.bias ? v(`${n.name}.bias`) : undefined, n.params.weight ? v(`${n.name}.weight`) : undefined, n.attrs.eps as number);
          break;
        }
        case "scale":
          y = tf.mul(x, v(`${n.name}.weight`));
          if (n.params.bias) y = tf.add(y, v(`${n.name}.bias`));
          break;
        case "relu":
          y = tf.relu(x);
          break;
        case "tanh":
          y = tf.tanh(x);
          break;
        case "maxpool":
        case "avgpool": {
          const p = pads();
          const same = p[1][0] + p[1][1] === pairAttr(n.attrs, "kernel")[0] - 1 && stride()[0] === 1;
          if (!same && (p[1][0] !== 0 || p[2][0] !== 0)) throw new Error(`tfjs twin: padded pooling '${n.name}' other than 'same' is not supported`);
          const pool = n.op === "maxpool" ? tf.maxPool : tf.avgPool;
          y = pool(x as never, pairAttr(n.attrs, "kernel"), stride(), same ? "same" : "valid");
          break;
        }
        case "add":
          y = tf.addN(n.inputs.map((i) => val.get(i)!));
          break;
        case "concat": {
          const rank = n.shape.length;
          const axis = intAttr(n.attrs, "axis");
          // Per-sample channel axis 0 of [C, H, W] is NHWC axis 3.
          y = tf.concat(n.inputs.map((i) => val.get(i)!), rank === 3 && axis === 0 ? 3 : axis + 1);
          break;
        }
        case "gap":
          y = tf.mean(x, [1, 2]);
          break;
        case "flatten":
          y = tf.reshape(x, [batch, -1]);
          break;
        case "dense":
          y = tf.matMul(x as never, v(`${n.name}.weight`) as never);
          if (n.params.bias) y = tf.add(y, v(`${n.name}.bias`));
          break;
        default:
          throw new Error(`tfjs twin: layer '${n.op}' ('${n.name}') is not supported`);
      }
      val.set(n.id, y);
    }
    return new Map(g.outputs.map((o) => [o.name, val.get(o.node)!]));
  };

  return {
    vars,
    forward,
    dispose() {
      for (const x of [...vars.values(), ...consts]) x.dispose();
    },
  };
}

/** The batched inputs as NHWC tensors. */
function inputTensors(tf: Tf, g: Graph, feeds: ReadonlyMap<string, Float32Array | Int32Array>, batch: number): Map<string, T> {
  return new Map(g.inputs.map((id) => [g.nodes[id]!.name, toNhwc(tf, feeds.get(g.nodes[id]!.name) as Float32Array, [batch, ...g.nodes[id]!.shape])]));
}

export function buildTfTwin(tf: Tf, g: Graph, init: ReadonlyMap<string, RefTensor>, feeds: ReadonlyMap<string, Float32Array | Int32Array>, batch: number): TfTwin {
  const spec = g.train;
  if (!spec) throw new Error(`network '${g.name}' has no training section`);
  const net = buildTfNet(tf, g, init, batch);
  const inputs = inputTensors(tf, g, feeds, batch);
  const labels = new Map<string, T>();
  for (const l of spec.losses) {
    if (labels.has(l.label)) continue;
    const data = feeds.get(l.label)!;
    const out = g.nodes[g.outputs.find((o) => o.name === l.output)!.node]!;
    if (l.kind === "cross_entropy") {
      const idx = tf.tensor1d(data as Int32Array, "int32");
      labels.set(l.label, tf.oneHot(idx, out.shape[0]!));
      idx.dispose();
    } else labels.set(l.label, tf.tensor(data as Float32Array, [batch, ...l.labelShape]));
  }

  const lossFn = () =>
    tf.tidy(() => {
      const out = net.forward(inputs, true);
      const terms = spec.losses.map((l) => {
        const pred = out.get(l.output)!;
        const t = labels.get(l.label)!;
        const value = l.kind === "cross_entropy" ? tf.losses.softmaxCrossEntropy(t, pred) : l.kind === "mse" ? tf.losses.meanSquaredError(t, pred) : undefined;
        if (!value) throw new Error(`tfjs twin: loss '${l.kind}' is not supported`);
        return tf.mul(value, l.weight);
      });
      return tf.addN(terms) as import("@tensorflow/tfjs-core").Scalar;
    });

  const o = optimizerHyper(spec.optimizer);
  if (o.weightDecay !== 0) throw new Error("tfjs twin: weight decay is not supported");
  const optimizer = o.kind === "adam" ? tf.train.adam(o.lr, o.beta1, o.beta2, o.eps) : o.kind === "sgd" ? (o.momentum > 0 ? tf.train.momentum(o.lr, o.momentum, o.nesterov) : tf.train.sgd(o.lr)) : undefined;
  if (!optimizer) throw new Error(`tfjs twin: optimizer '${o.kind}' is not supported`);
  const trained = [...net.vars.values()].filter((x) => x.trainable);
  return {
    async step(read) {
      const loss = optimizer.minimize(lossFn, true, trained);
      const value = read && loss ? (await loss.data())[0] : undefined;
      loss?.dispose();
      return value;
    },
    async profile() {
      const info = await tf.profile(() => {
        optimizer.minimize(lossFn, false, trained);
      });
      return { kernels: info.kernels.length, peakBytes: info.peakBytes };
    },
    dispose() {
      for (const x of [...inputs.values(), ...labels.values()]) x.dispose();
      net.dispose();
      optimizer.dispose();
    },
  };
}

/** The forward pass in eval mode on the same weights (batch norm on the running statistics), for inference. */
export function buildTfForward(tf: Tf, g: Graph, init: ReadonlyMap<string, RefTensor>, feeds: ReadonlyMap<string, Float32Array | Int32Array>, batch: number): TfForward {
  const net = buildTfNet(tf, g, init, batch);
  const inputs = inputTensors(tf, g, feeds, batch);
  return {
    run: () =>
      tf.tidy(() => {
        const out: Record<string, T> = {};
        for (const [name, y] of net.forward(inputs, false)) out[name] = y.rank === 4 ? tf.transpose(y, [0, 3, 1, 2]) : y;
        return out;
      }),
    dispose() {
      for (const x of inputs.values()) x.dispose();
      net.dispose();
    },
  };
}
