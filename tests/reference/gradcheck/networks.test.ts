// Whole networks through the whole pipeline (language → autodiff → float64
// reference executor), gradchecked on small inputs with batch 2: every
// trainable parameter tensor (6 sampled entries each, to keep time down) and
// the input, relative error ≤ 1e-6 at eps 1e-6. Blocks come from the stdlib,
// as the models use them.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { limitFor } from "../../helpers/time_limits.js";
import { compileTraining, expectGradsOk, opsOf } from "./helpers.js";

const SAMPLES = 6;

function trainable(t: ReturnType<typeof compileTraining>["training"]): string[] {
  return [...t.graph.params].filter(([, p]) => p.trainable).map(([n]) => n).sort();
}

/** Compiles, gradchecks, and checks that every trainable parameter has a gradient that was checked. */
function checkNetwork(text: string, opts: { inputs?: Record<string, readonly number[]>; seed?: number; path?: string } = {}) {
  const { training } = compileTraining(text, { inputs: opts.inputs }, opts.path);
  const result = expectGradsOk(training, { seed: opts.seed ?? 1, batch: 2, samples: SAMPLES });
  expect([...training.gradients.keys()].sort()).toEqual(trainable(training));
  expect(result.tensors.filter((t) => t.kind === "param").map((t) => t.name).sort()).toEqual(trainable(training));
  expect(result.tensors.some((t) => t.kind === "input")).toBe(true);
  return { training, result };
}

const CE = (net: string, out = "logits") => `\ntrain ${net} {\n  loss cross_entropy(${out}, label)\n  optimizer sgd(lr = 0.1)\n}\n`;

