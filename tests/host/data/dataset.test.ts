// Loading a data folder against a network: one .npy per input and label,
// N agreeing, per-sample shapes and label ranges checked, uint8 scaled.

import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Graph } from "../../../core/ir/graph.js";
import { checkFile } from "../../../compiler/pipeline.js";
import { datasetSpec, gatherBatch, loadDataset } from "../../../host/data/dataset.js";
import { DataError, writeNpy, type NpyDType } from "../../../host/data/npy.js";

const root = mkdtempSync(join(tmpdir(), "dlc-dataset-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let graph: Graph;
beforeAll(() => {
  const r = checkFile("examples/tiny-train/net.net");
  if (!r.graph) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  graph = r.graph;
});

let count = 0;
/** A data folder with the given files: name → [shape, values, dtype]. */
function folder(files: Record<string, [number[], ArrayLike<number>, NpyDType]>): string {
  const dir = join(root, `d${count++}`);
  mkdirSync(dir);
  for (const [name, [shape, data, dtype]] of Object.entries(files)) writeNpy(join(dir, `${name}.npy`), shape, data, dtype);
  return dir;
}
const images = (n: number, dtype: NpyDType = "float32") => [[n, 1, 8, 8], new Array<number>(n * 64).fill(dtype === "uint8" ? 51 : dtype === "int32" ? 1 : 0.25), dtype] as [number[], number[], NpyDType];
const labels = (values: number[], dtype: NpyDType = "int64") => [[values.length], values, dtype] as [number[], number[], NpyDType];

function dataError(dir: string): string {
  try {
    loadDataset(dir, graph);
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return (e as Error).message;
  }
  throw new Error("expected a DataError");
}

describe("loadDataset", () => {
  it("lists what the folder needs: the inputs, then the labels with their class counts", () => {
    expect(datasetSpec(graph)).toEqual([
      { name: "image", role: "input", dtype: "f32", shape: [1, 8, 8] },
      { name: "label", role: "label", dtype: "i32", shape: [], classes: 3, usedBy: "cross_entropy on 'logits'" },
    ]);
  });

  it("loads float32 images and int64 labels, and gathers batches", () => {
    const ds = loadDataset(folder({ image: images(4), label: labels([0, 1, 2, 1]) }), graph);
    expect(ds.size).toBe(4);
    expect(ds.fields.map((f) => [f.name, f.data.length])).toEqual([["image", 256], ["label", 4]]);
    const feeds = gatherBatch(ds, [3, 0]);
    expect(feeds.get("image")!.shape).toEqual([2, 1, 8, 8]);
    expect(Array.from(feeds.get("label")!.data)).toEqual([1, 0]);
  });

  it("scales uint8 images to [0, 1] and accepts int32 and uint8 labels", () => {
    const ds = loadDataset(folder({ image: images(2, "uint8"), label: labels([2, 0], "int32") }), graph);
    expect(ds.fields[0]!.data[0]).toBeCloseTo(0.2, 12);
    expect(loadDataset(folder({ image: images(2), label: labels([2, 0], "uint8") }), graph).size).toBe(2);
  });

  it("names a missing file", () => {
    const dir = folder({ image: images(2) });
    expect(dataError(dir)).toMatch(new RegExp(`${join(dir, "label.npy").replace(/[.\\/]/g, "\\$&")}: missing.*label 'label'`));
    expect(() => loadDataset(join(root, "nowhere"), graph)).toThrow(/nowhere: no such data folder/);
  });

  it("names the file, the expected and the received shape", () => {
    const msg = dataError(folder({ image: [[3, 8, 8], new Array<number>(192).fill(0), "float32"], label: labels([0, 1, 2]) }));
    expect(msg).toContain("image.npy");
    expect(msg).toContain("expected shape (N, 1, 8, 8)");
    expect(msg).toContain("has shape (3, 8, 8)");
    const lab = dataError(folder({ image: images(2), label: [[2, 1], [0, 1], "int64"] }));
    expect(lab).toMatch(/label\.npy: expected shape \(N,\).*has shape \(2, 1\)/);
  });

  it("requires the same N in every file", () => {
    expect(dataError(folder({ image: images(3), label: labels([0, 1]) }))).toMatch(/label\.npy: holds 2 samples, but .*image\.npy holds 3/);
  });

  it("checks label ranges against the class count and label dtypes", () => {
    expect(dataError(folder({ image: images(3), label: labels([0, 3, 1]) }))).toMatch(/label\.npy: label 3 at sample 1 is not a class index in 0\.\.2 \(cross_entropy on 'logits' has 3 classes\)/);
    expect(dataError(folder({ image: images(2), label: labels([-1, 0], "int32") }))).toMatch(/label -1 at sample 0/);
    expect(dataError(folder({ image: images(2), label: labels([0, 1], "float32") }))).toMatch(/label\.npy: integer label 'label'.*needs dtype int32, int64, uint8, but the file holds float32/);
    expect(dataError(folder({ image: images(2, "int32"), label: labels([0, 1]) }))).toMatch(/image\.npy: float input 'image' needs dtype float32, float64, uint8/);
  });

  it("refuses non-finite inputs", () => {
    const [shape, values] = images(1);
    values[5] = Number.NaN;
    expect(dataError(folder({ image: [shape, values, "float32"], label: labels([0]) }))).toMatch(/image\.npy: value NaN at flat index 5/);
  });
});
