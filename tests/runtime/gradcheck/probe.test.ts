import { it } from "vitest";
import { checkFile } from "../../../compiler/pipeline.js";
it("probe", () => {
  const r = checkFile("stdlib/models/multitask_localization.net", { train: true, inputs: new Map([["image", [3, 16, 16]]]) });
  console.log(r.diagnostics.map((d) => d.message));
  const t = r.training!;
  console.log([...t.graph.params].map(([n, p]) => `${n}:${p.trainable}:${p.kind ?? ""}`).join(" "));
  console.log([...t.gradients.keys()].join(" "));
  console.log(t.graph.nodes.filter((n) => n.id > t.loss).map((n) => `${n.name}=${n.op}`).join(" "));
});
