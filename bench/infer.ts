// Inference latency: the forward pass of the benchmark models (pairs.ts) in
// dlc against TF.js's WebGPU backend and onnxruntime-web's WebGPU provider,
// in one process on one Dawn device. The same initial weights (initParams)
// and input for all; batch norm in eval mode, on the running statistics
// (mean 0, variance 1 at initialisation). dlc runs its inference program
// (buildInferenceProgram + ProgramRunner, the inputs resident after the
// first write); TF.js the eval-mode forward of its twin (peers/tfjs_twin.ts)
// inside tf.tidy; ORT an ONNX model of the same network (peers/onnx_twin.ts)
// with its inputs and outputs on the device. Every peer's outputs must agree
// with dlc's (max abs difference ≤ 1e-3 of the outputs' scale) before
// anything is timed: a benchmark of different math is void. Each run warms
// up, then times `reps` passes synchronising only at the end (the last pass
// reads the outputs back); the frameworks alternate; the median of the runs
// is reported. Also the first call: dlc's compile (program + pipelines) and
// first pass, TF.js's first pass (it compiles its shaders then), ORT's
// session creation and first pass, each with its read-back.
//
//   npx tsx bench/infer.ts [--models mlp,lenet5,bn_convnet,resnet18_cifar,inception_heads]
//       [--batch 1,16,64] [--reps 20] [--runs 5] [--peers tfjs,ort] [--out bench/results_infer.json]

import { writeFileSync } from "node:fs";
import { buildInferenceProgram } from "../compiler/codegen/program.js";
import { tunedOptions } from "../host/tune/tuned_options.js";
import { deviceId } from "../host/tune/cache.js";
import { elementCount, type Graph } from "../core/ir/graph.js";
import { checkFile } from "../compiler/pipeline.js";
import { initParams } from "../compiler/passes/init_rules.js";
import { Rng } from "../core/tensor/rng.js";
import type { Tensor as RefTensor } from "../core/tensor/tensor.js";
import { acquireDevice, type DeviceHandle } from "../runtime/webgpu/device.js";
import { ProgramRunner } from "../runtime/webgpu/program.js";
import { MODELS } from "./pairs.js";
import { buildOnnxModel } from "./peers/onnx_twin.js";
import { ortOnDevice, ortRunner } from "./peers/ort_webgpu.js";
import { buildTfForward } from "./peers/tfjs_twin.js";
import { tfOnDevice, type Tf } from "./peers/tfjs_webgpu.js";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const models = arg("models", MODELS.map((m) => m.name).join(",")).split(",");
const batches = arg("batch", "1,16,64").split(",").map(Number);
const reps = Number(arg("reps", "20"));
const runs = Number(arg("runs", "5"));
const peers = new Set(arg("peers", "tfjs,ort").split(","));
const outFile = arg("out", "bench/results_infer.json");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const TOLERANCE = 1e-3;

const h = await acquireDevice();
const tf = await tfOnDevice(h);
const ort = peers.has("ort") ? await ortOnDevice(h) : undefined;
const device = `${h.backend}: ${[h.info.vendor, h.info.architecture, h.info.description].filter((s) => s).join(" / ")}`;
// ORT's first run in a process starts its runtime, whatever the model (about a minute on SwiftShader): done once here, on a one-node model, apart from the models' first calls.
const ortStartMs = ort ? await startOrt() : undefined;

type Outputs = Map<string, Float32Array>;

/** One framework on one model and batch. */
interface Side {
  readonly framework: string;
  /** One forward pass; `read`: and its outputs, read back (waits for the device). */
  pass(read: boolean): Promise<Outputs | undefined>;
  dispose(): Promise<void> | void;
}

interface Started {
  side: Side;
  /** Milliseconds of the first call: compile or session creation, the first pass, its read-back. */
  firstMs: number;
  outputs: Outputs;
}

async function start(create: () => Promise<Side>): Promise<Started> {
  const t0 = performance.now();
  const side = await create();
  const outputs = (await side.pass(true))!;
  return { side, firstMs: performance.now() - t0, outputs };
}

