// LeNet-5, ResNet-18 and MobileNetV2 at their full input sizes exported to
// ONNX: outputs in onnxruntime-node against dlc's float64 reference (≤ 1e-4
// of their scale) with random weights and batch-norm statistics, and the
// model's trainable initializers counted against the published parameter
// counts (typed in from the paper and torchvision's documentation), the
// running statistics beside them.

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { elementCount } from "../../../../core/ir/graph.js";
import { decodeModel } from "../../../../host/onnx/proto.js";
import { root } from "../../../helpers/cli.js";
import { limitFor } from "../../../helpers/time_limits.js";
import { agreement, graphOf } from "./agreement.js";
import { expectInitializersAreParams, TOLERANCE } from "./stdlib_models.js";

// [model, batch, published parameter count (weights and biases, no BN running statistics)]
const MODELS: [string, number | "dynamic", number][] = [
  ["lenet5", "dynamic", 60_850],
  ["resnet18", 1, 11_689_512],
  ["mobilenet_v2", 1, 3_504_872],
];

describe("ONNX export at full size", () => {
  // ResNet-18's 1.8 G multiply-adds in the naive float64 reference take about 20 s idle.
  it.each(MODELS)("%s", async (name, batch, published) => {
    const g = graphOf(join(root, "stdlib/models", `${name}.net`));
    const r = await agreement(g, { batch, runBatch: 3 });
    for (const [out, a] of r.outputs) {
      expect(a.ort, `output ${out}'s shape`).toEqual(a.ref);
      expect(a.diff, `output ${out}`).toBeLessThanOrEqual(TOLERANCE);
    }
    expectInitializersAreParams(g, r.model);
    const buffers = new Set([...g.params].filter(([, p]) => p.kind === "buffer").map(([n]) => n));
    const trainable = decodeModel(r.model, `${name}.onnx`).graph.initializers.filter((t) => !buffers.has(t.name));
    expect(trainable.reduce((s, t) => s + elementCount(t.dims), 0)).toBe(published);
  }, limitFor(25));
});
