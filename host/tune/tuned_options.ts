// What the benchmarks, `dlc tune` and anyone compiling for one device call:
// ProgramOptions with that device's measured choices, read from the cache
// and completed by timing whatever the cache lacks (split_tune.ts first,
// then autotune.ts), the new choices written back.

import type { ProgramOptions } from "../../compiler/codegen/program.js";
import type { Program } from "../../core/program/program.js";
import { tuneGemms, type TunedGemm, type TuneOptions } from "./autotune.js";
import { chooserOf, loadSplits, loadTuning, saveSplits, saveTuning, splitChooserOf } from "./cache.js";
import { tuneSplits, type TunedSplit } from "./split_tune.js";

/**
 * ProgramOptions with the device's measured choices: split-K counts for the
 * weight gradients (split_tune.ts) and GEMM templates, the cached ones
 * (cache.ts) after timing the problems of `build`'s program that the cache
 * lacks (all of them with `fresh`) and adding them to it. Splits come first:
 * a count decides the shape of its partial GEMM. Also what was timed, how
 * many GEMM problems the cache already had, and how long the tuning took
 * (0 when nothing needed timing).
 */
export async function tunedOptions(
  device: GPUDevice,
  id: string,
  build: (opts: ProgramOptions) => Program,
  opts: Omit<TuneOptions, "known" | "only"> & { fresh?: boolean } = {},
): Promise<{ opts: ProgramOptions; tuned: TunedGemm[]; splits: TunedSplit[]; cached: number; tuneMs: number }> {
  const t0 = performance.now();
  const counts = loadSplits(id);
  const split = await tuneSplits(device, build, { reps: opts.reps, candidates: opts.candidates, log: opts.log, known: opts.fresh ? new Set() : new Set(counts.keys()) });
  for (const s of split.splits) counts.set(s.key, s.splits);
  if (split.splits.length) saveSplits(id, new Map(split.splits.map((s) => [s.key, s.splits])));
  const splitChoice = splitChooserOf(counts);
  const choices = loadTuning(id);
  const known = opts.fresh ? new Set<string>() : new Set(choices.keys());
  const cached = known.size;
  // The split tuner timed the weight gradients' templates already.
  for (const g of split.gemms) {
    choices.set(g.key, g.choice);
    known.add(g.key);
  }
  const tuned = [...split.gemms, ...(await tuneGemms(device, (o) => build({ ...o, splitChoice }), { ...opts, known }))];
  for (const t of tuned) choices.set(t.key, t.choice);
  if (tuned.length) saveTuning(id, new Map(tuned.map((t) => [t.key, t.choice])));
  const timed = tuned.length > 0 || split.splits.length > 0;
  return { opts: { gemmChoice: chooserOf(choices), splitChoice }, tuned, splits: split.splits, cached, tuneMs: timed ? performance.now() - t0 : 0 };
}
