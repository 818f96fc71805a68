// matmul, the batched matrix product with tf.matmul's transpose flags (issue
// 13, ViT attention): the definition's facts
// and errors, the language forms, the float64 reference against TF.js's
// matMul (transposes, a batch axis, leading axes) and the gradient rule's
// matmuls against tf.grads, the GEMM kernel on WebGPU against the reference
// in every GEMM template the autotuner may pick (sizes that do not divide
// the tiles included) and in a training graph, fusion around it, and the
// gradient through the whole pipeline against finite differences in float64.

import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import type { Graph } from "../../core/ir/graph.js";
import { OpError, type GradContext } from "../../ops/contract.js";
import { lookupOp } from "../../ops/registry.js";
import { kernel as mmRef } from "../../ops/matmul/reference.js";
import { fromArray, type Tensor } from "../../core/tensor/tensor.js";
import { buildInferenceProgram, buildTrainingProgram } from "../../compiler/codegen/program.js";
import { gemmCandidates } from "../../host/tune/autotune.js";
import { describeChoice } from "../../ops/templates/gemm_choice.js";
import { applyOp } from "../helpers/ops.js";
import { useTfjsCpu, graphOf, refContext, expectGpuParity, expectGradcheck, computedIds } from "../helpers/op_checks.js";
import { runBoth, relativeError, sharedDevice } from "../helpers/gpu_parity.js";
import { graphOf as compileBoth, runPair, BATCH } from "../helpers/fused_pair.js";
import { limitFor } from "../helpers/time_limits.js";
import { opsOf } from "../reference/gradcheck/helpers.js";

useTfjsCpu();

/** Deterministic values in [−1, 1) that are exact in float32 (multiples of 1/32). */
function values(n: number, seed: number): number[] {
  return Array.from({ length: n }, (_, i) => (((i * 37 + seed * 11) % 64) - 32) / 32);
}

const count = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
const COMBOS = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
] as const;

/** The stored shapes of a and b (leading axes `lead`) for op(a) [M, K] and op(b) [K, N]. */
function operandShapes(lead: readonly number[], M: number, K: number, N: number, ta: boolean, tb: boolean): [number[], number[]] {
  return [
    [...lead, ...(ta ? [K, M] : [M, K])],
    [...lead, ...(tb ? [N, K] : [K, N])],
  ];
}

const attrsOf = (ta: boolean, tb: boolean) => ({ transpose_a: ta, transpose_b: tb });

function runRef(a: Tensor, b: Tensor, ta: boolean, tb: boolean): Tensor {
  return mmRef([a, b], attrsOf(ta, tb), {}, refContext([], a.shape[0]));
}

