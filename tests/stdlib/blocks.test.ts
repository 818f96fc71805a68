// Each block of stdlib/blocks.net in a one-block network given as inline
// source. Shapes and parameter counts are worked by hand in the comments
// (conv weight out·in/groups·k², bn scale + shift 2·C, dense in·out + out);
// the MobileNetV2 and ShuffleNetV2 figures also match torchvision's layers.

import { describe, expect, it } from "vitest";
import { checkFile } from "../../compiler/pipeline.js";

/** Compiles `output y = x |> CALL` on an input of the given shape. */
function run(input: number[], call: string) {
  const text = `import "std/blocks"\nnetwork t {\n  input x: [${input.join(", ")}]\n  output y = x |> ${call}\n}\n`;
  const r = checkFile("tests/stdlib/inline.net", { text });
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  expect(errors.map((d) => d.message)).toEqual([]);
  const g = r.graph!;
  return {
    shape: g.nodes[g.outputs[0]!.node]!.shape,
    params: r.analysis!.totals.params,
    macs: r.analysis!.totals.macs,
    ops: g.nodes.map((n) => n.op),
  };
}

describe("std/blocks", () => {
  // [input, call, output shape, params]
  const table: [number[], string, number[], number][] = [
    // conv 16·3·9 = 432, bn 32
    [[3, 32, 32], "conv_bn_relu(16)", [16, 32, 32], 464],
    [[3, 32, 32], "conv_bn_relu(16, k=3, s=2)", [16, 16, 16], 464],
    // 1×1: 8·3 = 24, bn 16; p defaults to 0 for k = 1
    [[3, 32, 32], "conv_bn_relu(8, k=1)", [8, 32, 32], 40],
    // conv 32·16 = 512, bn 64
    [[16, 8, 8], "conv_bn(32)", [32, 8, 8], 576],
    // depthwise 32·9 = 288; 5×5 at stride 2: 32·25 = 800
    [[32, 16, 16], "dwconv()", [32, 16, 16], 288],
    [[32, 16, 16], "dwconv(5, 2)", [32, 8, 8], 800],
    // dw 288 + bn 64 + pointwise 32·64 = 2048 + bn 128 = 2528
    [[32, 16, 16], "separable(64)", [64, 16, 16], 2528],
    [[32, 16, 16], "separable(64, s=2)", [64, 8, 8], 2528],
    // dense 32→8: 264, dense 8→32: 288
    [[32, 8, 8], "se(4)", [32, 8, 8], 552],
    // t = 1 (no expansion): dw 32·9 = 288 + 64, project 32·16 = 512 + 32 → 896
    // (torchvision mobilenet_v2 features[1]: 896)
    [[32, 112, 112], "inverted_residual(16, 1, 1)", [16, 112, 112], 896],
    // expand 16·96 = 1536 + 192, dw 96·9 = 864 + 192, project 96·24 = 2304 + 48
    // → 5136 (torchvision features[2])
    [[16, 112, 112], "inverted_residual(24, 2)", [24, 56, 56], 5136],
    // expand 24·144 = 3456 + 288, dw 1296 + 288, project 3456 + 48 → 8832
    // (torchvision features[3], with the residual add)
    [[24, 56, 56], "inverted_residual(24)", [24, 56, 56], 8832],
    // bn 128 + conv 64·128 = 8192 + bn 256 + conv 128·32·9 = 36864 → 45440
    [[64, 8, 8], "dense_layer()", [96, 8, 8], 45440],
    // layer 1 (16 in): 32 + 16·48 + 96 + 48·12·9 = 6080;
    // layer 2 (28 in): 56 + 28·48 + 96 + 5184 = 6680; total 12760
    [[16, 8, 8], "dense_block(2, 12, 4)", [40, 8, 8], 12760],
    // bn 128 + conv 64·32 = 2048
    [[64, 16, 16], "transition(32)", [32, 8, 8], 2176],
    // stride 2, 24 → 116 (58 per branch): branch 1 dw 216 + 48 + 24·58 = 1392 + 116;
    // branch 2: 1392 + 116, dw 522 + 116, 58·58 = 3364 + 116; total 7398
    // (torchvision shufflenet_v2_x1_0 stage2[0])
    [[24, 56, 56], "shuffle_unit(116, 2)", [116, 28, 28], 7398],
    // stride 1: only branch 2 on 58 channels: 3480 + 638 + 3480 = 7598
    [[116, 28, 28], "shuffle_unit(116)", [116, 28, 28], 7598],
    // GoogLeNet 3a sizes with conv-bn-relu: 192·64 + 128 = 12416;
    // 192·96 + 192 = 18624, 96·128·9 + 256 = 110848; 192·16 + 32 = 3104,
    // 16·32·25 + 64 = 12864; 192·32 + 64 = 6208; total 164064
    [[192, 28, 28], "inception_module(64, 96, 128, 16, 32, 32)", [256, 28, 28], 164064],
  ];
  it.each(table)("%j |> %s", (input, call, shape, params) => {
    const r = run(input, call);
    expect(r.shape).toEqual(shape);
    expect(r.params).toBe(params);
  });

  it("conv_bn_relu counts k²·C_in·C_out MACs per output pixel", () => {
    expect(run([3, 32, 32], "conv_bn_relu(16, s=2)").macs).toBe(432 * 16 * 16);
  });

  it("dwconv is one filter per channel", () => {
    const r = run([32, 16, 16], "dwconv()");
    expect(r.macs).toBe(32 * 9 * 16 * 16);
  });

  it("se gates the input channel-wise", () => {
    expect(run([32, 8, 8], "se(4)").ops).toContain("mul");
  });

  it("inverted_residual adds the input back only when shapes match", () => {
    expect(run([24, 56, 56], "inverted_residual(24)").ops).toContain("add");
    expect(run([16, 112, 112], "inverted_residual(24, 2)").ops).not.toContain("add");
    expect(run([24, 56, 56], "inverted_residual(32)").ops).not.toContain("add");
  });

  it("shuffle_unit splits at stride 1, uses two branches at stride 2, and shuffles", () => {
    const s1 = run([116, 28, 28], "shuffle_unit(116)").ops;
    expect(s1).toContain("slice");
    expect(s1).toContain("shuffle");
    const s2 = run([24, 56, 56], "shuffle_unit(116, 2)").ops;
    expect(s2).not.toContain("slice");
    expect(s2.filter((o) => o === "conv")).toHaveLength(5);
  });

  it("dense blocks and transitions give DenseNet-121's channel counts", () => {
    // 64 + 6·32 = 256 after block 1; the transition halves to 128 and 28 → 14.
    expect(run([64, 56, 56], "dense_block(6) |> transition(128)").shape).toEqual([128, 28, 28]);
  });

  it("imports together with the other standard libraries without a name clash", () => {
    const text = `import "std/blocks"\nimport "std/resnet_blocks"\nimport "std/inception_blocks"\nnetwork t {\n  input x: [8, 8, 8]\n  output y = x |> conv_bn_relu(8)\n}\n`;
    const r = checkFile("tests/stdlib/inline.net", { text });
    expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([]);
  });
});
