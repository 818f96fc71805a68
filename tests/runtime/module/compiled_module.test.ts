import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compile } from "../../../compiler/index.js";
import { checkFile } from "../../../compiler/pipeline.js";
import { execute } from "../../../reference/executor.js";
import { initParams } from "../../../compiler/passes/init_rules.js";
import { Rng } from "../../../core/tensor/rng.js";
import { fromArray } from "../../../core/tensor/tensor.js";
import type { CompiledModel } from "../../../runtime/model.js";
import { pipelineKey } from "../../../runtime/webgpu/pipelines.js";
import type { ModuleManifest } from "../../../compiler/codegen/module.js";
import { relativeError, sharedDevice } from "../../helpers/gpu_parity.js";

// A network compiled to a module the way `dlc compile` writes it, imported
// as a user's program would, and run on WebGPU.
const source = `
network small(classes = 4) {
  input image: [2, 6, 6]
  x = image |> conv(4, k=3, p=1, bias=false) |> bn |> relu |> maxpool(k=2)
  output logits = x |> flatten |> dropout(0.25) |> dense(classes)
}
train small {
  loss cross_entropy(logits, label)
  optimizer sgd(lr = 0.1, momentum = 0.9)
  seed = 5
}`;
const BATCH = 3;
const dir = join("tmp", `module-test-${process.pid}`);
type Model = CompiledModel<{ image: Float32Array }, { logits: Float32Array }, { label: Int32Array }>;
let model: Model;
let manifest: ModuleManifest;
const progress: [number, number][] = [];
const rng = new Rng(11);
const image = Float32Array.from({ length: BATCH * 72 }, () => rng.normal());
const label = Int32Array.from({ length: BATCH }, (_, i) => i % 4);

beforeAll(async () => {
  const r = compile(source, { path: "small.net", batch: BATCH });
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  manifest = r.manifest!;
  mkdirSync(join(dir, "kernels"), { recursive: true });
  for (const [rel, text] of r.files!) {
    mkdirSync(join(dir, rel, ".."), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  const mod = (await import(/* @vite-ignore */ join(process.cwd(), dir, "small.js"))) as { Small: { create(o: { device: GPUDevice; onProgress: (done: number, total: number) => void }): Promise<Model> } };
  model = await mod.Small.create({ device: (await sharedDevice()).device, onProgress: (done, total) => progress.push([done, total]) });
});
afterAll(() => {
  model?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe("a compiled module", () => {
  it("reports its kernels compiling through onProgress: 0, then each distinct kernel of its programs, up to the total", () => {
    // The first pipelines made on this file's device, so none was cached before.
    const programs = Object.values(manifest.programs).filter((p) => p !== undefined);
    const distinct = new Set(programs.flatMap((p) => [...p.kernels, ...(p.optimizer ? [p.optimizer.kernel] : [])].map((k) => pipelineKey(k.code)))).size;
    expect(distinct).toBeGreaterThan(5);
    expect(progress).toEqual(Array.from({ length: distinct + 1 }, (_, done) => [done, distinct]));
  });

  it("starts from the reference executor's initial weights and matches its eval-mode forward", async () => {
    const r = checkFile("small.net", { text: source });
    const params = initParams(r.graph!, 5, "f32");
    const got = await model.eval().forward({ image });
    const ref = execute(r.graph!, { feeds: new Map([["image", fromArray([BATCH, 2, 6, 6], image, "f32")]]), params, precision: "f32" });
    expect(relativeError(got.logits, ref.values[r.graph!.outputs[0]!.node]!.data)).toBeLessThan(1e-4);
  });

  it("trains: three steps lower the loss and change the weights", async () => {
    const before = (await model.getParams()).get("dense1.weight")!.slice();
    const losses = [];
    for (let s = 0; s < 3; s++) losses.push((await model.trainStep({ image, label })).loss);
    expect(losses[2]!).toBeLessThan(losses[0]!);
    expect(relativeError((await model.getParams()).get("dense1.weight")!, before)).toBeGreaterThan(1e-3);
  });

  it("uses batch statistics and dropout after train(), running statistics after eval()", async () => {
    const a = (await model.train().forward({ image })).logits;
    const b = (await model.eval().forward({ image })).logits;
    expect(relativeError(a, b)).toBeGreaterThan(1e-3);
    expect(model.training).toBe(false);
  });

  it("saves and loads its weights through a safetensors file", async () => {
    const path = join(dir, "w.safetensors");
    await model.save(path);
    const saved = await model.getParams();
    await model.trainStep({ image, label });
    await model.load(path);
    const back = await model.getParams();
    for (const [k, v] of saved) expect(back.get(k), k).toEqual(v);
  });

  it("names the input, the expected and the received shape or type when they are wrong", async () => {
    await expect(model.forward({ image: new Float32Array(10) })).rejects.toThrow("input 'image' has 10 values, but shape [3, 2, 6, 6] needs 216");
    await expect(model.trainStep({ image, label: new Float32Array(3) as unknown as Int32Array })).rejects.toThrow("label 'label' must be an Int32Array (i32), got Float32Array");
    await expect(model.forward({} as { image: Float32Array })).rejects.toThrow("input 'image' is missing");
  });
});
