// `dlc tune FILE [--batch N]`: measures, on this machine's WebGPU device,
// which GEMM template and tile is fastest for every conv and dense kernel
// of the network's training step (compiler/tune/autotune.ts) and stores the
// choices in the per-device cache that `dlc train` reads. Problems already
// in the cache are not timed again (--fresh times them all).

import { checkFile } from "../pipeline.js";
import { buildTrainingProgram } from "../codegen/program.js";
import { describeChoice } from "../codegen/gemm.js";
import { tuneGemms } from "../tune/autotune.js";
import { deviceId, loadTuning, saveTuning, tuneCachePath } from "../tune/cache.js";
import { acquireDevice, DeviceError } from "../../runtime/webgpu/device.js";
import { report } from "./output.js";

export interface TuneCliOptions {
  net?: string;
  input: Map<string, number[]>;
  param: Map<string, number | boolean | string>;
  batch?: number;
  reps: number;
  fresh?: boolean;
}

export async function runTune(file: string, o: TuneCliOptions): Promise<number> {
  const r = checkFile(file, { network: o.net, inputs: o.input, params: o.param, train: true });
  report(r.diagnostics);
  if (!r.training) return 1;
  const training = r.training;
  const batch = o.batch ?? 32;
  let h;
  try {
    h = await acquireDevice();
  } catch (e) {
    if (e instanceof DeviceError) {
      process.stderr.write(`error: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  const device = deviceId(h.info);
  const known = o.fresh ? new Set<string>() : new Set(loadTuning(device).keys());
  process.stderr.write(`tuning the GEMMs of '${training.graph.name.replace(/\.train$/, "")}' at batch ${batch} on ${h.backend}\n`);
  const tuned = await tuneGemms(h.device, (opts) => buildTrainingProgram(training, batch, opts), { reps: o.reps, known, log: (l) => process.stderr.write(`${l}\n`) });
  if (tuned.length > 0) saveTuning(device, new Map(tuned.map((t) => [t.key, t.choice])));
  process.stdout.write(`${tuned.length} GEMM problems timed (${known.size} already cached for this device); cache: ${tuneCachePath()}\n`);
  for (const t of tuned) {
    process.stdout.write(`  ${t.key.padEnd(40)} ${describeChoice(t.choice).padEnd(24)} ${t.ms.toFixed(2).padStart(9)} ms (default ${t.defaultMs.toFixed(2)} ms)  e.g. ${t.node}\n`);
  }
  h.device.destroy();
  return 0;
}
