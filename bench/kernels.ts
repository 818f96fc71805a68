// Kernel micro-benchmarks (issue 5): dlc's GEMM (a dense layer: x·Wᵀ, the
// transposed operand) and convolution forward, data gradient and weight
// gradient, against tf.matMul / tf.conv2d and its gradients, in GFLOP/s, on
// one device in one process. Each side runs its kernel `reps` times and
// waits once at the end; the median of `runs` runs is reported.
//
//   npx tsx bench/kernels.ts [--reps 10] [--runs 3] [--quick] [--no-tune]
//
// dlc's kernels are the autotuner's choices for this device (host/tune/,
// cached), unless --no-tune.

import { buildInferenceProgram, buildTrainingProgram, type ProgramOptions } from "../compiler/codegen/program.js";
import { type Program } from "../core/program/program.js";
import { tunedOptions } from "../host/tune/tuned_options.js";
import { deviceId } from "../host/tune/cache.js";
import { checkFile } from "../compiler/pipeline.js";
import { acquireDevice } from "../runtime/webgpu/device.js";
import { ProgramRunner } from "../runtime/webgpu/program.js";
import { tfOnDevice, type Tf } from "./peers/tfjs_webgpu.js";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const reps = Number(arg("reps", "10"));
const runs = Number(arg("runs", "3"));
const quick = process.argv.includes("--quick");
// --no-tune: dlc's default GEMM templates instead of the autotuner's choices for this device.
const tune = !process.argv.includes("--no-tune");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const h = await acquireDevice();
const tf = await tfOnDevice(h);
const device = `${h.backend}: ${[h.info.vendor, h.info.architecture, h.info.description].filter((s) => s).join(" / ")}`;

function graphOf(text: string, train: boolean) {
  const r = checkFile("k.net", { text, train });
  if (!r.graph || (train && !r.training)) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  return r;
}

/** Milliseconds per run of `once`, `reps` times then one wait. */
async function timeIt(once: () => void, wait: () => Promise<unknown>): Promise<number> {
  once();
  await wait();
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) once();
  await wait();
  return (performance.now() - t0) / reps;
}

async function dlcRunner(p: Program, kernels: (label: string) => boolean) {
  // Only the kernels under test: a program restricted to them (its buffers stay as planned).
  const only: Program = { ...p, kernels: p.kernels.filter((k) => kernels(k.label)), optimizer: undefined };
  const runner = await ProgramRunner.create(h.device, only);
  const feeds = new Map<string, Float32Array | Int32Array>(p.inputs.map((t) => [t.name, t.dtype === "i32" ? new Int32Array(t.range.size / 4) : Float32Array.from({ length: t.range.size / 4 }, () => Math.random() - 0.5)]));
  await runner.run(feeds);
  return {
    once: () => void runner.run("resident"),
    wait: () => h.device.queue.onSubmittedWorkDone(),
    destroy: () => runner.destroy(),
  };
}

const tfWait = (t: import("@tensorflow/tfjs-core").Tensor) => t.data();

interface Row {
  name: string;
  flops: number;
  dlc: number;
  tf: number;
}
const rows: Row[] = [];

async function compare(name: string, flops: number, dlc: { once(): void; wait(): Promise<unknown>; destroy(): void }, tfOnce: () => import("@tensorflow/tfjs-core").Tensor) {
  let last: import("@tensorflow/tfjs-core").Tensor | undefined;
  const tfRun = () => {
    last?.dispose();
    last = tfOnce();
  };
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < runs; r++) {
    a.push(await timeIt(dlc.once, dlc.wait));
    b.push(await timeIt(tfRun, () => tfWait(last!)));
  }
  last?.dispose();
  dlc.destroy();
  const row = { name, flops, dlc: median(a), tf: median(b) };
  rows.push(row);
  const gf = (ms: number) => (flops / (ms * 1e6)).toFixed(1);
  console.log(`| ${name} | ${row.dlc.toFixed(2)} | ${gf(row.dlc)} | ${row.tf.toFixed(2)} | ${gf(row.tf)} | ${(row.tf / row.dlc).toFixed(2)}× |`);
}

