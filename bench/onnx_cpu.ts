// Inference of a network exported to ONNX (`dlc export --to onnx`), run by
// onnxruntime-node on the CPU, against the same network in dlc on WebGPU:
// where each path is fastest on this machine. The stdlib's lenet5, resnet18
// and mobilenet_v2 at their full input sizes, the same weights (dlc's
// initialisation, seed 1) and input for both.
//
// Each pass is a whole call as a user makes it: the input batch goes in from
// host memory and the outputs come back to it (ORT: session.run; dlc:
// ProgramRunner.run with the feeds and a read-back), so both pay their
// transfers. ORT runs the exported model with its default CPU provider (all
// graph optimisations, one intra-op thread per core). dlc runs its
// inference program with the GEMM templates the tuning cache holds for this
// device (host/tune/; nothing is timed here, defaults where the cache has
// nothing). The outputs must agree (≤ 1e-3 of their scale) before anything
// is timed. Each run warms up with one pass and times `reps` passes; the two
// alternate run by run and the median run is reported, with the ratio
// dlc / ORT from the same run. Also each side's first call: ORT's session
// creation (from the model bytes) and first pass, dlc's program build,
// pipeline compilation and first pass.
//
//   npx tsx bench/onnx_cpu.ts [--models lenet5,resnet18,mobilenet_v2] [--batch 1,8]
//       [--reps 5] [--runs 3] [--out bench/results_onnx_cpu.json]

import { writeFileSync } from "node:fs";
import { availableParallelism, cpus } from "node:os";
import * as ort from "onnxruntime-node";
import { buildInferenceProgram } from "../compiler/codegen/program.js";
import { checkFile } from "../compiler/pipeline.js";
import { initParams } from "../compiler/passes/init_rules.js";
import { elementCount, type Graph } from "../core/ir/graph.js";
import { Rng } from "../core/tensor/rng.js";
import { buildOnnxModel } from "../host/export/onnx/build.js";
import { encodeModel } from "../host/onnx/proto.js";
import { chooserOf, deviceId, loadTuning } from "../host/tune/cache.js";
import { acquireDevice } from "../runtime/webgpu/device.js";
import { ProgramRunner } from "../runtime/webgpu/program.js";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const models = arg("models", "lenet5,resnet18,mobilenet_v2").split(",");
const batches = arg("batch", "1,8").split(",").map(Number);
const reps = Number(arg("reps", "5"));
const runs = Number(arg("runs", "3"));
const outFile = arg("out", "bench/results_onnx_cpu.json");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const TOLERANCE = 1e-3;

const h = await acquireDevice();
const id = deviceId(h.info);
const gemmChoice = chooserOf(loadTuning(id));
const gpu = `${h.backend}: ${[h.info.vendor, h.info.architecture, h.info.description].filter((s) => s).join(" / ")}`;
const cpu = `${availableParallelism()} cores, ${cpus()[0]?.model ?? "unknown CPU"}`;

type Outputs = Map<string, Float32Array>;

interface Side {
  readonly name: string;
  /** One call: inputs in, outputs back. */
  pass(): Promise<Outputs>;
  dispose(): Promise<void> | void;
}

function graphOf(name: string): Graph {
  const r = checkFile(`stdlib/models/${name}.net`);
  if (!r.graph) throw new Error(`${name}: ${r.diagnostics.map((d) => d.message).join("\n")}`);
  return r.graph;
}

async function ortSide(g: Graph, weights: ReadonlyMap<string, Float32Array>, feeds: ReadonlyMap<string, Float32Array>, batch: number): Promise<Side> {
  const session = await ort.InferenceSession.create(encodeModel(buildOnnxModel(g, weights, { batch: "dynamic" })), { executionProviders: ["cpu"], graphOptimizationLevel: "all" });
  const shapes = new Map(g.inputs.map((i) => [g.nodes[i]!.name, [batch, ...g.nodes[i]!.shape]]));
  return {
    name: "ort-cpu",
    async pass() {
      const out = await session.run(Object.fromEntries([...feeds].map(([k, v]) => [k, new ort.Tensor("float32", v, shapes.get(k)!)])));
      return new Map(Object.entries(out).map(([k, t]) => [k, t.data as Float32Array]));
    },
    dispose: () => session.release(),
  };
}

