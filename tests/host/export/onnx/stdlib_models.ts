// The stdlib models at a small input, for the ONNX agreement tests (two
// files, stdlib_a and stdlib_b, so that two test workers share them): each
// exported at batch 1, run in onnxruntime-node and in the float64 reference
// executor with random weights and batch-norm statistics, outputs ≤ 1e-4 of
// their scale apart, and the model's initializers exactly dlc's parameters
// (names, shapes, count), read back from the bytes through host/onnx/proto.ts.

import { readdirSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { elementCount, type Graph } from "../../../../core/ir/graph.js";
import { decodeModel } from "../../../../host/onnx/proto.js";
import { root } from "../../../helpers/cli.js";
import { agreement, graphOf } from "./agreement.js";

export const TOLERANCE = 1e-4;

/**
 * The smallest side each model compiles at (its strides and windows need
 * it; vit_b_16 takes it as its `size` parameter, which sizes its positional
 * embedding). A model not listed is tried at 32.
 */
const SIDE: Readonly<Record<string, number>> = {
  alexnet: 64, densenet121: 32, fcn8s: 32, googlenet: 32, lenet5: 32, vgg11: 32, vgg16: 32, vgg19: 32,
  efficientnet_b0: 16, mobilenet_v2: 16, mobilenet_v3_large: 16, mobilenet_v3_small: 16, multitask_localization: 16,
  resnet18: 16, resnet34: 16, resnet50: 16, resnet101: 16, resnet152: 16, resnext50_32x4d: 16, se_resnet50: 16,
  shufflenet_v2_x1_0: 16, unet: 16, vit_b_16: 16,
};

/** Every model in stdlib/models/, by name. */
export const MODELS = readdirSync(join(root, "stdlib/models")).filter((f) => f.endsWith(".net")).map((f) => f.slice(0, -4)).sort();

/** The model at its small side (the first input's channels kept). */
export function smallGraph(name: string): Graph {
  const path = join(root, "stdlib/models", `${name}.net`);
  const side = SIDE[name] ?? 32;
  if (name.startsWith("vit")) return graphOf(path, { params: new Map([["size", side]]) });
  const full = graphOf(path);
  const input = full.nodes[full.inputs[0]!]!;
  return graphOf(path, { inputs: new Map([[input.name, [input.shape[0]!, side, side]]]) });
}

/** The model's initializers, read back from its bytes, are exactly g's parameters: names, shapes, and so the count. */
export function expectInitializersAreParams(g: Graph, model: Uint8Array): void {
  const m = decodeModel(model, `${g.name}.onnx`);
  const got = new Map(m.graph.initializers.map((t) => [t.name, t.dims]));
  expect([...got.keys()].sort()).toEqual([...g.params.keys()].sort());
  for (const [name, p] of g.params) expect(got.get(name), name).toEqual(p.shape);
  const count = (dims: readonly number[]) => elementCount(dims);
  expect(m.graph.initializers.reduce((s, t) => s + count(t.dims), 0)).toBe([...g.params.values()].reduce((s, p) => s + count(p.shape), 0));
}

/** The check of one model: agreement at batch 1 and the initializers. */
export async function checkModel(name: string): Promise<void> {
  const g = smallGraph(name);
  const r = await agreement(g, { batch: 1 });
  for (const [out, a] of r.outputs) {
    expect(a.ort, `${name}: output ${out}'s shape`).toEqual(a.ref);
    expect(a.diff, `${name}: output ${out}`).toBeLessThanOrEqual(TOLERANCE);
  }
  expectInitializersAreParams(g, r.model);
}
