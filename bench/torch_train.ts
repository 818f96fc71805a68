// A training step of a network exported to PyTorch (`dlc export --to
// pytorch`), run by torch on the CPU, against the same step in dlc on
// WebGPU: where each path is fastest on this machine. The benchmark's
// models (pairs.ts), SGD with momentum, the same initial weights (dlc's
// initialisation, seed 1) and the same fixed batch for both.
//
// PyTorch trains the module the exporter renders, with the module's own
// make_optimizer and train_step (forward, loss, backward, update), driven by
// bench/torch_train.py with one intra-op thread per core; the weights go in
// as a dlc checkpoint. dlc trains its training program (GpuTrainer) with the
// GEMM templates and split-K counts the tuning cache holds for this device
// (host/tune/; nothing is timed here, defaults where the cache has
// nothing), the batch resident on the device after the first step. The
// total losses of the first two steps must agree (≤ 1e-3 relative) before
// anything is timed: a benchmark of different math is void. Each run warms
// up with 2 steps and times `steps` steps (dlc synchronises at the end by
// reading the last loss back); the two alternate run by run and the median
// run is reported, with the ratio dlc / PyTorch from the same run. Also each
// side's start: PyTorch's interpreter, import, module and first two steps;
// dlc's program build, pipeline compilation and first two steps.
//
//   npx tsx bench/torch_train.ts [--models mlp,lenet5,bn_convnet,inception_heads]
//       [--batch 16,64] [--steps 5] [--runs 3] [--out bench/results_torch_train.json]

import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { checkFile } from "../compiler/pipeline.js";
import { initParams } from "../compiler/passes/init_rules.js";
import { elementCount } from "../core/ir/graph.js";
import { optimizerHyper } from "../core/optim/optimizers.js";
import { Rng } from "../core/tensor/rng.js";
import { exportPytorchFiles } from "../host/export/pytorch/command.js";
import { writeFilesTogether } from "../host/export/pytorch/write_files.js";
import { findPython } from "../host/python.js";
import { GpuTrainer } from "../host/training/trainer.js";
import { chooserOf, deviceId, loadSplits, loadTuning, splitChooserOf } from "../host/tune/cache.js";
import { saveCheckpoint } from "../runtime/checkpoint/checkpoint.js";
import { encodeSafetensors, type SafeTensor } from "../runtime/checkpoint/safetensors.js";
import { acquireDevice } from "../runtime/webgpu/device.js";
import { MODELS, OPTIMIZERS } from "./pairs.js";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const models = arg("models", "mlp,lenet5,bn_convnet,inception_heads").split(",");
const batches = arg("batch", "16,64").split(",").map(Number);
const steps = Number(arg("steps", "5"));
const runs = Number(arg("runs", "3"));
const outFile = arg("out", "bench/results_torch_train.json");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const TOLERANCE = 1e-3;
const WARMUP = 2;

const py = findPython(["torch"]);
if (!py.python) throw new Error(`no python3 with torch (apt-get install python3-torch); tried:\n${py.tried.join("\n")}`);
const python = py.python;
const threads = availableParallelism();
const h = await acquireDevice();
const id = deviceId(h.info);
const opts = { gemmChoice: chooserOf(loadTuning(id)), splitChoice: splitChooserOf(loadSplits(id)) };
const gpu = `${h.backend}: ${[h.info.vendor, h.info.architecture, h.info.description].filter((s) => s).join(" / ")}`;
const cpu = `${threads} cores, ${cpus()[0]?.model ?? "unknown CPU"}`;
const dir = mkdtempSync(join(tmpdir(), "dlc-bench-torch-"));

interface Side {
  /** The total losses of the first two steps from the initial weights. */
  readonly losses: readonly number[];
  /** Milliseconds per step: WARMUP untimed steps, then `steps` timed. */
  time(): Promise<number>;
  dispose(): void;
}