describe("matmul: definition", () => {
  it("multiplies the last two axes per leading index, costs lead·M·N·K MACs, owns nothing, and is global", () => {
    const r = applyOp("matmul", [[2, 5, 7], [2, 7, 3]]);
    expect(r.attrs).toEqual({ transpose_a: false, transpose_b: false });
    expect(r.shape).toEqual([2, 5, 3]);
    expect(r.cost).toEqual({ macs: 2 * 5 * 3 * 7, flops: 0 });
    expect(r.paramCount).toBe(0);
    expect(r.spatial).toEqual({ kind: "global" });
    // Attention scores q·kᵀ per head: [H, T, dh] twice gives [H, T, T] and H·T·T·dh MACs.
    const s = applyOp("matmul", [[12, 197, 64], [12, 197, 64]], [], { transpose_b: true });
    expect(s.shape).toEqual([12, 197, 197]);
    expect(s.cost).toEqual({ macs: 12 * 197 * 197 * 64, flops: 0 });
    expect(applyOp("matmul", [[3, 7, 5], [3, 7, 2]], [], { transpose_a: true }).shape).toEqual([3, 5, 2]);
    expect(applyOp("matmul", [[7, 5], [2, 7]], [true, true]).shape).toEqual([5, 2]);
    const plain = applyOp("matmul", [[5, 7], [7, 3]]);
    expect(plain.shape).toEqual([5, 3]);
    expect(plain.cost.macs).toBe(105);
    expect(applyOp("matmul", [[2, 3, 4, 5], [2, 3, 5, 6]]).cost.macs).toBe(6 * 4 * 6 * 5);
    expect(lookupOp("matmul")!.arity).toBe(2);
    expect(lookupOp("matmul")!.batched).toBe("always");
  });

  it("refuses a rank below 2, inner sizes that differ and leading axes that differ, saying what it expected", () => {
    const err = (a: number[], b: number[], named = {}) => {
      try {
        applyOp("matmul", [a, b], [], named);
      } catch (e) {
        expect(e).toBeInstanceOf(OpError);
        return { message: (e as OpError).message, expected: (e as OpError).expected };
      }
      throw new Error("no error");
    };
    expect(err([7], [7, 3])).toEqual({ message: "a has shape [7], but matmul needs a matrix per sample (its last two axes)", expected: "a of rank ≥ 2, […, M, K]" });
    expect(err([5, 7], [7], { transpose_b: true })).toEqual({ message: "b has shape [7], but matmul needs a matrix per sample (its last two axes)", expected: "b of rank ≥ 2, […, N, K]" });
    expect(err([2, 5, 7], [2, 6, 3])).toEqual({ message: "inner sizes differ: a's columns are 7, b's rows are 6 (a [2, 5, 7], b [2, 6, 3])", expected: "b of shape [2, 7, N]" });
    expect(err([2, 5, 7], [2, 3, 6], { transpose_a: true, transpose_b: true })).toEqual({
      message: "inner sizes differ: a's rows (transpose_a) are 5, b's columns (transpose_b) are 6 (a [2, 5, 7], b [2, 3, 6])",
      expected: "b of shape [2, N, 5]",
    });
    expect(err([2, 5, 7], [3, 7, 3]).message).toBe("a has shape [2, 5, 7] and b has shape [3, 7, 3]: their leading axes [2] and [3] differ (matmul does not broadcast)");
    expect(err([5, 7], [2, 7, 3]).message).toContain("their leading axes [] and [2] differ");
  });

  it("is called with two tensors as arguments or with one piped, and reports a mismatch at the call", () => {
    const g = graphOf("network k {\ninput q: [2, 6, 4]\ninput k: [2, 6, 4]\ns = matmul(q, k, transpose_b=true)\noutput y = s |> matmul(k)\noutput z = q |> matmul(k, transpose_a=true)\n}\n");
    const mms = g.nodes.filter((n) => n.op === "matmul");
    expect(mms.map((n) => [n.shape, n.attrs])).toEqual([
      [[2, 6, 6], { transpose_a: false, transpose_b: true }],
      [[2, 6, 4], { transpose_a: false, transpose_b: false }],
      [[2, 4, 4], { transpose_a: true, transpose_b: false }],
    ]);
    expect(mms[1]!.inputs).toEqual([mms[0]!.id, g.nodes.find((n) => n.name === "k")!.id]);
  });
});

