// Where a step's time goes, kernel by kernel. Where the device records
// timestamp queries, whole steps run with each kernel in a timed pass of its
// own (GPU time, in the order and with the data of a real step; the median
// of `reps` steps after one warm-up). Elsewhere, or with --wall, each kernel
// runs alone, `reps` times with one wait, timed by the wall clock. A tool
// for tuning, not a benchmark: separate passes lose the overlap a step has.
// The program uses this device's cached tuning (what `dlc train` runs);
// --untuned profiles the built-in defaults.
//
//   npx tsx bench/profile.ts FILE.net [--batch 32] [--infer] [--input image=3,32,32] [--reps 3] [--top 25] [--wall] [--untuned]

import { readFileSync } from "node:fs";
import { buildInferenceProgram, buildTrainingProgram, type ProgramOptions } from "../compiler/codegen/program.js";
import { type Program } from "../core/program/program.js";
import { chooserOf, deviceId, loadSplits, loadTuning, splitChooserOf } from "../host/tune/cache.js";
import { checkFile } from "../compiler/pipeline.js";
import { acquireDevice } from "../runtime/webgpu/device.js";
import { ProgramRunner } from "../runtime/webgpu/program.js";
import { hasTimestamps } from "../runtime/webgpu/timestamps.js";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const file = process.argv[2];
if (!file || file.startsWith("--")) {
  console.error("usage: npx tsx bench/profile.ts FILE.net [--batch N] [--infer] [--input NAME=C,H,W] [--reps N] [--top N] [--wall] [--untuned]");
  process.exit(2);
}
const batch = Number(arg("batch", "32"));
const reps = Number(arg("reps", "3"));
const top = Number(arg("top", "25"));
const train = !process.argv.includes("--infer");
const inputs = new Map<string, number[]>();
const spec = arg("input", "");
if (spec) inputs.set(spec.split("=")[0]!, spec.split("=")[1]!.split(",").map(Number));

const r = checkFile(file, { text: readFileSync(file, "utf8"), train, inputs });
if (!r.graph || (train && !r.training)) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
const h = await acquireDevice();
const id = deviceId(h.info);
const tuned: ProgramOptions = process.argv.includes("--untuned") ? {} : { gemmChoice: chooserOf(loadTuning(id)), splitChoice: splitChooserOf(loadSplits(id)) };
const program: Program = train ? buildTrainingProgram(r.training!, batch, tuned) : buildInferenceProgram(r.graph, batch, undefined, tuned);
const feeds = new Map<string, Float32Array | Int32Array>(program.inputs.map((t) => [t.name, t.dtype === "i32" ? new Int32Array(t.range.size / 4) : Float32Array.from({ length: t.range.size / 4 }, () => Math.random() - 0.5)]));

const all = [...program.kernels, ...(program.optimizer ? [program.optimizer.kernel] : [])];
const lr = program.optimizer ? { lr: 0.01 } : {};
const timestamps = hasTimestamps(h.device) && !process.argv.includes("--wall");
const times: { label: string; ms: number; dispatch: readonly number[] }[] = timestamps ? await byTimestamps() : await byWallClock();

async function byTimestamps() {
  const runner = await ProgramRunner.create(h.device, program);
  await runner.run(feeds, { ...lr, read: ["loss"].filter(() => train) });
  const runs: Awaited<ReturnType<ProgramRunner["profile"]>>[] = [];
  for (let i = 0; i < reps; i++) runs.push(await runner.profile("resident", lr));
  runner.destroy();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return runs[0]!.map((k, i) => ({ label: k.label, dispatch: k.dispatch, ms: median(runs.map((r) => r[i]!.ms)) }));
}

async function byWallClock() {
  const out: { label: string; ms: number; dispatch: readonly number[] }[] = [];
  for (const k of all) {
    const only: Program = { ...program, kernels: k.label === "optimizer" && program.optimizer ? [] : [k], optimizer: k.label === "optimizer" ? program.optimizer : undefined };
    const runner = await ProgramRunner.create(h.device, only);
    await runner.run(feeds, only.optimizer ? lr : {});
    await h.device.queue.onSubmittedWorkDone();
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) await runner.run("resident", only.optimizer ? lr : {});
    await h.device.queue.onSubmittedWorkDone();
    out.push({ label: k.label, ms: (performance.now() - t0) / reps, dispatch: k.dispatch });
    runner.destroy();
  }
  return out;
}
const total = times.reduce((s, t) => s + t.ms, 0);
console.log(`${file}, ${train ? "training step" : "inference"} at batch ${batch}: ${all.length} kernels, ${total.toFixed(1)} ms summed (${timestamps ? "GPU timestamps, whole steps" : "wall clock, each kernel alone"})`);
for (const t of [...times].sort((a, b) => b.ms - a.ms).slice(0, top)) {
  console.log(`${t.ms.toFixed(1).padStart(8)} ms ${((100 * t.ms) / total).toFixed(1).padStart(5)}%  ${t.label}  [${t.dispatch.join(", ")}]`);
}
process.exit(0);