/** The driver, alive across runs; answers one JSON line per command. */
async function torchSide(module: string, weights: string, io: string): Promise<Side & { version: string }> {
  const child: ChildProcessWithoutNullStreams = spawn(python, [join(import.meta.dirname, "torch_train.py"), module, weights, io, String(threads)], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async <T>(): Promise<T> => {
    const r = await lines.next();
    if (r.done) throw new Error(`the PyTorch driver stopped:\n${stderr.slice(-4000)}`);
    return JSON.parse(r.value as string) as T;
  };
  const first = await next<{ losses: number[]; threads: number; torch: string }>();
  return {
    losses: first.losses,
    version: `torch ${first.torch}, ${first.threads} threads`,
    async time() {
      child.stdin.write(`time ${WARMUP} ${steps}\n`);
      return (await next<{ ms: number }>()).ms;
    },
    dispose() {
      child.stdin.end("quit\n");
    },
  };
}

const ms = (x: number) => x.toFixed(x < 10 ? 2 : 1);
const records: object[] = [];
let torchVersion = "";
console.log(`CPU: ${cpu}; GPU: ${gpu}; SGD with momentum; ${steps} timed steps per run after ${WARMUP} warm-up, median of ${runs} alternating runs; dlc's GEMM choices from the tuning cache (${loadTuning(id).size} entries)`);
console.log("| model | batch | PyTorch CPU ms/step | dlc WebGPU ms/step | dlc / PyTorch | PyTorch samples/s | dlc samples/s | start PyTorch / dlc (s) |");
console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
for (const name of models) {
  const model = MODELS.find((m) => m.name === name);
  if (!model) throw new Error(`no benchmark model '${name}': ${MODELS.map((m) => m.name).join(", ")}`);
  const net = [...model.source.matchAll(/^network (\w+)/gm)].map((m) => m[1]!).pop()!;
  // The network with its training section, as a file the exporter reads.
  const file = join(dir, `${name}.net`);
  writeFileSync(file, `${model.source}\ntrain ${net} {\n  ${model.losses}\n  optimizer ${OPTIMIZERS.sgd}\n}\n`);
  const r = checkFile(file, { train: true });
  if (!r.graph || !r.training) throw new Error(`${name}: ${r.diagnostics.map((d) => d.message).join("\n")}`);
  const g = r.graph;
  const exported = exportPytorchFiles(file, { out: dir });
  if (exported.files.length === 0) throw new Error(`${name}: the PyTorch export failed: ${exported.diagnostics.map((d) => d.message).join("\n")}`);
  writeFilesTogether(exported.files);
  const init = new Map([...initParams(g, 1, "f32")].map(([k, t]) => [k, Float32Array.from(t.data)]));
  const weights = join(dir, `${name}.start.safetensors`);
  saveCheckpoint(weights, g, init, { epoch: 0, step: 0, seed: 1 });
  const lr = optimizerHyper(g.train!.optimizer).lr;
  for (const batch of batches) {
    // One batch, as pairs.ts makes it: normal inputs, class labels below the class count, normal targets.
    const rng = new Rng(101);
    const feeds = new Map<string, Float32Array | Int32Array>();
    const io = new Map<string, SafeTensor>();
    for (const i of g.inputs) {
      const n = g.nodes[i]!;
      const v = Float32Array.from({ length: batch * elementCount(n.shape) }, () => rng.normal());
      feeds.set(n.name, v);
      io.set(`input.${n.name}`, { dtype: "F32", shape: [batch, ...n.shape], data: v });
    }
    for (const l of g.train!.losses) {
      const shape = [batch, ...l.labelShape];
      const size = batch * elementCount(l.labelShape);
      if (l.labelDType === "i32") {
        const classes = g.nodes[g.outputs.find((o) => o.name === l.output)!.node]!.shape[0]!;
        const v = Int32Array.from({ length: size }, () => Math.floor(rng.uniform() * classes));
        feeds.set(l.label, v);
        io.set(`label.${l.label}`, { dtype: "I64", shape, data: BigInt64Array.from(v, (x) => BigInt(x)) });
      } else {
        const v = Float32Array.from({ length: size }, () => rng.normal());
        feeds.set(l.label, v);
        io.set(`label.${l.label}`, { dtype: "F32", shape, data: v });
      }
    }
    const ioPath = join(dir, `${name}.${batch}.io.safetensors`);
    writeFileSync(ioPath, encodeSafetensors(io));

    let t0 = performance.now();
    const t = await torchSide(join(dir, `${g.name}.py`), weights, ioPath);
    const torchStartMs = performance.now() - t0;
    torchVersion = t.version;
    t0 = performance.now();
    const trainer = await GpuTrainer.create(h.device, r.training, batch, opts);
    trainer.loadParams(init);
    let written = false;
    const dlcStep = async (read: boolean) => {
      const l = await trainer.step(written ? "resident" : feeds, lr, read);
      written = true;
      return l?.at(-1);
    };
    const dlcLosses = [(await dlcStep(true))!, (await dlcStep(true))!];
    const dlcStartMs = performance.now() - t0;
    dlcLosses.forEach((x, s) => {
      const y = t.losses[s]!;
      if (!(Math.abs(x - y) <= TOLERANCE * Math.max(Math.abs(x), Math.abs(y)))) throw new Error(`${name}/${batch}: losses disagree at step ${s + 1}: dlc ${x}, PyTorch ${y}; the benchmark would compare different math`);
    });
    const d = {
      async time() {
        for (let s = 0; s < WARMUP - 1; s++) await dlcStep(false);
        await dlcStep(true);
        const start = performance.now();
        for (let s = 0; s < steps - 1; s++) await dlcStep(false);
        await dlcStep(true);
        return (performance.now() - start) / steps;
      },
    };
    const times = { torch: [] as number[], dlc: [] as number[], ratio: [] as number[] };
    for (let run = 0; run < runs; run++) {
      const tt = await t.time();
      const td = await d.time();
      times.torch.push(tt);
      times.dlc.push(td);
      times.ratio.push(td / tt);
    }
    t.dispose();
    trainer.destroy();
    const [mt, md, mr] = [median(times.torch), median(times.dlc), median(times.ratio)];
    console.log(`| ${name} | ${batch} | ${ms(mt)} | ${ms(md)} | ${mr.toFixed(mr < 10 ? 2 : 0)}× | ${Math.round((batch * 1000) / mt)} | ${((batch * 1000) / md).toFixed(1)} | ${(torchStartMs / 1000).toFixed(1)} / ${(dlcStartMs / 1000).toFixed(1)} |`);
    records.push({
      model: name,
      batch,
      optimizer: OPTIMIZERS.sgd,
      torchMsPerStep: mt,
      dlcMsPerStep: md,
      ratioDlcOverTorch: mr,
      torchSamplesPerS: (batch * 1000) / mt,
      dlcSamplesPerS: (batch * 1000) / md,
      runsMs: times,
      startMs: { torch: torchStartMs, dlc: dlcStartMs },
      firstLosses: { torch: t.losses, dlc: dlcLosses },
    });
    writeFileSync(outFile, JSON.stringify({ date: new Date().toISOString(), cpu, gpu, torch: torchVersion, python, steps, warmup: WARMUP, runs, tolerance: TOLERANCE, records }, null, 2) + "\n");
  }
}
rmSync(dir, { recursive: true, force: true });
process.exit(0);
