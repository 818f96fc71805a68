// The Vision Transformer of stdlib: vit_b_16 against torchvision 0.14's
// figures, and a small ViT that trains on WebGPU like the float64 reference.
// The expected numbers are typed in from torchvision, never computed by dlc:
// - 86,567,656 parameters: sum(p.numel() for p in vit_b_16().parameters());
// - 17,563,828,224 MACs at [3, 224, 224]: forward hooks on torchvision's
//   vit_b_16 counting conv (115,605,504) and linear modules (11,155,519,488:
//   the MLPs and the head) and, per nn.MultiheadAttention, whose projections
//   run functionally and escape Linear hooks, its input and output
//   projections (5,577,375,744) and the two per-head matmuls q·kᵀ and
//   attention·v (715,327,488) — dlc counts all of these as MACs. The script
//   is tests/stdlib/oracles/vit_b_16_macs.py (Debian's python3-torchvision).

import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { checkFile } from "../../compiler/pipeline.js";
import { sharedDevice } from "../helpers/gpu_parity.js";
import { limitFor } from "../helpers/time_limits.js";
import { compare } from "../helpers/training_steps.js";

const models = fileURLToPath(new URL("../../stdlib/models/", import.meta.url));

describe("vit_b_16 at [3, 224, 224]", () => {
  it("has torchvision's parameter count, MACs and output", () => {
    const r = checkFile(models + "vit_b_16.net");
    expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([]);
    const analysis = r.analysis!;
    const graph = r.graph!;
    expect(analysis.totals.params).toBe(86_567_656);
    expect(analysis.totals.trainableParams).toBe(86_567_656);
    const macs = 17_563_828_224;
    expect(Math.abs(analysis.totals.macs - macs) / macs).toBeLessThan(0.01);
    expect(graph.nodes[graph.outputs[0]!.node]!.shape).toEqual([1000]);
  });

  it("names its parameters after torchvision's modules where the layout allows", () => {
    const r = checkFile(models + "vit_b_16.net");
    const names = [...r.graph!.params.keys()];
    // 2 (conv) + 2 (tokens) + 12 · (2 + 2 + 2 + 2 + 2 + 2) + 2 (ln) + 2 (head)
    expect(names).toHaveLength(2 + 2 + 12 * 12 + 2 + 2);
    expect(names.filter((n) => n.includes("in_proj"))).toHaveLength(24);
    expect(names.filter((n) => n.includes("out_proj"))).toHaveLength(24);
  });
});

// The small ViT: 4 layers, width 64, 4 heads, patch 4 on 3×32×32
// (64 patch tokens and the class token), MLP 128, 10 classes. Three SGD
// steps with momentum on WebGPU against the float64 reference: every loss
// and every parameter within 1e-4.
describe("a small ViT trains on WebGPU like the reference", { timeout: limitFor(60) }, () => {
  afterAll(async () => (await sharedDevice()).device.destroy());

  it("4 layers, dim 64, patch 4, 3 steps", async () => {
    await compare(
      `import "std/vit_blocks"
network vit { input image: [3, 32, 32]
  x = image |> vit_tokens(64, 4)
  for i in range(4) { x = x |> encoder_block(4, 128) }
  output logits = x |> layernorm(eps=1e-6) |> select(axis=0, index=0) |> dense(10) }
train vit { loss cross_entropy(logits, label)\n optimizer sgd(lr = 0.05, momentum = 0.9) }`,
      0.05,
    );
  });
});
