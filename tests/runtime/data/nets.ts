// Tiny classifiers for the data-source tests, written to a folder and checked.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Graph } from "../../../compiler/ir/graph.js";
import { checkFile } from "../../../compiler/pipeline.js";

/** A conv classifier of `classes` classes over input `shape` ([C, H, W], or flat). */
export function classifier(dir: string, shape: number[], classes: number): Graph {
  const file = join(dir, `net_${shape.join("x")}_${classes}.net`);
  const body = shape.length === 3 ? "image |> conv(2, k=3, p=1) |> relu |> flatten |> dense(classes)" : "image |> dense(classes)";
  writeFileSync(
    file,
    `network n(classes = ${classes}) {\n  input image: [${shape.join(", ")}]\n  output logits = ${body}\n}\n` +
      `train n {\n  loss cross_entropy(logits, label: int)\n  optimizer sgd(lr = 0.05)\n}\n`,
  );
  const r = checkFile(file);
  if (!r.graph) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  return r.graph;
}