function dlcSide(g: Graph, init: ReadonlyMap<string, RefTensor>, feeds: ReadonlyMap<string, Float32Array>, batch: number) {
  return async (): Promise<Side> => {
    // dlc's GEMMs as the autotuner measured them on this device (host/tune/, cached).
    const { opts } = await tunedOptions(h.device, deviceId(h.info), (o) => buildInferenceProgram(g, batch, undefined, o));
    const runner = await ProgramRunner.create(h.device, buildInferenceProgram(g, batch, undefined, opts));
    runner.writeParams(new Map([...init].map(([k, v]) => [k, Float32Array.from(v.data)])));
    const read = runner.program.outputs.map((o) => o.name);
    let written = false;
    return {
      framework: "dlc",
      async pass(wanted) {
        const out = await runner.run(written ? "resident" : feeds, wanted ? { read } : {});
        written = true;
        return wanted ? out : undefined;
      },
      dispose: () => runner.destroy(),
    };
  };
}

function tfSide(tf: Tf, g: Graph, init: ReadonlyMap<string, RefTensor>, feeds: ReadonlyMap<string, Float32Array>, batch: number): Side {
  const fwd = buildTfForward(tf, g, init, feeds, batch);
  let last: Record<string, import("@tensorflow/tfjs-core").Tensor> | undefined;
  const release = () => Object.values(last ?? {}).forEach((t) => t.dispose());
  return {
    framework: "tfjs-webgpu",
    async pass(read) {
      release();
      last = fwd.run();
      if (!read) return undefined;
      const out = new Map<string, Float32Array>();
      for (const [name, t] of Object.entries(last)) out.set(name, (await t.data()) as Float32Array);
      return out;
    },
    dispose() {
      release();
      fwd.dispose();
    },
  };
}

function ortSide(g: Graph, init: ReadonlyMap<string, RefTensor>, feeds: ReadonlyMap<string, Float32Array>, batch: number, layout?: "NCHW") {
  return async (): Promise<Side> => {
    const shapes = new Map(g.inputs.map((id) => [g.nodes[id]!.name, [batch, ...g.nodes[id]!.shape]]));
    const runner = await ortRunner(ort!, h, buildOnnxModel(g, init, batch), new Map([...feeds].map(([k, data]) => [k, { data, shape: shapes.get(k)! }])), layout);
    return {
      framework: "ort-webgpu",
      async pass(read) {
        await runner.run();
        return read ? runner.read() : undefined;
      },
      dispose: () => runner.dispose(),
    };
  };
}

async function startOrt(): Promise<number> {
  const g = checkFile("start.net", { text: "network start {\n  input x: [4]\n  output y = x |> relu\n}\n", train: false }).graph!;
  const t0 = performance.now();
  const s = await start(ortSide(g, new Map(), new Map([["x", new Float32Array(4)]]), 1));
  await s.side.dispose();
  return performance.now() - t0;
}

/** The largest difference over every output, relative to the outputs' scale (their largest magnitude). */
function disagreement(a: Outputs, b: Outputs): number {
  let worst = 0;
  for (const [name, x] of a) {
    const y = b.get(name);
    if (!y || y.length !== x.length) return Infinity;
    let diff = 0;
    let scale = 0;
    for (let i = 0; i < x.length; i++) {
      diff = Math.max(diff, Math.abs(x[i]! - y[i]!));
      scale = Math.max(scale, Math.abs(x[i]!), Math.abs(y[i]!));
    }
    // NaN anywhere makes diff NaN: report it as no agreement.
    const rel = diff === 0 ? 0 : diff / scale;
    worst = Math.max(worst, Number.isNaN(rel) ? Infinity : rel);
  }
  return worst;
}

/** Milliseconds per pass: two passes and a wait to warm up, then `reps` passes with one read-back at the end. */
async function time(side: Side): Promise<number> {
  for (let s = 0; s < 2; s++) await side.pass(false);
  await side.pass(true);
  const t0 = performance.now();
  for (let s = 0; s < reps - 1; s++) await side.pass(false);
  await side.pass(true);
  return (performance.now() - t0) / reps;
}

const ms = (x: number | undefined) => (x === undefined ? "—" : x.toFixed(x < 10 ? 2 : 1));
const ratio = (peer: number | undefined, dlc: number) => (peer === undefined ? "—" : `${(peer / dlc).toFixed(2)}×`);
const secs = (x: number | undefined) => (x === undefined ? "—" : (x / 1000).toFixed(1));