// The slowest network (the multi-task one) about 12 s on an idle 2-core machine.
describe("gradcheck of small networks through the whole pipeline", { timeout: limitFor(12) }, () => {
  it("LeNet-5 (stdlib/models/lenet5.net as is: connection table, trainable subsampling, tanh), 32×32", () => {
    const path = "stdlib/models/lenet5.net";
    const text = readFileSync(path, "utf8") + CE("lenet5");
    const { training } = checkNetwork(text, { path });
    // C3's partial connection table reaches the backward pass.
    const c3 = training.graph.nodes.find((n) => n.op === "conv_grad_weight" && n.name.includes("c3"));
    expect(c3?.attrs.table).toBeTruthy();
    expect(opsOf(training)).toEqual(expect.arrayContaining(["channel_scale", "scale_grad_weight", "avgpool_grad"]));
  });

  it("ResNet basic block with a projection shortcut (std/resnet_blocks basic, stride 2) on [8, 8, 8]", () => {
    const text = `import "std/resnet_blocks"
network x {
  input image: [8, 8, 8]
  output logits = image |> basic(16, 2) |> basic(16) |> gap |> dense(5)
}` + CE("x");
    const { training } = checkNetwork(text);
    // The shortcut is a 1×1 stride-2 conv + bn (three convs in the first block), and the
    // second block's identity shortcut makes the block input's gradient a sum.
    const convW = training.graph.nodes.filter((n) => n.op === "conv_grad_weight");
    expect(convW.length).toBe(5);
    expect(convW.some((n) => (n.attrs.kernel as number[])[0] === 1 && (n.attrs.stride as number[])[0] === 2)).toBe(true);
    expect(training.graph.nodes.some((n) => n.op === "add" && n.name.startsWith("grad."))).toBe(true);
  });

  it("DenseNet dense block (std/blocks dense_block, concatenations) and a transition", () => {
    const text = `import "std/blocks"
network x {
  input image: [4, 6, 6]
  output logits = image |> dense_block(3, growth=3, bn_size=2) |> transition(6) |> gap |> dense(4)
}` + CE("x");
    const { training } = checkNetwork(text);
    expect(opsOf(training).filter((o) => o === "slice").length).toBeGreaterThanOrEqual(6);
  });

  it("Inception modules (std/blocks inception_module and std/inception_blocks inception, ceil-mode pool)", () => {
    const text = `import "std/blocks"
import "std/inception_blocks"
network x {
  input image: [4, 6, 6]
  output logits = image |> inception_module(2, 2, 3, 2, 2, 2) |> inception(2, 2, 2, 1, 2, 2) |> gap |> dense(3)
}` + CE("x");
    const { training } = checkNetwork(text);
    expect(opsOf(training).filter((o) => o === "maxpool_grad").length).toBe(2);
  });

  it("grouped and depthwise convs (std/blocks inverted_residual, separable, shuffle_unit)", () => {
    const text = `import "std/blocks"
network x {
  input image: [4, 6, 6]
  x = image |> inverted_residual(4, s=1, t=2) |> inverted_residual(6, s=2, t=2)
  x = x |> separable(8) |> shuffle_unit(8) |> conv(8, k=3, p=1, g=4) |> relu
  output logits = x |> gap |> dense(3)
}` + CE("x");
    const { training } = checkNetwork(text);
    const grouped = training.graph.nodes.filter((n) => n.op === "conv_grad_weight" && (n.attrs.groups as number) > 1);
    expect(grouped.length).toBeGreaterThanOrEqual(5);
  });

  it("dilated convolutions with a residual", () => {
    const text = `network x {
  input image: [3, 9, 9]
  x = image |> conv(4, k=3, p=1) |> relu
  y = x |> conv(4, k=3, d=2, p=2) |> bn |> relu |> conv(4, k=3, d=3, p=3, bias=false) |> bn
  z = (x + y) |> relu |> conv(2, k=[3, 2], d=[2, 3])
  output logits = z |> flatten |> dense(3)
}` + CE("x");
    const { training } = checkNetwork(text);
    expect(training.graph.nodes.filter((n) => n.op === "conv_grad_input" && (n.attrs.dilation as number[]).some((d) => d > 1)).length).toBe(3);
  });

  it("a 2-level mini U-Net: transposed convs, skip concatenations, per-pixel cross-entropy, 16×16", () => {
    const text = `block double_conv(c) (x) {
  return x |> conv(c, k=3, p=1) |> relu |> conv(c, k=3, p=1) |> relu
}
network x {
  input image: [1, 16, 16]
  e1 = image |> double_conv(4) as down1
  e2 = e1 |> maxpool(k=2) |> double_conv(8) as down2
  b = e2 |> maxpool(k=2) |> double_conv(16) as bottom
  u2 = [e2, b |> conv_transpose(8, k=2, s=2)] |> concat |> double_conv(8) as up2
  u1 = [e1, u2 |> conv_transpose(4, k=2, s=2)] |> concat |> double_conv(4) as up1
  output mask = u1 |> conv(2, k=1) as head
}` + CE("x", "mask");
    const { training } = checkNetwork(text);
    expect(opsOf(training).filter((o) => o === "conv_transpose_grad_weight").length).toBe(2);
    // e1 and e2 are read by the next level and by the skip: their gradients are sums.
    const sums = training.graph.nodes.filter((n) => n.op === "add" && n.name.startsWith("grad."));
    expect(sums.length).toBeGreaterThanOrEqual(2);
  });

  describe("multi-task network with two weighted heads and a frozen trunk (stdlib/models/multitask_localization.net)", () => {
    const path = "stdlib/models/multitask_localization.net";
    const text = readFileSync(path, "utf8");
    const inputs = { image: [3, 16, 16] };

    const frozen = (t: ReturnType<typeof compileTraining>["training"]) =>
      [...t.graph.params].filter(([n, p]) => n.startsWith("trunk.") && p.kind !== "buffer").map(([n, p]) => [n, p.trainable] as const);

    it("prunes the frozen trunk: no gradient entries, no backward node for it; the heads check out", () => {
      const { training } = compileTraining(text, { inputs, inputGradients: false }, path);
      const trunk = frozen(training);
      expect(trunk.length).toBe(12);
      for (const [name, isTrainable] of trunk) {
        expect(isTrainable, name).toBe(false);
        expect(training.gradients.has(name), name).toBe(false);
      }
      const ops = opsOf(training);
      expect(ops).not.toContain("conv_grad_weight");
      expect(ops).not.toContain("conv_grad_input");
      expect(ops).not.toContain("bn_grad_weight");
      expect(ops).not.toContain("bn_grad_input");
      // Nothing after the losses is named after the trunk.
      expect(training.graph.nodes.filter((n) => n.id > training.loss && n.name.includes("trunk")).map((n) => n.name)).toEqual([]);
      // Both heads' losses with their weights.
      expect(training.losses.map((l) => [l.spec.kind, l.spec.weight])).toEqual([["cross_entropy", 1], ["smooth_l1", 0.5]]);
      const result = expectGradsOk(training, { seed: 1, batch: 2, samples: SAMPLES });
      expect(result.tensors.map((t) => t.name).sort()).toEqual(["box_head.bias", "box_head.weight", "box_hidden.bias", "box_hidden.weight", "cls_head.bias", "cls_head.weight"]);
    });

    it("with input gradients: the trunk is differentiated w.r.t. its input only (no conv_grad_weight), and the input checks out", () => {
      // 32×32 so that the last stride-2 stage keeps a 2×2 map (a 1×1 map with batch 2 makes bn's output constant).
      const { training } = compileTraining(text, { inputs: { image: [3, 32, 32] }, inputGradients: true }, path);
      for (const [name] of frozen(training)) expect(training.gradients.has(name), name).toBe(false);
      const ops = opsOf(training);
      expect(ops).not.toContain("conv_grad_weight");
      expect(ops).not.toContain("bn_grad_weight");
      expect(ops).toContain("conv_grad_input");
      const result = expectGradsOk(training, { seed: 1, batch: 2, samples: SAMPLES });
      expect(result.tensors.filter((t) => t.kind === "input").map((t) => t.name)).toEqual(["image"]);
    });
  });
});
