// Command-line values of `dlc train` and `dlc eval` that need more than the
// shared parsers of options.ts. Light on purpose: registering the commands
// loads this file, and `dlc --help` must not pay for training.

import { quoted } from "../../core/diagnostics/printable.js";
import { UsageError } from "./options.js";

/**
 * The largest seed dlc accepts. The generators (core/tensor/rng.ts)
 * reduce a seed to a u32, so 2³² would silently be seed 0 again; a
 * checkpoint stores any safe integer, and 0 … 2³² − 1 stays inside that.
 */
export const MAX_SEED = 2 ** 32 - 1;

export const SEED_RANGE = `0 to ${MAX_SEED}`;

/** `--seed N`: decimal digits only, within SEED_RANGE, so that two different seeds never name the same run. */
export function parseSeed(flag: string): (v: string) => number {
  return (v) => {
    const digits = v.trim();
    const n = /^[0-9]+$/.test(digits) ? Number(digits) : NaN;
    if (!(n <= MAX_SEED)) throw new UsageError(`${flag} expects a whole number from ${SEED_RANGE} (the generators' 32-bit seed), got '${quoted(v)}'`);
    return n;
  };
}

/** A seed from elsewhere (a training section): undefined when it is fine, else what is wrong with it. */
export function seedProblem(seed: number): string | undefined {
  return Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED ? undefined : `seed ${seed} is outside ${SEED_RANGE} (the generators' 32-bit seed)`;
}
