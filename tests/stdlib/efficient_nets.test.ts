// The efficient-architecture models of stdlib/models against their published
// figures. Every expected number below is typed in from the source named
// beside it (torchvision's model documentation, the papers), never computed
// by dlc, so that a wrong block or a wrong cost formula shows up here.

import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkFile } from "../../compiler/pipeline.js";

const models = fileURLToPath(new URL("../../stdlib/models/", import.meta.url));

function compile(file: string) {
  const r = checkFile(models + file);
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  expect(errors.map((d) => d.message)).toEqual([]);
  expect(r.graph).toBeDefined();
  expect(r.analysis).toBeDefined();
  return { graph: r.graph!, analysis: r.analysis! };
}

describe("efficient ImageNet models at [3, 224, 224]", () => {
  // [file, params (exact), published MACs or null]
  const table: [string, number, number | null][] = [
    // torchvision densenet121: 7,978,856 params, 2.83 GFLOPS (multiply-adds).
    ["densenet121.net", 7_978_856, 2.83e9],
    // torchvision mobilenet_v2: 3,504,872 params, 0.30 GFLOPS (multiply-adds);
    // the paper's table gives 300 M multiply-adds.
    ["mobilenet_v2.net", 3_504_872, 0.3e9],
    // torchvision shufflenet_v2_x1_0: 2,278,604 params; the paper gives
    // 146 M FLOPs (multiply-adds) for the 1.0× model.
    ["shufflenet_v2_x1_0.net", 2_278_604, 146e6],
  ];
  it.each(table)("%s", (file, params, macs) => {
    const { graph, analysis } = compile(file);
    expect(analysis.totals.params).toBe(params);
    expect(analysis.totals.trainableParams).toBe(params);
    if (macs !== null) expect(Math.abs(analysis.totals.macs - macs) / macs).toBeLessThan(0.01);
    expect(graph.outputs).toHaveLength(1);
    expect(graph.nodes[graph.outputs[0]!.node]!.shape).toEqual([1000]);
  });
});

describe("multitask_localization", () => {
  it("has a class head and a 4-number box head on a shared trunk", () => {
    const { graph } = compile("multitask_localization.net");
    const out = new Map(graph.outputs.map((o) => [o.name, graph.nodes[o.node]!.shape]));
    expect([...out.keys()]).toEqual(["logits", "box"]);
    expect(out.get("logits")).toEqual([10]);
    expect(out.get("box")).toEqual([4]);
  });

  it("trains on two weighted losses with the trunk frozen", () => {
    const { graph, analysis } = compile("multitask_localization.net");
    const train = graph.train!;
    expect(train).toBeDefined();
    expect(train.losses.map((l) => [l.kind, l.output, l.label, l.weight])).toEqual([
      ["cross_entropy", "logits", "label", 1],
      ["smooth_l1", "box", "target", 0.5],
    ]);
    expect(train.losses[1]!.labelShape).toEqual([4]);
    expect(train.frozen).toEqual(["trunk"]);
    // The trunk, four conv(no bias)-bn-relu stages at k=3, worked by hand
    // (conv weight out·in·9, bn scale and shift 2·out):
    //   3 → 32:    32·3·9    =     864  + 64  =     928
    //   32 → 64:   64·32·9   =  18,432  + 128 =  18,560
    //   64 → 128:  128·64·9  =  73,728  + 256 =  73,984
    //   128 → 256: 256·128·9 = 294,912  + 512 = 295,424
    //   trunk total                           = 388,896
    // Heads: dense 256 → 10 = 2,570; dense 256 → 128 = 32,896;
    // dense 128 → 4 = 516; heads total = 35,982.
    const trunk = 388_896;
    expect(analysis.totals.params - analysis.totals.trainableParams).toBe(trunk);
    expect(analysis.totals.trainableParams).toBe(35_982);
    expect(analysis.totals.params).toBe(trunk + 35_982);
  });
});
