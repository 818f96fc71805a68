// The name of each loss ("head") of a training section: the output it reads,
// or output:kind where two losses read the same output (bce and mse on one
// score). Programs, compiled modules, metrics and checkpoints all use it, so
// a loss is named the same everywhere.
import type { LossSpec } from "./graph.js";

export function headNames(losses: readonly Pick<LossSpec, "output" | "kind">[]): string[] {
  return losses.map((l) => (losses.filter((m) => m.output === l.output).length > 1 ? `${l.output}:${l.kind}` : l.output));
}
