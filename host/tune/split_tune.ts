// The split-K tuner: for every weight gradient that the rule of thumb in
// passes/split_k.ts would split, times a few split counts on the device and
// keeps the fastest. The rule aims at a GPU's thousands of lanes (at least
// 64 workgroups); on a device with two cores (SwiftShader on a small
// machine) fewer partial sums, or none, can be faster, since every partial
// is written out and summed again. So, like the GEMM tiles, it is measured.
//
// A candidate's cost is its partial GEMM plus its split_sum, each timed
// alone (GPU time where the device has timestamps). The GEMM template for
// every candidate is the one the GEMM tuner finds best at the rule's count:
// a template's strengths follow M and N, which splitting does not change,
// so the templates are searched once per problem, not once per count.

import { describeChoice, type GemmChoice, type GemmChooser } from "../../ops/templates/gemm_choice.js";
import type { ProgramOptions } from "../../compiler/codegen/program.js";
import type { Program } from "../../core/program/program.js";
import type { SplitChooser } from "../../compiler/passes/split_k.js";
import { ProgramRunner } from "../../runtime/webgpu/program.js";
import { tuneGemms, type TunedGemm, type TuneOptions } from "./autotune.js";

export interface TunedSplit {
  readonly key: string;
  readonly node: string;
  readonly splits: number;
  readonly ms: number;
  /** The rule of thumb's count and time, for the report. */
  readonly heuristic: number;
  readonly heuristicMs: number;
}

const isWeightGradient = (key: string) => key.startsWith("conv_grad_weight ") || key.startsWith("dense_grad_weight ");

/** The counts tried for a problem: none, a quarter of the rule's, the rule's, twice it (within 1 … max). */
export function splitCandidates(heuristic: number, max: number): number[] {
  const all = [1, Math.max(1, Math.round(heuristic / 4)), heuristic, Math.min(max, 2 * heuristic)];
  return [...new Set(all)].sort((a, b) => a - b);
}

interface Problem {
  readonly node: string;
  readonly heuristic: number;
  readonly candidates: readonly number[];
}

/**
 * Times the split candidates of every weight gradient of `build`'s training
 * program whose key is not in `known`; returns the fastest count per
 * problem, and the GEMM choices timed on the way (the rule's partials).
 */
export async function tuneSplits(
  device: GPUDevice,
  build: (opts: ProgramOptions) => Program,
  opts: Pick<TuneOptions, "reps" | "candidates" | "log"> & { readonly known?: ReadonlySet<string> } = {},
): Promise<{ splits: TunedSplit[]; gemms: TunedGemm[] }> {
  const reps = opts.reps ?? 3;
  // The problems: a chooser that records what it is asked and answers "the rule".
  const problems = new Map<string, Problem>();
  build({
    fuse: false,
    splitChoice: (key, node, limits) => {
      if (!opts.known?.has(key) && !problems.has(key)) problems.set(key, { node, heuristic: limits.heuristic, candidates: splitCandidates(limits.heuristic, limits.max) });
      return undefined;
    },
  });
  if (problems.size === 0) return { splits: [], gemms: [] };
  const byNode = new Map([...problems].map(([key, p]) => [p.node, key]));
  // Templates at the rule's counts, for the weight gradients only.
  const gemms = await tuneGemms(device, build, { reps, candidates: opts.candidates, only: isWeightGradient, log: opts.log });
  const template = new Map<string, GemmChoice>();
  for (const g of gemms) {
    const key = byNode.get(g.node.replace(/\.partial$/, ""));
    if (key) template.set(key, g.choice);
  }
  const rounds = [...problems.values()].reduce((most, p) => Math.max(most, p.candidates.length), 0);
  const cost = new Map<string, number[]>([...problems.keys()].map((k) => [k, []]));
  for (let c = 0; c < rounds; c++) {
    const countOf = (key: string) => {
      const p = problems.get(key);
      return p ? p.candidates[Math.min(c, p.candidates.length - 1)]! : undefined;
    };
    const splitChoice: SplitChooser = (key) => countOf(key);
    const gemmChoice: GemmChooser = (_key, node) => {
      const key = byNode.get(node.replace(/\.partial$/, ""));
      return key ? template.get(key) : undefined;
    };
    const program = build({ fuse: false, splitChoice, gemmChoice });
    // Per problem (its first node): the gradient GEMM, and the split_sum where split.
    const timed = program.kernels.filter((k) => byNode.has(k.label.replace(/\.partial$/, "")));
    const only: Program = { ...program, kernels: timed, optimizer: undefined };
    const runner = await ProgramRunner.create(device, only);
    try {
      for (const [i, k] of timed.entries()) {
        const key = byNode.get(k.label.replace(/\.partial$/, ""))!;
        const ms = await runner.timeKernel(i, reps);
        const row = cost.get(key)!;
        row[c] = (row[c] ?? 0) + ms;
      }
    } finally {
      runner.destroy();
    }
    opts.log?.(`  timed split-K round ${c + 1} of ${rounds} on ${timed.length} kernels`);
  }
  const splits = [...problems].map(([key, p]) => {
    const row = cost.get(key)!;
    let best = 0;
    for (let c = 0; c < p.candidates.length; c++) if (row[c]! < row[best]!) best = c;
    const at = p.candidates.indexOf(p.heuristic);
    return { key, node: p.node, splits: p.candidates[best]!, ms: row[best]!, heuristic: p.heuristic, heuristicMs: row[at]! };
  });
  for (const s of splits) opts.log?.(`  ${s.key}: ${s.splits} partial sums (${s.ms.toFixed(2)} ms; the rule's ${s.heuristic}: ${s.heuristicMs.toFixed(2)} ms) with ${describeChoice(template.get(s.key) ?? { kind: "tiled", reg: 8 })}`);
  return { splits, gemms };
}
