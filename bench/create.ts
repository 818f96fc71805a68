// How long a program takes to start: making its compute pipelines
// (runtime/webgpu/pipelines.ts), for LeNet-5's training program and for a
// compiled module's create() (its training, train-mode and inference
// programs), under each way of making them, in one process on one device,
// the variants interleaved run by run; the median of the runs is reported,
// with the CPU time of the process over the same span.
//
//   npx tsx bench/create.ts [--runs 3] [--models lenet5,resnet18_cifar] [--batch 32]
//
// Variants:
//   before        every kernel made anew (no cache), all async at once:
//                 ProgramRunner.create as it was before the cache;
//   concurrent    the cache, all async at once;
//   sequential    the cache, createComputePipeline one at a time.
// Every run makes its pipelines from scratch: each run's kernels get a
// comment of their own, which changes Dawn's shader modules and nothing
// else, and the cache ignores comments, so a run first empties it by using
// a fresh device. (Dawn itself keeps no cache of compiled shaders between
// shader modules.)

import { readFileSync } from "node:fs";
import { availableParallelism, cpus } from "node:os";
import { checkFile } from "../compiler/pipeline.js";
import { compile } from "../compiler/index.js";
import { buildTrainingProgram } from "../compiler/codegen/program.js";
import { type Program } from "../core/program/program.js";
import type { ModuleManifest } from "../compiler/codegen/module.js";
import { CompiledModel } from "../runtime/model.js";
import { acquireDevice } from "../runtime/webgpu/device.js";
import { defaultPipelineMode, pipelineKey, type PipelineOptions } from "../runtime/webgpu/pipelines.js";
import { ProgramRunner } from "../runtime/webgpu/program.js";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const runs = Number(arg("runs", "3"));
const batch = Number(arg("batch", "32"));
const models = arg("models", "lenet5,resnet18_cifar").split(",");
const FILES: Record<string, { path: string; network?: string }> = {
  lenet5: { path: "examples/lenet5-digits/lenet5_train.net", network: "lenet5" },
  resnet18_cifar: { path: "bench/models/resnet18_cifar.net" },
  bn_convnet: { path: "bench/models/bn_convnet.net" },
};
const VARIANTS: Record<string, PipelineOptions> = {
  before: { cache: false, mode: "concurrent" },
  concurrent: { mode: "concurrent" },
  sequential: { mode: "sequential" },
};

let trial = 0;
/** A copy of the program whose kernels carry a comment of this trial: new shader modules for Dawn, the same code. */
function retagged(p: Program): Program {
  const tag = `// trial ${++trial}\n`;
  const k = (x: Program["kernels"][number]) => ({ ...x, code: tag + x.code });
  return { ...p, kernels: p.kernels.map(k), ...(p.optimizer ? { optimizer: { ...p.optimizer, kernel: k(p.optimizer.kernel) } } : {}) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed(work: (device: GPUDevice) => Promise<void>): Promise<{ wall: number; cpu: number }> {
  // A fresh device per run: an empty cache, nothing left compiled.
  const h = await acquireDevice();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await work(h.device);
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  h.device.destroy();
  return { wall, cpu: (c.user + c.system) / 1e6 };
}

function count(programs: readonly Program[]): string {
  const codes = programs.flatMap((p) => [...p.kernels, ...(p.optimizer ? [p.optimizer.kernel] : [])].map((k) => k.code));
  return `${codes.length} kernels, ${new Set(codes).size} distinct texts, ${new Set(codes.map(pipelineKey)).size} distinct without comments`;
}

console.log(`machine: ${cpus()[0]?.model ?? "?"}, ${availableParallelism()} cores; default mode here: ${defaultPipelineMode()} (before a device is acquired: unknown cores)`);
const h0 = await acquireDevice();
console.log(`device: ${h0.backend}, ${h0.info.description || h0.info.device}; default mode: ${defaultPipelineMode()}`);
h0.device.destroy();

for (const name of models) {
  const f = FILES[name];
  if (!f) throw new Error(`unknown model '${name}' (${Object.keys(FILES).join(", ")})`);
  const r = checkFile(f.path, { train: true, network: f.network });
  if (!r.training) throw new Error(`${f.path} does not compile: ${r.diagnostics.map((d) => d.message).join("; ")}`);
  const program = buildTrainingProgram(r.training, batch);
  const built = compile(readFileSync(f.path, "utf8"), { path: f.path, network: f.network, batch });
  const manifest = built.manifest as ModuleManifest | undefined;
  if (!manifest) throw new Error(`${f.path}: no module manifest`);
  const modulePrograms = [manifest.programs.train, manifest.programs.trainForward, manifest.programs.infer].filter((p): p is Program => p !== undefined);
  console.log(`\n${name}, batch ${batch}: training program ${count([program])}; module (${modulePrograms.length} programs) ${count(modulePrograms)}`);
  const times: Record<string, { wall: number[]; cpu: number[] }> = {};
  for (let run = 0; run < runs; run++) {
    for (const [variant, opts] of Object.entries(VARIANTS)) {
      const step = await timed(async (device) => {
        (await ProgramRunner.create(device, retagged(program), new Map(), opts)).destroy();
      });
      const mod = await timed(async (device) => {
        const m = { ...manifest, programs: Object.fromEntries(Object.entries(manifest.programs).map(([k, p]) => [k, p && retagged(p)])) } as ModuleManifest;
        const model = await CompiledModel.instantiate(CompiledModel, m, { device, pipelines: opts });
        model.destroy();
      });
      for (const [what, t] of [["training program", step], ["module create()", mod]] as const) {
        const key = `${what}: ${variant}`;
        times[key] ??= { wall: [], cpu: [] };
        times[key].wall.push(t.wall);
        times[key].cpu.push(t.cpu);
      }
      process.stderr.write(`  run ${run + 1}/${runs} ${variant}: step ${step.wall.toFixed(2)} s, module ${mod.wall.toFixed(2)} s\n`);
    }
  }
  for (const [key, t] of Object.entries(times)) {
    const base = times[key.replace(/: .*/, ": before")]!;
    console.log(`  ${key.padEnd(32)} ${median(t.wall).toFixed(2).padStart(7)} s wall (${(median(base.wall) / median(t.wall)).toFixed(2)}× before)  ${median(t.cpu).toFixed(2).padStart(7)} s CPU   runs: ${t.wall.map((w) => w.toFixed(2)).join(", ")}`);
  }
}
