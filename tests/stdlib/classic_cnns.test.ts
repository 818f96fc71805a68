// The classic CNNs in stdlib/models/: each must compile without errors and
// reproduce its published parameter count exactly and its published MACs to
// within 1%. Every expected figure below is typed in from its source (the
// paper, torchvision's model documentation, or a hand count given in the
// comment), never computed by the compiler.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkFile, type CompileResult } from "../../compiler/pipeline.js";

const models = fileURLToPath(new URL("../../stdlib/models/", import.meta.url));
const path = (name: string) => join(models, `${name}.net`);

function compile(name: string, opts: Parameters<typeof checkFile>[1] = {}): Required<CompileResult> {
  const r = checkFile(path(name), opts);
  const errors = r.diagnostics.filter((d) => d.severity === "error").map((d) => d.message);
  expect(errors).toEqual([]);
  expect(r.graph).toBeDefined();
  expect(r.analysis).toBeDefined();
  return r as Required<CompileResult>;
}

/** Per-node parameters and MACs by node name. */
function byName(r: Required<CompileResult>) {
  const m = new Map<string, { params: number; macs: number }>();
  r.graph.nodes.forEach((n, i) => m.set(n.name, r.analysis.nodes[i]!));
  return m;
}

// [model, params, published MACs or null where no figure is published, source]
const table: [string, number, number | null, string][] = [
  ["lenet5", 60_850, null, "paper's per-layer counts; dense(10) output = 850"],
  ["alexnet", 61_100_840, 0.714e9, "torchvision alexnet: 61,100,840; 0.71 GFLOPS"],
  ["vgg11", 132_863_336, 7.61e9, "torchvision vgg11: 132,863,336; 7.61 GFLOPS"],
  ["vgg16", 138_357_544, 15.47e9, "torchvision vgg16: 138,357,544; 15.47 GFLOPS"],
  ["vgg19", 143_667_240, 19.63e9, "torchvision vgg19: 143,667,240; 19.63 GFLOPS"],
  ["googlenet", 6_624_904, 1.5e9, "torchvision googlenet: 6,624,904; 1.50 GFLOPS"],
  ["resnet18", 11_689_512, 1.81e9, "torchvision resnet18: 11,689,512; 1.81 GFLOPS"],
  ["resnet34", 21_797_672, 3.66e9, "torchvision resnet34: 21,797,672; 3.66 GFLOPS"],
  ["resnet50", 25_557_032, 4.09e9, "torchvision resnet50: 25,557,032; 4.09 GFLOPS"],
  ["resnet101", 44_549_160, 7.8e9, "torchvision resnet101: 44,549,160; 7.80 GFLOPS"],
  ["resnet152", 60_192_808, 11.51e9, "torchvision resnet152: 60,192,808; 11.51 GFLOPS"],
  ["resnext50_32x4d", 25_028_904, 4.23e9, "torchvision resnext50_32x4d: 25,028,904; 4.23 GFLOPS"],
  ["se_resnet50", 28_088_024, 3.87e9, "SENet paper Table 2: 3.87 GFLOPs; pretrainedmodels se_resnet50: 28,088,024"],
  // Hand count: encoder 18,842,048 + decoder 12,188,480 + 1x1 head 130.
  ["unet", 31_030_658, null, "hand count, 1 input channel, 2 classes, no BN"],
  // Hand count: VGG16 convs 14,714,688 + fc6 102,764,544 + fc7 16,781,312
  // + score layers 86,037 + 10,773 + 5,397 + up-convs 7,056 + 7,056 + 112,896.
  ["fcn8s", 134_489_759, null, "hand count, 21 classes, as Caffe fcn8s"],
];

describe("classic CNNs in stdlib/models", () => {
  it.each(table)("%s has %i parameters", (name, params, macs) => {
    const r = compile(name);
    expect(r.graph.name).toBe(name);
    expect(r.analysis.totals.params).toBe(params);
    if (macs !== null) {
      expect(Math.abs(r.analysis.totals.macs - macs) / macs).toBeLessThan(0.01);
    }
  });

  it("every model file cites its paper in a leading comment", () => {
    for (const [name] of table) {
      const text = readFileSync(path(name), "utf8");
      expect(text.startsWith("#"), name).toBe(true);
      expect(text, name).toMatch(/\b(19|20)\d\d\b/);
    }
  });

  it("lenet5 matches the paper layer by layer", () => {
    const r = compile("lenet5");
    const n = byName(r);
    const expected: Record<string, number> = { c1: 156, s2: 12, c3: 1_516, s4: 32, c5: 48_120, f6: 10_164, output_layer: 850 };
    for (const [layer, p] of Object.entries(expected)) expect(n.get(layer)?.params, layer).toBe(p);
    // The paper's connection counts: multiply-adds plus one bias per output.
    const connections: Record<string, number> = { c1: 122_304, c3: 151_600, c5: 48_120, f6: 10_164 };
    for (const [layer, c] of Object.entries(connections)) {
      const node = r.graph.nodes.find((x) => x.name === layer)!;
      const outputs = node.shape.reduce((a, b) => a * b, 1);
      expect(n.get(layer)!.macs + outputs, layer).toBe(c);
    }
  });

  it("alexnet with towers = 2 is the paper's grouped layout", () => {
    const text = readFileSync(path("alexnet"), "utf8").replace("towers = 1,", "towers = 2,");
    const r = compile("alexnet", { text });
    // Caffe bvlc_alexnet (the paper's layout): 60,965,224 parameters.
    expect(r.analysis.totals.params).toBe(60_965_224);
  });

  it("googlenet_aux adds the two auxiliary heads and their weighted losses", () => {
    const r = compile("googlenet", { network: "googlenet_aux" });
    // torchvision googlenet(aux_logits=True): 13,004,888 parameters.
    expect(r.analysis.totals.params).toBe(13_004_888);
    expect(r.graph.outputs.map((o) => o.name).sort()).toEqual(["aux1", "aux2", "logits"]);
    const losses = r.graph.train!.losses.map((l) => [l.output, l.weight]);
    expect(losses).toEqual([["logits", 1], ["aux1", 0.3], ["aux2", 0.3]]);
    expect(r.graph.train!.optimizer.kind).toBe("sgd");
  });

  it("the segmentation nets keep full resolution", () => {
    const shapes = (r: Required<CompileResult>) => r.graph.outputs.map((o) => r.graph.nodes[o.node]!.shape);
    expect(shapes(compile("unet"))).toEqual([[2, 256, 256]]);
    expect(shapes(compile("fcn8s"))).toEqual([[21, 224, 224]]);
  });
});