describe("matmul: float64 reference and gradient rule against TF.js", () => {
  it("agrees with tf.matMul in all four transpose combinations, with the batch and a leading axis", () => {
    for (const lead of [[2], [2, 3]]) {
      for (const [ta, tb] of COMBOS) {
        const [as, bs] = operandShapes(lead, 4, 5, 6, ta, tb);
        const a = values(count(as), 1);
        const b = values(count(bs), 2);
        const got = runRef(fromArray(as, a, "f64"), fromArray(bs, b, "f64"), ta, tb);
        const want = tf.matMul(tf.tensor(a, as), tf.tensor(b, bs), ta, tb);
        expect(got.shape, `${lead} ${ta} ${tb}`).toEqual(want.shape);
        // Sums of five products of multiples of 1/32: exact in float32 too.
        expect([...got.data], `${lead} ${ta} ${tb}`).toEqual([...want.dataSync()]);
      }
    }
  });

  /** The matmuls matmul's gradient rule emits for forward node `node`, evaluated on the reference: [da, db]. */
  function ruleGrads(node: Graph["nodes"][number], a: Tensor, b: Tensor, dy: Tensor, needs: readonly [boolean, boolean]) {
    const values = new Map<number, Tensor>([
      [0, a],
      [1, b],
      [2, dy],
    ]);
    const emitted: string[] = [];
    const ctx: GradContext = {
      node,
      inputs: [a.shape.slice(1), b.shape.slice(1)],
      attrs: node.attrs,
      x: (i) => i,
      y: 3,
      dy: 2,
      needsInput: (i) => needs[i]!,
      needsParam: () => false,
      emit: (op, inputs, attrs) => {
        emitted.push(op);
        const id = 4 + values.size;
        values.set(id, mmRef(inputs.map((i) => values.get(i)!), attrs, {}, refContext([], a.shape[0])));
        return id;
      },
      aux: () => {
        throw new Error("matmul has no aux values");
      },
    };
    const r = lookupOp("matmul")!.grad!(ctx);
    expect(emitted.every((op) => op === "matmul")).toBe(true);
    return { emitted: emitted.length, da: r.inputs?.[0] === undefined ? undefined : values.get(r.inputs[0]), db: r.inputs?.[1] === undefined ? undefined : values.get(r.inputs[1]) };
  }

  it("its gradient rule's matmuls agree with tf.grads in all four combinations, and emit only what needsInput asks", () => {
    for (const [ta, tb] of COMBOS) {
      const [as, bs] = operandShapes([3], 4, 5, 6, ta, tb);
      const full = (s: number[]) => [2, ...s];
      const g = graphOf(`network k {\ninput a: [${as}]\ninput b: [${bs}]\noutput y = matmul(a, b, transpose_a=${ta}, transpose_b=${tb})\n}\n`);
      const node = g.nodes.find((n) => n.op === "matmul")!;
      const a = values(count(full(as)), 3);
      const b = values(count(full(bs)), 4);
      const dy = values(2 * count(node.shape), 5);
      const T = (v: number[], s: number[]) => fromArray(full(s), v, "f64");
      const { da, db, emitted } = ruleGrads(node, T(a, as), T(b, bs), T(dy, [...node.shape]), [true, true]);
      expect(emitted).toBe(2);
      const dyT = tf.tensor(dy, full([...node.shape]));
      const [ga, gb] = tf.grads((x: tf.Tensor, w: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x, w, ta, tb), dyT)))([tf.tensor(a, full(as)), tf.tensor(b, full(bs))]) as [tf.Tensor, tf.Tensor];
      expect(da!.shape, `da ${ta} ${tb}`).toEqual(ga.shape);
      expect(db!.shape, `db ${ta} ${tb}`).toEqual(gb.shape);
      expect([...da!.data], `da ${ta} ${tb}`).toEqual([...ga.dataSync()]);
      expect([...db!.data], `db ${ta} ${tb}`).toEqual([...gb.dataSync()]);
      const onlyB = ruleGrads(node, T(a, as), T(b, bs), T(dy, [...node.shape]), [false, true]);
      expect([onlyB.emitted, onlyB.da, onlyB.db?.shape]).toEqual([1, undefined, gb.shape]);
      const onlyA = ruleGrads(node, T(a, as), T(b, bs), T(dy, [...node.shape]), [true, false]);
      expect([onlyA.emitted, onlyA.da?.shape, onlyA.db]).toEqual([1, ga.shape, undefined]);
    }
  });
});

// Every combination on small odd sizes, a product larger than one tile
// (M = 67, N = 70) with K a multiple of 4 (the direct template's vec4
// path for a·bᵀ), a per-sample matrix (rank 2) and a value used as both
// operands (a Gram matrix).
const FORWARD = `network k {
input a: [2, 5, 7]
input b: [2, 7, 3]
input at: [2, 7, 5]
input bt: [2, 3, 7]
input p: [3, 67, 12]
input q: [3, 70, 12]
input m: [13, 9]
input n: [9, 11]
output ff = matmul(a, b)
output ft = matmul(a, bt, transpose_b=true)
output tf = matmul(at, b, transpose_a=true)
output tt = matmul(at, bt, transpose_a=true, transpose_b=true)
output big = matmul(p, q, transpose_b=true)
output bigt = matmul(q, p |> transpose(1, 2))
output mn = matmul(m, n)
output gram = matmul(a, a, transpose_b=true)
}
`;

