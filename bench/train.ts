// Training throughput, dlc against TF.js WebGPU in one process on one
// device (issue 5). So far: the MLP 784-512-512-10 with SGD and momentum.
// Losses are checked to agree before anything is timed; each run warms up,
// then times `steps` steps synchronising only at the end; the frameworks
// alternate; the median of the runs is reported.
//
//   npx tsx bench/train.ts [--batch 16,64,256] [--steps 50] [--runs 5]

import { writeFileSync } from "node:fs";
import { acquireDevice } from "../runtime/webgpu/device.js";
import { mlpPair } from "./mlp.js";
import { tfOnDevice } from "./peers/tfjs_webgpu.js";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const batches = arg("batch", "16,64,256").split(",").map(Number);
const steps = Number(arg("steps", "50"));
const runs = Number(arg("runs", "5"));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const h = await acquireDevice();
const tf = await tfOnDevice(h);
const device = `${h.backend}: ${[h.info.vendor, h.info.architecture, h.info.description].filter((s) => s).join(" / ")}`;
const records: object[] = [];
console.log(`device: ${device}; ${steps} timed steps per run, median of ${runs} runs`);
console.log("| model | batch | dlc ms/step | TF.js ms/step | dlc speed-up |");
console.log("|---|---:|---:|---:|---:|");
for (const batch of batches) {
  const pair = await mlpPair(h, tf, [784, 512, 512, 10], batch);
  for (let s = 0; s < 2; s++) {
    const [a, b] = [(await pair.dlc(true))!, (await pair.tf(true))!];
    if (Math.abs(a - b) / Math.abs(b) > 1e-3) throw new Error(`losses disagree at step ${s + 1}: dlc ${a}, TF.js ${b}: the benchmark would compare different math`);
  }
  const time = async (step: (read: boolean) => Promise<number | undefined>) => {
    for (let s = 0; s < 3; s++) await step(false);
    await step(true);
    const t0 = performance.now();
    for (let s = 0; s < steps - 1; s++) await step(false);
    await step(true);
    return (performance.now() - t0) / steps;
  };
  const dlc: number[] = [];
  const peer: number[] = [];
  for (let r = 0; r < runs; r++) {
    dlc.push(await time(pair.dlc));
    peer.push(await time(pair.tf));
  }
  pair.dispose();
  const [d, p] = [median(dlc), median(peer)];
  console.log(`| mlp 784-512-512-10 | ${batch} | ${d.toFixed(1)} | ${p.toFixed(1)} | ${(p / d).toFixed(2)}× |`);
  records.push({ model: "mlp-784-512-512-10", batch, framework: "dlc", msPerStep: d, device });
  records.push({ model: "mlp-784-512-512-10", batch, framework: "tfjs-webgpu", msPerStep: p, device });
}
writeFileSync("bench/results.json", JSON.stringify({ date: new Date().toISOString(), device, steps, runs, records }, null, 2) + "\n");
process.exit(0);
