// Tiny classifiers for the data-source tests, written to a folder and
// checked, and the check that opening a source fails with a DataError.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Graph } from "../../../core/ir/graph.js";
import { checkFile } from "../../../compiler/pipeline.js";
import { expect } from "vitest";
import { DataError } from "../../../host/data/npy.js";

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

/** The message of the DataError `p` rejects with; fails the test if it resolves or throws anything else. */
export async function message(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return (e as Error).message;
  }
  throw new Error("expected a DataError");
}
