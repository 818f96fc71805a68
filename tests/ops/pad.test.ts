// pad, PyTorch's F.pad on a [C, H, W] map (zeros/"constant", reflect,
// replicate; p an int, [h, w] or [top, bottom, left, right]): its
// definition's facts and errors, its float64 reference against TF.js
// (tf.pad, tf.mirrorPad "reflect") and a closed form (replicate), its
// gradient against tf.grad (of tf.pad, and of gathers for reflect and
// replicate) and the adjoint identity, its WGSL kernels
// (pad and the gather pad_grad) on WebGPU against the reference, and the
// gradient through the whole pipeline against finite differences.

import "@tensorflow/tfjs-core/dist/register_all_gradients.js";
import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import type { Attrs } from "../../core/ir/graph.js";
import { AttrError } from "../../ops/attrs.js";
import { OpError } from "../../ops/contract.js";
import { kernel as padRef } from "../../ops/pad/reference.js";
import { kernel as padGradRef } from "../../ops/pad_grad/reference.js";
import { fromArray, type Tensor } from "../../core/tensor/tensor.js";
import { applyOp } from "../helpers/ops.js";
import { useTfjsCpu, graphOf, refContext, expectGpuParity, expectGradcheck } from "../helpers/op_checks.js";
import { opsOf } from "../reference/gradcheck/helpers.js";

useTfjsCpu();

const ctx = (outShape: number[]) => refContext(outShape, 1);

/** Deterministic values in [−1, 1) that are exact in float32. */
function values(n: number, seed: number): number[] {
  return Array.from({ length: n }, (_, i) => (((i * 37 + seed * 11) % 64) - 32) / 32);
}

const [C, H, W] = [2, 4, 5];
const X = values(C * H * W, 1);

function padX(mode: string, p: number[]): Tensor {
  const attrs: Attrs = { p, mode };
  const [t, b, l, r] = p as [number, number, number, number];
  return padRef([fromArray([1, C, H, W], X, "f64")], attrs, {}, ctx([C, H + t + b, W + l + r]));
}

function padGradOf(mode: string, p: number[], dy: number[]): Tensor {
  const [t, b, l, r] = p as [number, number, number, number];
  const attrs: Attrs = { p, mode, in_shape: [C, H, W] };
  return padGradRef([fromArray([1, C, H + t + b, W + l + r], dy, "f64")], attrs, {}, ctx([C, H, W]));
}

const tfPads = (p: number[]): [number, number][] => [[0, 0], [0, 0], [p[0]!, p[1]!], [p[2]!, p[3]!]];