/** dlc's choices for a program's GEMMs on this device: the autotuner's (cached), or the defaults with --no-tune. */
async function tuned(build: (opts: ProgramOptions) => Program): Promise<ProgramOptions> {
  return tune ? (await tunedOptions(h.device, deviceId(h.info), build)).opts : {};
}

async function gemm(M: number, N: number, K: number) {
  const g = graphOf(`network g { input x: [${K}]\n output y = x |> dense(${N}, bias=false) }`, false).graph!;
  const p = buildInferenceProgram(g, M, undefined, await tuned((o) => buildInferenceProgram(g, M, undefined, o)));
  const dlc = await dlcRunner(p, () => true);
  const a = tf.randomNormal([M, K]);
  const w = tf.randomNormal([N, K]);
  await compare(`GEMM ${M}×${N}×${K} (x·Wᵀ)`, 2 * M * N * K, dlc, () => tf.matMul(a, w, false, true));
  a.dispose();
  w.dispose();
}

/** conv forward, data gradient and weight gradient of one layer (batch n, c→o channels, size s, kernel k, stride st). */
async function conv(n: number, c: number, o: number, s: number, k: number, st: number) {
  const pad = Math.floor(k / 2);
  // A 1×1 conv first, so that the layer under test (named 'target') needs its data gradient.
  const text = `network c { input x: [${c}, ${s}, ${s}]\n y = x |> conv(${c}, k=1, bias=false) |> conv(${o}, k=${k}, s=${st}, p=${pad}, bias=false) as target\n output z = y |> gap }
train c { loss mse(z, t)\n optimizer sgd(lr = 0.1) }`;
  const r = graphOf(text, true);
  const train = buildTrainingProgram(r.training!, n, await tuned((o) => buildTrainingProgram(r.training!, n, o)));
  const infer = buildInferenceProgram(r.graph!, n, undefined, await tuned((o) => buildInferenceProgram(r.graph!, n, undefined, o)));
  const os = Math.floor((s + 2 * pad - k) / st) + 1;
  const flops = 2 * n * o * os * os * c * k * k;
  const label = `${n}×${c}×${s}² → ${o}, ${k}×${k}/${st}`;
  const x = tf.randomNormal([n, s, s, c]);
  const w = tf.randomNormal([k, k, c, o]);
  const dy = tf.randomNormal([n, os, os, o]);
  const padding = k === 1 ? "valid" : ([[0, 0], [pad, pad], [pad, pad], [0, 0]] as [[number, number], [number, number], [number, number], [number, number]]);
  const attrs = { strides: st, pad: padding, dataFormat: "NHWC", dimRoundingMode: undefined };
  await compare(`conv fwd ${label}`, flops, await dlcRunner(infer, (l) => l === "target"), () => tf.conv2d(x as never, w as never, st, padding));
  await compare(`conv grad input ${label}`, flops, await dlcRunner(train, (l) => l === "grad.target.conv_grad_input"), () =>
    tf.engine().runKernel(tf.Conv2DBackpropInput, { dy, filter: w } as never, { ...attrs, inputShape: [n, s, s, c] } as never) as never,
  );
  await compare(`conv grad weight ${label}`, flops, await dlcRunner(train, (l) => l.startsWith("grad.target.conv_grad_weight")), () =>
    tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy } as never, { ...attrs, filterShape: [k, k, c, o] } as never) as never,
  );
  for (const t of [x, w, dy]) t.dispose();
}

console.log(`device: ${device}; ${reps} repetitions per run, median of ${runs} runs`);
console.log("| kernel | dlc ms | dlc GFLOP/s | TF.js ms | TF.js GFLOP/s | dlc speed-up |");
console.log("|---|---:|---:|---:|---:|---:|");
await gemm(256, 256, 256);
await gemm(64, 512, 784);
await gemm(512, 512, 512);
if (!quick) await gemm(1024, 1024, 1024);
await conv(16, 16, 16, 32, 3, 1);
await conv(16, 64, 64, 8, 3, 1);
await conv(16, 6, 16, 14, 5, 1);
export { rows, device };
process.exit(0);

// Silence "unused" for the TF type import in some editors.
export type { Tf };