// A small attention (two heads of 4 over 6 tokens) and the two other
// combinations, trained: the backward matmuls take every combination. The
// key projection has no bias: softmax over the keys is invariant to it, so
// its gradient would be zero up to rounding, which no relative bound fits.
const TRAIN = `network k {
input x: [6, 8]
q = x |> dense(8) |> reshape([6, 2, 4]) |> transpose(0, 1)
kk = x |> dense(8, bias=false) |> reshape([6, 2, 4]) |> transpose(0, 1)
v = x |> dense(8) |> reshape([6, 2, 4]) |> transpose(0, 1)
s = (matmul(q, kk, transpose_b=true) * 0.5) |> softmax(axis=-1)
output y = matmul(s, v) |> transpose(0, 1) |> reshape([6, 8]) |> dense(3)
output z = matmul(x, x |> dense(5), transpose_a=true)
output w = matmul(x |> dense(4), x |> dense(6), transpose_a=true, transpose_b=true)
}
train k {
loss mse(y, t)
loss mse(z, u)
loss mse(w, r)
optimizer sgd(lr = 0.1)
}
`;

describe("matmul: WGSL kernel on WebGPU", { timeout: limitFor(15) }, () => {
  it("matches the reference forward in every GEMM template and tile the autotuner may choose", async () => {
    const g = graphOf(FORWARD);
    await expectGpuParity(g, 2, 1e-5, { label: (name) => `default tile: ${name}` });
    const { device } = await sharedDevice();
    const read = computedIds(g).filter((id) => g.nodes[id]!.op === "matmul");
    for (const choice of gemmCandidates(device.features)) {
      const r = await runBoth(g, 2, read, { gemmChoice: () => choice });
      for (const id of read) expect(relativeError(r.gpu.get(id)!, r.ref.get(id)!), `${describeChoice(choice)}: ${g.nodes[id]!.name}`).toBeLessThan(1e-5);
    }
  });

  it("matches the reference in a training graph with attention (within 1e-4)", async () => {
    const tg = graphOf(TRAIN, true);
    const combos = new Set(tg.nodes.filter((n) => n.op === "matmul").map((n) => `${n.attrs.transpose_a} ${n.attrs.transpose_b}`));
    expect(combos.size).toBe(4);
    expect(tg.nodes.filter((n) => n.op === "softmax_grad").map((n) => n.attrs.axis)).toEqual([2]);
    await expectGpuParity(tg, 2, 1e-4, { label: (name) => name });
  });

  it("is fused with what follows it (epilogue) and what feeds it (prologue), and computes the same", async () => {
    const text = "network k {\ninput q: [2, 6, 4]\ninput kk: [2, 6, 4]\noutput y = (matmul(q |> relu, kk |> dense(4), transpose_b=true) * 0.5) |> tanh\n}\n";
    const g = compileBoth(text).graph!;
    const fused = buildInferenceProgram(g, BATCH);
    const gemm = fused.kernels.filter((k) => k.nodes.some((n) => g.nodes.find((m) => m.name === n)!.op === "matmul"));
    expect(gemm).toHaveLength(1);
    const ops = (names: readonly string[]) => names.map((n) => g.nodes.find((m) => m.name === n)!.op).sort();
    expect(ops(gemm[0]!.nodes)).toEqual(expect.arrayContaining(["affine", "matmul", "tanh"]));
    expect(gemm[0]!.code).toContain("recomputes");
    await runPair(fused, buildInferenceProgram(g, BATCH, undefined, { fuse: false }), g);
    const r = compileBoth(`${text}train k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n`, true);
    await runPair(buildTrainingProgram(r.training!, BATCH), buildTrainingProgram(r.training!, BATCH, { fuse: false }), r.graph!, 0.1);
  });
});

describe("matmul: gradient through the whole pipeline (float64 finite differences)", () => {
  it("passes in all four transpose combinations", () => {
    for (const [ta, tb] of COMBOS) {
      const [as, bs] = operandShapes([2], 3, 4, 5, ta, tb);
      const text = `network k {\ninput a: [${as}]\ninput b: [${bs}]\noutput y = matmul(a |> tanh, b |> dense(${bs[bs.length - 1]}), transpose_a=${ta}, transpose_b=${tb}) |> softmax(axis=-1)\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n`;
      const { training } = expectGradcheck(text, (name) => `${ta} ${tb}: ${name}`);
      expect(opsOf(training).filter((op) => op === "matmul")).toHaveLength(3);
    }
  });
});
