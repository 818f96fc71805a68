// sub, a − b for two tensors of one shape (what `a - b` makes in the
// language): its definition's facts, its float64 reference against the
// closed form and TF.js's tf.sub (CPU backend), its WGSL kernel (unfused,
// and fused into a conv's epilogue) against the reference, and its gradient
// (dy for a, affine(dy, scale = −1) for b) through the whole pipeline
// against finite differences.

import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { Graph } from "../../core/ir/graph.js";
import { buildInferenceProgram } from "../../compiler/codegen/program.js";
import { checkFile } from "../../compiler/pipeline.js";
import { OpError } from "../../ops/contract.js";
import { kernel } from "../../ops/sub/reference.js";
import { lookupOp } from "../../ops/registry.js";
import { fromArray } from "../../core/tensor/tensor.js";
import { relativeError, runBoth } from "../helpers/gpu_parity.js";
import { applyOp } from "../helpers/ops.js";
import { gradcheckSource, opsOf } from "../reference/gradcheck/helpers.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
  await tf.ready();
});

function graphOf(text: string, train = false): Graph {
  const r = checkFile("k.net", { text, train, inputGradients: train });
  expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([]);
  return train ? r.training!.graph : r.graph!;
}

describe("sub", () => {
  it("keeps the shape, counts one flop per element, owns no parameters, maps pixels to pixels and refuses unequal shapes", () => {
    const r = applyOp("sub", [[2, 3, 5], [2, 3, 5]]);
    expect(r.shape).toEqual([2, 3, 5]);
    expect(r.cost).toEqual({ macs: 0, flops: 30 });
    expect(r.paramCount).toBe(0);
    expect(r.spatial).toEqual({ kind: "pointwise" });
    expect(lookupOp("sub")!.batched).toBe("if-any-input");
    expect(() => applyOp("sub", [[2, 3, 5], [2, 3]])).toThrow(OpError);
    expect(() => applyOp("sub", [[2, 3, 5], [2, 3, 4]])).toThrow("operand 2 has shape [2, 3, 4] but operand 1 has [2, 3, 5]");
  });

  it("its float64 reference agrees with the closed form and with TF.js's sub", () => {
    const a = [-100, -3, -0.5, 0, 0.25, 1, 7.5, 1e-8];
    const b = [3, -3, 0.25, -0, 0.25, -1, 100, 1e-8];
    const ctx = { precision: "f64" as const, batch: 1, step: 0, outShape: [a.length], referenceOf: () => undefined };
    const y = kernel([fromArray([a.length], a, "f64"), fromArray([b.length], b, "f64")], {}, {}, ctx).data;
    a.forEach((v, i) => expect(y[i]).toBe(v - b[i]!));
    const t = tf.sub(tf.tensor1d(a, "float32"), tf.tensor1d(b, "float32")).dataSync();
    a.forEach((_, i) => expect(y[i]!).toBeCloseTo(t[i]!, 4));
  });

  it("its WGSL kernel matches the reference, forward and in a training graph", async () => {
    const fwd = graphOf("network k {\ninput x: [5, 7, 3]\ninput z: [5, 7, 3]\noutput y = x - z\noutput d = x - x\n}\n");
    expect(fwd.nodes.filter((n) => n.op === "sub")).toHaveLength(2);
    const ids = fwd.nodes.filter((n) => n.op !== "input").map((n) => n.id);
    const f = await runBoth(fwd, 3, ids);
    for (const id of ids) expect(relativeError(f.gpu.get(id)!, f.ref.get(id)!)).toBeLessThan(1e-6);
    expect([...f.gpu.get(fwd.outputs[1]!.node)!].every((v) => v === 0)).toBe(true);

    const tg = graphOf("network k {\ninput x: [3, 5, 7]\na = x |> prelu\nb = x |> conv(3, k=1)\noutput y = a - b\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n", true);
    expect(tg.nodes.filter((n) => n.op === "affine").map((n) => n.attrs.scale)).toEqual([-1]);
    const read = tg.nodes.filter((n) => n.op !== "input").map((n) => n.id);
    const b = await runBoth(tg, 3, read);
    for (const id of read) expect(relativeError(b.gpu.get(id)!, b.ref.get(id)!), tg.nodes[id]!.name).toBeLessThan(1e-4);
  });

  it("fuses into a conv's kernel as its epilogue, with no kernel of its own", () => {
    const g = graphOf("network k {\ninput x: [4, 6, 6]\noutput y = (x |> conv(4, k=3, p=1)) - x\n}\n");
    const program = buildInferenceProgram(g, 2);
    expect(program.kernels).toHaveLength(1);
    expect(program.kernels[0]!.nodes.map((n) => g.nodes.find((m) => m.name === n)!.op).sort()).toEqual(["conv", "sub"]);
  });

  it("passes the finite-difference gradient check through the whole pipeline (float64), both operands and one tensor on both sides", () => {
    const text = "network k {\ninput x: [2, 3, 3]\nc = x |> conv(2, k=1)\nd = x |> conv(2, k=1)\noutput y = (c - d) - (d - c |> prelu)\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n";
    // gradcheckSource fails the test where any tensor's relative error exceeds 1e-6.
    const { training, result } = gradcheckSource(text, { seed: 3, batch: 2, samples: 1e9 });
    expect(opsOf(training)).toEqual(expect.arrayContaining(["sub", "affine"]));
    expect(result.tensors.some((t) => t.kind === "input")).toBe(true);
    for (const t of result.tensors) expect(t.checked, t.name).toBe(t.size);
  });
});
