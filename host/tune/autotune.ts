// The GEMM autotuner: for every GEMM-shaped kernel of a program (conv and
// dense, forward and both gradients), times each candidate template and
// tile on the device at hand and keeps the fastest. The choice depends on
// the device (workgroup memory and barriers are cheap on a GPU, dear on a
// CPU emulation) and on the shape (a narrow M, a long K), so it is measured
// rather than guessed, once per device and problem, and cached (cache.ts).
//
// Each candidate builds the program unfused, so that every GEMM is a kernel
// of its own (its label is its node's name), and times those kernels alone;
// the fused program later gets the same GEMM with its epilogue added, which
// costs the same for every candidate.

import { describeChoice, type GemmChoice, type GemmChooser } from "../../ops/templates/gemm_choice.js";
import type { ProgramOptions } from "../../compiler/codegen/program.js";
import type { Program } from "../../core/program/program.js";
import { ProgramRunner } from "../../runtime/webgpu/program.js";

export const GEMM_CANDIDATES: readonly GemmChoice[] = [
  { kind: "tiled", reg: 8 },
  { kind: "tiled", reg: 4 },
  { kind: "direct", shape: { rm: 8, rn: 8, wx: 8, wy: 8 } },
  { kind: "direct", shape: { rm: 4, rn: 8, wx: 8, wy: 8 } },
  { kind: "direct", shape: { rm: 4, rn: 4, wx: 8, wy: 8 } },
];

/**
 * The subgroup template (gemm_subgroup.ts), for devices with the `subgroups`
 * feature: lanes sharing B, a convolution's im2col gather, read once per
 * subgroup instead of once per lane. (Lanes sharing A, and other tiles,
 * won nowhere on SwiftShader: docs/codegen.md.)
 */
export const SUBGROUP_CANDIDATES: readonly GemmChoice[] = [{ kind: "subgroup", shape: { share: "b", rm: 4, rn: 16, lanes: 64 } }];

/** The candidates a device can run: the subgroup ones only where it has the feature. */
export function gemmCandidates(features: ReadonlySet<string>): readonly GemmChoice[] {
  return features.has("subgroups") ? [...GEMM_CANDIDATES, ...SUBGROUP_CANDIDATES] : GEMM_CANDIDATES;
}

export interface TunedGemm {
  readonly key: string;
  /** A node computing it (the first met). */
  readonly node: string;
  readonly choice: GemmChoice;
  readonly ms: number;
  /** The default's time, for the report. */
  readonly defaultMs: number;
}

export interface TuneOptions {
  readonly reps?: number;
  readonly candidates?: readonly GemmChoice[];
  /** Problems already decided (a cache): not timed again. */
  readonly known?: ReadonlySet<string>;
  /** Only the problems whose key passes (the split tuner times weight gradients alone). */
  readonly only?: (key: string) => boolean;
  readonly log?: (line: string) => void;
}

/**
 * Times the candidates for every GEMM of the program that `build` makes
 * (given ProgramOptions with fuse: false and a chooser) and returns the
 * fastest per problem key.
 */
export async function tuneGemms(device: GPUDevice, build: (opts: ProgramOptions) => Program, opts: TuneOptions = {}): Promise<TunedGemm[]> {
  const candidates = opts.candidates ?? gemmCandidates(device.features);
  const reps = opts.reps ?? 3;
  const times = new Map<string, { node: string; ms: number[] }>();
  for (const [c, choice] of candidates.entries()) {
    // The kernels to time: one per problem key, the first node that has it.
    const firstNode = new Map<string, string>();
    const chooser: GemmChooser = (key, node) => {
      if (!opts.known?.has(key) && (opts.only?.(key) ?? true) && !firstNode.has(key)) firstNode.set(key, node);
      return choice;
    };
    const program = build({ fuse: false, gemmChoice: chooser });
    const wanted = new Map([...firstNode].map(([key, node]) => [node, key]));
    if (wanted.size === 0) return [];
    const only: Program = { ...program, kernels: program.kernels.filter((k) => wanted.has(k.label)), optimizer: undefined };
    const runner = await ProgramRunner.create(device, only);
    try {
      for (const [i, k] of only.kernels.entries()) {
        const key = wanted.get(k.label)!;
        const ms = await runner.timeKernel(i, reps);
        const t = times.get(key) ?? { node: k.label, ms: [] };
        t.ms[c] = ms;
        times.set(key, t);
      }
    } finally {
      runner.destroy();
    }
    opts.log?.(`  timed ${describeChoice(choice)} on ${only.kernels.length} GEMM kernels`);
  }
  return [...times].map(([key, t]) => {
    let best = 0;
    t.ms.forEach((ms, i) => {
      if (ms < t.ms[best]!) best = i;
    });
    return { key, node: t.node, choice: candidates[best]!, ms: t.ms[best]!, defaultMs: t.ms[0]! };
  });
}