const records: object[] = [];
const notes: string[] = [];
console.log(`device: ${device}; ${reps} timed passes per run, median of ${runs} runs${ortStartMs === undefined ? "" : `; ORT's runtime started in ${secs(ortStartMs)} s (once, not in the first calls)`}`);
console.log("| model | batch | dlc ms | TF.js ms | ORT ms | speed-up vs TF.js | speed-up vs ORT | first call dlc / TF.js / ORT (s) |");
console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
for (const name of models) {
  const model = MODELS.find((m) => m.name === name);
  if (!model) throw new Error(`no benchmark model '${name}': ${MODELS.map((m) => m.name).join(", ")}`);
  const r = checkFile(`${model.name}.net`, { text: model.source, train: false });
  if (!r.graph) throw new Error(`${model.name}: ${r.diagnostics.map((d) => d.message).join("\n")}`);
  const g = r.graph;
  const init = initParams(g, 1, "f32");
  for (const batch of batches) {
    // The benchmark's input: one fixed batch, as pairs.ts draws it.
    const rng = new Rng(1 + 100);
    const feeds = new Map(g.inputs.map((id) => [g.nodes[id]!.name, Float32Array.from({ length: batch * elementCount(g.nodes[id]!.shape) }, () => rng.normal())]));
    const dlc = await start(dlcSide(g, init, feeds, batch));
    const sides: Started[] = [dlc];
    const agreement = new Map<string, number>();
    const check = (s: Started) => {
      const d = disagreement(dlc.outputs, s.outputs);
      agreement.set(s.side.framework, d);
      return d;
    };
    if (peers.has("tfjs")) {
      const s = await start(async () => tfSide(tf, g, init, feeds, batch));
      const d = check(s);
      if (!(d <= TOLERANCE)) throw new Error(`${name}/${batch}: TF.js's outputs differ from dlc's by ${d.toExponential(2)} of their scale; the benchmark would compare different math`);
      sides.push(s);
    }
    // ORT with its default layout; where that disagrees, again with the network's own (NCHW), and a note.
    let ortLayout: "default" | "NCHW" | undefined;
    for (const layout of ort ? [undefined, "NCHW" as const] : []) {
      let s: Started;
      try {
        s = await start(ortSide(g, init, feeds, batch, layout));
      } catch (e) {
        notes.push(`${name}/${batch}: ORT${layout ? ` (preferredLayout ${layout})` : ""} failed: ${(e as Error).message.split("\n")[0]}`);
        break;
      }
      const d = check(s);
      const how = layout ? `with preferredLayout ${layout}` : "with its default layout (NHWC)";
      if (d <= TOLERANCE) {
        sides.push(s);
        ortLayout = layout ?? "default";
        break;
      }
      notes.push(`${name}/${batch}: ORT ${how}: outputs differ from dlc's by ${d.toExponential(2)} of their scale, ${layout ? "void" : "not timed"}`);
      await s.side.dispose();
    }
    const times = new Map<string, number[]>(sides.map((s) => [s.side.framework, []]));
    for (let k = 0; k < runs; k++) for (const s of sides) times.get(s.side.framework)!.push(await time(s.side));
    for (const s of sides) await s.side.dispose();
    const med = new Map([...times].map(([f, xs]) => [f, median(xs)]));
    const first = new Map(sides.map((s) => [s.side.framework, s.firstMs]));
    const d = med.get("dlc")!;
    const [t, o] = [med.get("tfjs-webgpu"), med.get("ort-webgpu")];
    const oMark = ortLayout === "NCHW" ? " (NCHW)" : "";
    console.log(`| ${name} | ${batch} | ${ms(d)} | ${ms(t)} | ${ms(o)}${oMark} | ${ratio(t, d)} | ${ratio(o, d)} | ${[first.get("dlc"), first.get("tfjs-webgpu"), first.get("ort-webgpu")].map(secs).join(" / ")} |`);
    for (const s of sides) {
      const f = s.side.framework;
      const extra = f === "dlc" ? {} : { disagreement: agreement.get(f), ...(f === "ort-webgpu" ? { preferredLayout: ortLayout } : {}) };
      records.push({ model: name, batch, framework: f, device, reps, runs, msPerPass: med.get(f), runsMs: times.get(f), firstCallMs: s.firstMs, ...extra });
    }
    writeFileSync(outFile, JSON.stringify({ date: new Date().toISOString(), device, reps, runs, tolerance: TOLERANCE, ortStartMs, records, notes }, null, 2) + "\n");
  }
}
for (const n of notes) console.log(`- ${n}`);
process.exit(0);
