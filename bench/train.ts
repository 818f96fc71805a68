// Training throughput, dlc against TF.js WebGPU in one process on one
// device (issue 5). Every model (pairs.ts) is a .net file and its TF.js
// twin with the same initial weights and data; the losses of the first two
// steps must agree before anything is timed (a benchmark of different math
// is void). Each run warms up, then times `steps` steps synchronising only
// at the end; the frameworks alternate; the median of the runs is reported.
// Also: the first step (dlc: compile + pipelines + step; TF.js: its first
// step, which compiles its shaders), dispatches and submits per step, and
// memory (dlc: its buffers; TF.js: tf.profile's peak tensor bytes).
//
//   npx tsx bench/train.ts [--models mlp,lenet5,bn_convnet,resnet18_cifar,inception_heads]
//       [--batch 16,64,256] [--optimizers sgd,adam] [--steps 50] [--runs 5] [--out bench/results.json] [--no-tune]
//
// dlc's GEMMs are first autotuned on the device (host/tune/; the choices
// are cached per device, so only new problems are timed); the tuning time is
// reported on its own, beside the first step.

import { writeFileSync } from "node:fs";
import { acquireDevice } from "../runtime/webgpu/device.js";
import { makePair, MODELS, type OptimizerName } from "./pairs.js";
import { tfOnDevice } from "./peers/tfjs_webgpu.js";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const models = arg("models", MODELS.map((m) => m.name).join(",")).split(",");
const batches = arg("batch", "16,64,256").split(",").map(Number);
const optimizers = arg("optimizers", "sgd,adam").split(",") as OptimizerName[];
const steps = Number(arg("steps", "50"));
const runs = Number(arg("runs", "5"));
const outFile = arg("out", "bench/results.json");
// --no-tune: dlc's default GEMM templates, not the ones measured on this device.
const tune = !process.argv.includes("--no-tune");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mib = (b: number) => (b / 2 ** 20).toFixed(1);

const h = await acquireDevice();
const tf = await tfOnDevice(h);
const device = `${h.backend}: ${[h.info.vendor, h.info.architecture, h.info.description].filter((s) => s).join(" / ")}`;

// TF.js's submits and dispatches, counted on its backend.
const backend = tf.backend() as unknown as { submitQueue(): void; recordAndSubmit(...a: unknown[]): unknown };
const counts = { submits: 0, dispatches: 0 };
for (const [method, key] of [["submitQueue", "submits"], ["recordAndSubmit", "dispatches"]] as const) {
  const original = backend[method].bind(backend) as (...a: unknown[]) => unknown;
  (backend as unknown as Record<string, unknown>)[method] = (...a: unknown[]) => {
    counts[key]++;
    return original(...a);
  };
}

const records: object[] = [];
console.log(`device: ${device}; ${steps} timed steps per run, median of ${runs} runs`);
console.log("| model | optimizer | batch | dlc ms/step | TF.js ms/step | dlc speed-up | dlc tuning (s) | first step dlc / TF.js (s) | dispatches dlc / TF.js | submits dlc / TF.js | memory dlc / TF.js (MiB) | dlc arena / liveness bound |");
console.log("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const name of models) {
  const model = MODELS.find((m) => m.name === name);
  if (!model) throw new Error(`no benchmark model '${name}': ${MODELS.map((m) => m.name).join(", ")}`);
  for (const optimizer of optimizers) {
    for (const batch of batches) {
      const pair = await makePair(h, tf, model, batch, optimizer, tune);
      // The first steps: their times, and the agreement check.
      let t0 = performance.now();
      const a = [(await pair.dlc(true))!];
      const dlcFirst = pair.dlcCreateMs + performance.now() - t0;
      t0 = performance.now();
      const b = [(await pair.tf(true))!];
      const tfFirst = performance.now() - t0;
      a.push((await pair.dlc(true))!);
      b.push((await pair.tf(true))!);
      a.forEach((x, s) => {
        if (!(Math.abs(x - b[s]!) <= 1e-3 * Math.max(1, Math.abs(b[s]!)))) throw new Error(`${name}/${optimizer}/${batch}: losses disagree at step ${s + 1}: dlc ${x}, TF.js ${b[s]}; the benchmark would compare different math`);
      });
      const time = async (step: (read: boolean) => Promise<number | undefined>) => {
        for (let s = 0; s < 2; s++) await step(false);
        await step(true);
        const start = performance.now();
        for (let s = 0; s < steps - 1; s++) await step(false);
        await step(true);
        return (performance.now() - start) / steps;
      };
      const dlc: number[] = [];
      const peer: number[] = [];
      for (let r = 0; r < runs; r++) {
        dlc.push(await time(pair.dlc));
        peer.push(await time(pair.tf));
      }
      Object.assign(counts, { submits: 0, dispatches: 0 });
      await pair.tf(true);
      const tfCounts = { ...counts };
      const prof = await pair.tfProfile();
      pair.dispose();
      const [d, p] = [median(dlc), median(peer)];
      console.log(
        `| ${name} | ${optimizer} | ${batch} | ${d.toFixed(1)} | ${p.toFixed(1)} | ${(p / d).toFixed(2)}× | ${(pair.tuneMs / 1000).toFixed(1)} | ${(dlcFirst / 1000).toFixed(1)} / ${(tfFirst / 1000).toFixed(1)} | ${pair.dlcKernels} / ${tfCounts.dispatches} | 1 / ${tfCounts.submits} | ${mib(pair.dlcBytes)} / ${mib(prof.peakBytes)} | ${(pair.arenaBytes / Math.max(1, pair.lowerBoundBytes)).toFixed(2)} |`,
      );
      const common = { model: name, optimizer, batch, device, steps, runs };
      records.push({ ...common, framework: "dlc", msPerStep: d, firstStepMs: dlcFirst, tuneMs: pair.tuneMs, tuned: tune, dispatchesPerStep: pair.dlcKernels, submitsPerStep: 1, memoryBytes: pair.dlcBytes, arenaBytes: pair.arenaBytes, livenessLowerBoundBytes: pair.lowerBoundBytes });
      records.push({ ...common, framework: "tfjs-webgpu", msPerStep: p, firstStepMs: tfFirst, dispatchesPerStep: tfCounts.dispatches, submitsPerStep: tfCounts.submits, memoryBytes: prof.peakBytes, kernelsPerStep: prof.kernels });
      writeFileSync(outFile, JSON.stringify({ date: new Date().toISOString(), device, records }, null, 2) + "\n");
    }
  }
}
process.exit(0);
