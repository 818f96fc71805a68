// EfficientNet-B0 of stdlib/models against torchvision 0.14's figures. The
// expected numbers are typed in from torchvision's model documentation and
// its conv + linear MAC count, never computed by dlc, so that a wrong block
// or a wrong cost formula shows up here.

import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkFile } from "../../compiler/pipeline.js";

const models = fileURLToPath(new URL("../../stdlib/models/", import.meta.url));

describe("efficientnet_b0 at [3, 224, 224]", () => {
  it("has torchvision's parameter count, MACs and output", () => {
    const r = checkFile(models + "efficientnet_b0.net");
    const errors = r.diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => d.message)).toEqual([]);
    const graph = r.graph!;
    const analysis = r.analysis!;
    expect(graph).toBeDefined();
    expect(analysis).toBeDefined();
    // torchvision efficientnet_b0: 5,288,548 params, 0.39 GFLOPS (multiply-
    // adds); forward hooks on its convs and linears count 0.3857e9 MACs, the
    // convention dlc's MACs (conv, dense) follow.
    const params = 5_288_548;
    const macs = 0.3857e9;
    expect(analysis.totals.params).toBe(params);
    expect(analysis.totals.trainableParams).toBe(params);
    expect(Math.abs(analysis.totals.macs - macs) / macs).toBeLessThan(0.01);
    expect(graph.outputs).toHaveLength(1);
    expect(graph.nodes[graph.outputs[0]!.node]!.shape).toEqual([1000]);
  });
});
