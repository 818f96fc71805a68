// MobileNetV3 Large and Small (stdlib/models) against torchvision 0.14's
// published figures. The expected numbers are typed in from torchvision's
// model documentation and its conv+linear multiply-add count, never computed
// by dlc, so a wrong config row, SE size or cost formula shows up here.

import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkFile } from "../../compiler/pipeline.js";

const models = fileURLToPath(new URL("../../stdlib/models/", import.meta.url));

describe("MobileNetV3 at [3, 224, 224]", () => {
  // [file, params (exact), MACs of the convs and dense layers]
  const table: [string, number, number][] = [
    // torchvision mobilenet_v3_large: 5,483,032 params, 0.22 GFLOPS
    // (multiply-adds); its conv+linear hooks give about 0.2175e9.
    ["mobilenet_v3_large.net", 5_483_032, 0.2175e9],
    // torchvision mobilenet_v3_small: 2,542,856 params, 0.06 GFLOPS
    // (multiply-adds); its conv+linear hooks give about 0.0565e9.
    ["mobilenet_v3_small.net", 2_542_856, 0.0565e9],
  ];
  it.each(table)("%s", (file, params, macs) => {
    const r = checkFile(models + file);
    const problems = r.diagnostics.filter((d) => d.severity === "error" || d.severity === "warning");
    expect(problems.map((d) => d.message)).toEqual([]);
    const graph = r.graph!;
    const analysis = r.analysis!;
    expect(graph).toBeDefined();
    expect(analysis).toBeDefined();
    expect(analysis.totals.params).toBe(params);
    expect(analysis.totals.trainableParams).toBe(params);
    expect(Math.abs(analysis.totals.macs - macs) / macs).toBeLessThan(0.01);
    expect(graph.outputs).toHaveLength(1);
    expect(graph.nodes[graph.outputs[0]!.node]!.shape).toEqual([1000]);
  });
});