async function dlcSide(g: Graph, weights: ReadonlyMap<string, Float32Array>, feeds: ReadonlyMap<string, Float32Array>, batch: number): Promise<Side> {
  const runner = await ProgramRunner.create(h.device, buildInferenceProgram(g, batch, undefined, { gemmChoice }));
  runner.writeParams(weights);
  const read = runner.program.outputs.map((o) => o.name);
  return { name: "dlc-webgpu", pass: () => runner.run(feeds, { read }), dispose: () => runner.destroy() };
}

/** The largest difference over the outputs relative to their scale. */
function disagreement(a: Outputs, b: Outputs): number {
  let worst = 0;
  for (const [k, x] of a) {
    const y = b.get(k);
    if (!y || y.length !== x.length) return Infinity;
    let diff = 0;
    let scale = 0;
    for (let i = 0; i < x.length; i++) {
      diff = Math.max(diff, Math.abs(x[i]! - y[i]!));
      scale = Math.max(scale, Math.abs(x[i]!), Math.abs(y[i]!));
    }
    worst = Math.max(worst, diff === 0 ? 0 : Number.isNaN(diff) ? Infinity : diff / scale);
  }
  return worst;
}

async function start(make: () => Promise<Side>): Promise<{ side: Side; firstMs: number; outputs: Outputs }> {
  const t0 = performance.now();
  const side = await make();
  const outputs = await side.pass();
  return { side, firstMs: performance.now() - t0, outputs };
}

/** Milliseconds per call: one warm-up call, then `reps` calls. */
async function time(side: Side): Promise<number> {
  await side.pass();
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) await side.pass();
  return (performance.now() - t0) / reps;
}

const ms = (x: number) => x.toFixed(x < 10 ? 2 : 1);
const records: object[] = [];
console.log(`CPU: ${cpu}; GPU: ${gpu}; ${reps} calls per run, median of ${runs} alternating runs; dlc's GEMM choices from the tuning cache (${loadTuning(id).size} entries)`);
console.log("| model | batch | ORT CPU ms | dlc WebGPU ms | dlc / ORT | first call ORT / dlc (s) |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const name of models) {
  const g = graphOf(name);
  const weights = new Map([...initParams(g, 1, "f32")].map(([k, t]) => [k, t.data as Float32Array]));
  for (const batch of batches) {
    const rng = new Rng(101);
    const feeds = new Map(g.inputs.map((i) => [g.nodes[i]!.name, Float32Array.from({ length: batch * elementCount(g.nodes[i]!.shape) }, () => rng.normal())]));
    const o = await start(() => ortSide(g, weights, feeds, batch));
    const d = await start(() => dlcSide(g, weights, feeds, batch));
    const gap = disagreement(o.outputs, d.outputs);
    if (!(gap <= TOLERANCE)) throw new Error(`${name}/${batch}: ORT's outputs differ from dlc's by ${gap.toExponential(2)} of their scale; the benchmark would compare different math`);
    const times = { ort: [] as number[], dlc: [] as number[], ratio: [] as number[] };
    for (let r = 0; r < runs; r++) {
      const to = await time(o.side);
      const td = await time(d.side);
      times.ort.push(to);
      times.dlc.push(td);
      times.ratio.push(td / to);
    }
    await o.side.dispose();
    await d.side.dispose();
    const [mo, md, mr] = [median(times.ort), median(times.dlc), median(times.ratio)];
    console.log(`| ${name} | ${batch} | ${ms(mo)} | ${ms(md)} | ${mr.toFixed(2)}× | ${(o.firstMs / 1000).toFixed(1)} / ${(d.firstMs / 1000).toFixed(1)} |`);
    records.push({ model: name, batch, ortMs: mo, dlcMs: md, ratioDlcOverOrt: mr, runsMs: times, firstCallMs: { ort: o.firstMs, dlc: d.firstMs }, disagreement: gap });
    writeFileSync(outFile, JSON.stringify({ date: new Date().toISOString(), cpu, gpu, reps, runs, tolerance: TOLERANCE, records }, null, 2) + "\n");
  }
}
process.exit(0);
