// `dlc tune FILE [--batch N]`: measures, on this machine's WebGPU device,
// which GEMM template and tile is fastest for every conv and dense kernel
// of the network's training step (host/tune/autotune.ts), and how many
// partial sums each long weight gradient should have (split_tune.ts), and
// stores the choices in the per-device cache that `dlc train` reads. Problems already
// in the cache are not timed again (--fresh times them all).

import { checkFile } from "../../compiler/pipeline.js";
import { escapeControl } from "../../core/diagnostics/printable.js";
import { buildTrainingProgram } from "../../compiler/codegen/program.js";
import { describeChoice } from "../../ops/templates/gemm_choice.js";
import { tunedOptions } from "../tune/tuned_options.js";
import { deviceId, tuneCachePath } from "../tune/cache.js";
import { deviceOrReport } from "./device.js";
import { report } from "./output.js";

export interface TuneCliOptions {
  net?: string;
  input: Map<string, number[]>;
  param: Map<string, number | boolean | string>;
  batch?: number;
  reps: number;
  fresh?: boolean;
  allowImports?: readonly string[];
}

export async function runTune(file: string, o: TuneCliOptions): Promise<number> {
  const r = checkFile(file, { network: o.net, inputs: o.input, params: o.param, train: true, allowImports: o.allowImports });
  report(r.diagnostics);
  if (!r.training) return 1;
  const training = r.training;
  const batch = o.batch ?? 32;
  const h = await deviceOrReport();
  if (!h) return 1;
  const device = deviceId(h.info);
  process.stderr.write(`tuning the GEMMs of '${training.graph.name.replace(/\.train$/, "")}' at batch ${batch} on ${h.backend}\n`);
  const { tuned, splits, cached } = await tunedOptions(h.device, device, (opts) => buildTrainingProgram(training, batch, opts), { reps: o.reps, fresh: o.fresh, log: (l) => process.stderr.write(`${l}\n`) });
  process.stdout.write(`${tuned.length} GEMM problems timed (${cached} already cached for this device); cache: ${escapeControl(tuneCachePath())}\n`);
  for (const t of tuned) {
    process.stdout.write(`  ${t.key.padEnd(40)} ${describeChoice(t.choice).padEnd(24)} ${t.ms.toFixed(2).padStart(9)} ms (default ${t.defaultMs.toFixed(2)} ms)  e.g. ${t.node}\n`);
  }
  if (splits.length) process.stdout.write(`${splits.length} split-K weight gradients timed:\n`);
  for (const s of splits) {
    process.stdout.write(`  ${s.key.padEnd(40)} ${`${s.splits} partial sums`.padEnd(24)} ${s.ms.toFixed(2).padStart(9)} ms (rule of thumb ${s.heuristic}: ${s.heuristicMs.toFixed(2)} ms)  e.g. ${s.node}\n`);
  }
  h.device.destroy();
  return 0;
}
