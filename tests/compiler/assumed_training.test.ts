// A network without a training section is costed (summary --train, compile)
// and trained (dlc train) with the losses assumedTrainSpec states: these
// must be losses that train something.
import { describe, expect, it } from "vitest";
import { checkFile } from "../../compiler/pipeline.js";

const NET = `network heads {
  input x: [4]
  h = x |> dense(8) |> relu
  output logits = h |> dense(3)
  output score = h |> dense(1)
  output map = h |> dense(6) |> reshape([2, 3])
}
`;

describe("the assumed training section", () => {
  it("is cross-entropy on class scores, mse on a single score and on maps", () => {
    const r = checkFile("heads.net", { text: NET, train: true });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.graph!.train).toBeUndefined();
    const losses = r.training!.graph.train!.losses;
    expect(losses.map((l) => [l.output, l.kind, l.label, l.labelDType, [...l.labelShape]])).toEqual([
      ["logits", "cross_entropy", "logits_label", "i32", []],
      ["score", "mse", "score_label", "f32", [1]],
      ["map", "mse", "map_label", "f32", [2, 3]],
    ]);
  });
});