describe("pad", () => {
  it("pads each side by its own amount, costs nothing, owns no parameters and maps pixels by the leading pads", () => {
    expect(applyOp("pad", [[3, 5, 7]], [1]).shape).toEqual([3, 7, 9]);
    expect(applyOp("pad", [[3, 5, 7]], [[1, 2]]).attrs.p).toEqual([1, 1, 2, 2]);
    const r = applyOp("pad", [[3, 5, 7]], [], { padding: [0, 1, 2, 3], mode: "reflect" });
    expect(r.shape).toEqual([3, 6, 12]);
    expect(r.attrs.p).toEqual([0, 1, 2, 3]);
    expect(r.cost).toEqual({ macs: 0, flops: 0 });
    expect(r.paramCount).toBe(0);
    expect(r.spatial).toEqual({ kind: "window", kernel: [1, 1], stride: [1, 1], pad: [0, 2], dilation: [1, 1] });
    expect(applyOp("pad", [[3, 5, 7]], [1], { mode: "constant" }).shape).toEqual([3, 7, 9]);
    // Replicate, as PyTorch, allows pads larger than the input.
    expect(applyOp("pad", [[1, 2, 2]], [[5, 0, 0, 3]], { mode: "replicate" }).shape).toEqual([1, 7, 5]);
  });

  it("refuses reflect pads that reach the input's size, negative or ill-shaped pads, and inputs that are not [C, H, W]", () => {
    expect(() => applyOp("pad", [[3, 4, 7]], [[0, 4, 0, 0]], { mode: "reflect" })).toThrow(OpError);
    expect(() => applyOp("pad", [[3, 4, 7]], [[0, 4, 0, 0]], { mode: "reflect" })).toThrow("reflect padding bottom = 4 must be below the input's H = 4");
    expect(() => applyOp("pad", [[3, 4, 7]], [[0, 0, 7, 0]], { mode: "reflect" })).toThrow("reflect padding left = 7 must be below the input's W = 7");
    expect(applyOp("pad", [[3, 4, 7]], [[3, 3, 6, 6]], { mode: "reflect" }).shape).toEqual([3, 10, 19]);
    expect(() => applyOp("pad", [[3, 4, 7]], [-1])).toThrow(AttrError);
    expect(() => applyOp("pad", [[3, 4, 7]], [[1, 2, 3]])).toThrow("'p' must be an integer, [h, w] or [top, bottom, left, right], got [1, 2, 3]");
    expect(() => applyOp("pad", [[3, 4, 7]], [1], { mode: "circular" })).toThrow(AttrError);
    expect(() => applyOp("pad", [[12]], [1])).toThrow(OpError);
    expect(() => applyOp("pad", [[3, 4, 7]], [])).toThrow("pad needs attribute 'p'");
  });

  it("compiles docs/language.md's examples: TF-style \"same\" with stride 2 and a reflect border", () => {
    const g = graphOf('network k {\ninput x: [3, 224, 224]\ninput y: [3, 32, 32]\noutput a = x |> pad([0, 1, 0, 1]) |> conv(32, k=3, s=2)\noutput b = y |> pad(1, mode="reflect") |> conv(64, k=3)\n}\n');
    expect(g.outputs.map((o) => g.nodes[o.node]!.shape)).toEqual([[32, 112, 112], [64, 32, 32]]);
  });

  it("its gradient op checks dy against the forward shape and counts the border adds", () => {
    const g = applyOp("pad_grad", [[2, 7, 9]], [], { p: [1, 2, 3, 1], mode: "replicate", in_shape: [2, 4, 5] });
    expect(g.shape).toEqual([2, 4, 5]);
    expect(g.cost).toEqual({ macs: 0, flops: 2 * 7 * 9 - 2 * 4 * 5 });
    expect(applyOp("pad_grad", [[2, 7, 9]], [], { p: [1, 2, 3, 1], in_shape: [2, 4, 5] }).cost.flops).toBe(0);
    expect(() => applyOp("pad_grad", [[2, 7, 8]], [], { p: [1, 2, 3, 1], in_shape: [2, 4, 5] })).toThrow(OpError);
  });

  it("its float64 reference agrees with TF.js's pad and mirrorPad and with replicate's closed form", () => {
    const x = tf.tensor4d(X, [1, C, H, W], "float32");
    const zeros = [1, 2, 3, 0];
    expect([...padX("zeros", zeros).data]).toEqual([...tf.pad(x, tfPads(zeros)).dataSync()]);
    expect([...padX("constant", zeros).data]).toEqual([...padX("zeros", zeros).data]);
    const reflect = [2, 3, 0, 4];
    expect([...padX("reflect", reflect).data]).toEqual([...tf.mirrorPad(x, tfPads(reflect), "reflect").dataSync()]);
    // replicate: y[c, i, j] = x[c, clamp(i − top, 0, H − 1), clamp(j − left, 0, W − 1)].
    const [t, b, l, r] = [3, 1, 0, 6];
    const [oh, ow] = [H + t + b, W + l + r];
    const want: number[] = [];
    const clamp = (v: number, n: number) => Math.min(Math.max(v, 0), n - 1);
    for (let c = 0; c < C; c++) for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++) want.push(X[(c * H + clamp(i - t, H)) * W + clamp(j - l, W)]!);
    expect([...padX("replicate", [t, b, l, r]).data]).toEqual(want);
  });

  it("its gradient's reference agrees with tf.grad and is the adjoint of pad in every mode", () => {
    const x = tf.tensor4d(X, [1, C, H, W], "float32");
    // TF.js's own MirrorPad gradient slices the interior and drops the
    // reflected parts, so reflect and replicate are written for tf.grad as
    // gathers along H and W with the index maps from PyTorch's definition
    // (gather's gradient sums over repeated indices); the reflect gather is
    // checked against tf.mirrorPad first.
    const reflect = (o: number, n: number) => (o < 0 ? -o : o >= n ? 2 * (n - 1) - o : o);
    const replicate = (o: number, n: number) => Math.min(Math.max(o, 0), n - 1);
    const gathered = (v: tf.Tensor4D, p: readonly number[], src: (o: number, n: number) => number) => {
      const rows = Array.from({ length: H + p[0]! + p[1]! }, (_, i) => src(i - p[0]!, H));
      const cols = Array.from({ length: W + p[2]! + p[3]! }, (_, j) => src(j - p[2]!, W));
      return tf.gather(tf.gather(v, tf.tensor1d(rows, "int32"), 2), tf.tensor1d(cols, "int32"), 3);
    };
    expect([...gathered(x, [3, 2, 1, 4], reflect).dataSync()]).toEqual([...tf.mirrorPad(x, tfPads([3, 2, 1, 4]), "reflect").dataSync()]);
    for (const [mode, p] of [["zeros", [1, 2, 3, 0]], ["reflect", [3, 2, 1, 4]], ["replicate", [5, 0, 2, 7]]] as const) {
      const [t, b, l, r] = p;
      const n = C * (H + t + b) * (W + l + r);
      const dy = values(n, 5);
      const dx = padGradOf(mode, [...p], dy);
      // <pad(x), dy> = <x, pad_grad(dy)>: pad_grad is pad's transpose.
      const y = padX(mode, [...p]).data;
      const lhs = dy.reduce((s, v, i) => s + v * y[i]!, 0);
      const rhs = X.reduce((s, v, i) => s + v * dx.data[i]!, 0);
      expect(lhs, mode).toBeCloseTo(rhs, 12);
      const dyT = tf.tensor4d(dy, [1, C, H + t + b, W + l + r], "float32");
      const padded = (v: tf.Tensor4D) => (mode === "zeros" ? tf.pad(v, tfPads([...p])) : gathered(v, p, mode === "reflect" ? reflect : replicate));
      const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(padded(v as tf.Tensor4D), dyT)))(x).dataSync();
      dx.data.forEach((v, i) => expect(v, `${mode} ${i}`).toBeCloseTo(g[i]!, 5));
    }
  });

  it("its WGSL kernels match the reference, forward and in a training graph, in every mode", async () => {
    const fwd = graphOf(
      'network k {\ninput x: [3, 5, 6]\noutput a = x |> pad([1, 2, 0, 3])\noutput b = x |> pad([4, 1, 2, 5], mode="reflect")\noutput c = x |> pad([7, 0, 1, 9], mode="replicate")\n}\n',
    );
    await expectGpuParity(fwd, 2, 1e-6, { label: (name) => name });

    for (const p of ['[0, 1, 0, 1]', '[2, 1, 3, 0], mode="reflect"', '[3, 0, 1, 6], mode="replicate"']) {
      const tg = graphOf(`network k {\ninput x: [3, 5, 6]\noutput y = x |> conv(3, k=1) |> pad(${p}) |> conv(4, k=3, s=2)\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n`, true);
      expect(tg.nodes.filter((n) => n.op === "pad_grad")).toHaveLength(1);
      await expectGpuParity(tg, 2, 1e-4, { label: (name) => `${p}: ${name}` });
    }
  });

  it("passes the finite-difference gradient check through the whole pipeline (float64) in every mode", () => {
    for (const p of ['[1, 0, 2, 1]', '[2, 1, 0, 2], mode="reflect"', '[3, 0, 1, 4], mode="replicate"']) {
      const text = `network k {\ninput x: [2, 3, 4]\noutput y = x |> conv(2, k=1) |> pad(${p}) |> conv(2, k=3, s=2)\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n`;
      const { training } = expectGradcheck(text, (name) => `${p}: ${name}`);
      expect(opsOf(training)).toContain("pad_grad");
    }
  });
});
