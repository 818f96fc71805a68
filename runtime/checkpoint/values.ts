// The values a checkpoint may hold. A NaN weight or a negative running
// variance is not a format error, so the safetensors reader lets it through;
// loaded, it makes every prediction NaN (or the BN's square root NaN) and a
// run "resumed" from it diverges at once. So every parameter and optimizer
// buffer must be finite, and a BN running variance and Adam's exp_avg_sq
// (both means of squares) must be ≥ 0. Save and load apply the same rules:
// a checkpoint that would not load is never written.

/** What a tensor's values must satisfy. */
export type ValueRule = "finite" | "variance";

/** A BN running variance by its PyTorch name: a buffer called running_var. */
export function isRunningVariance(name: string, kind: string): boolean {
  return kind === "buffer" && (name === "running_var" || name.endsWith(".running_var"));
}

/** The rule for an optimizer field: exp_avg_sq is a mean of squared gradients. */
export function optimizerFieldRule(field: string): ValueRule {
  return field === "exp_avg_sq" ? "variance" : "finite";
}

/**
 * The first value of `data` the rule refuses, as a problem naming `what`
 * ("parameter 'bn1.running_var'"), its flat index and how many more are
 * bad; undefined when every value is fine.
 */
export function valueProblem(what: string, data: ArrayLike<number>, rule: ValueRule): string | undefined {
  let first = -1;
  let bad = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    // NaN fails both comparisons, so one test covers NaN, ±Infinity and negatives.
    const ok = rule === "variance" ? v >= 0 && v < Infinity : Number.isFinite(v);
    if (ok) continue;
    if (first < 0) first = i;
    bad++;
  }
  if (first < 0) return undefined;
  const v = data[first]!;
  const why = Number.isFinite(v) ? "is negative, and a variance is ≥ 0" : "is not finite";
  const more = bad > 1 ? ` (${bad} of its ${data.length} values are bad)` : "";
  return `${what}: value ${v} at flat index ${first} ${why}${more}`;
}
