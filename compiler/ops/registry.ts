// Every primitive op, by name and alias. Importing this module checks that
// each op is complete, so a half-written op fails at start-up, not mid-run.

import type { OpDef } from "./contract.js";
import { add } from "./add.js";
import { adaptiveAvgpool } from "./adaptive_avgpool.js";
import { avgpool } from "./avgpool.js";
import { bn } from "./bn.js";
import { concat } from "./concat.js";
import { conv } from "./conv.js";
import { convTranspose } from "./conv_transpose.js";
import { dense } from "./dense.js";
import { dropout } from "./dropout.js";
import { elu } from "./elu.js";
import { flatten } from "./flatten.js";
import { gap } from "./gap.js";
import { gmp } from "./gmp.js";
import { input } from "./input.js";
import { leakyRelu } from "./leaky_relu.js";
import { lrn } from "./lrn.js";
import { maxpool } from "./maxpool.js";
import { mul } from "./mul.js";
import { prelu } from "./prelu.js";
import { relu } from "./relu.js";
import { reshape } from "./reshape.js";
import { scale } from "./scale.js";
import { shuffle } from "./shuffle.js";
import { sigmoid } from "./sigmoid.js";
import { slice } from "./slice.js";
import { stopGradient } from "./stop_gradient.js";
import { softmax } from "./softmax.js";
import { tanh } from "./tanh.js";
import { upsample } from "./upsample.js";
import { backwardOps } from "./grad/index.js";

/** The layers a network may use. */
export const forwardOps: readonly OpDef[] = [
  input, conv, convTranspose, upsample, maxpool, avgpool, adaptiveAvgpool, gap, gmp, dense, bn, dropout, lrn,
  relu, leakyRelu, prelu, elu, sigmoid, tanh, softmax, flatten, reshape, add, mul, concat, slice, shuffle, scale, stopGradient,
];

/** Every op: the layers, and the backward and loss ops that autodiff emits. */
export const allOps: readonly OpDef[] = [...forwardOps, ...backwardOps];

function checkComplete(op: OpDef): void {
  const missing = (["inferShape", "params", "cost", "spatial"] as const).filter((k) => typeof op[k] !== "function");
  if (!op.name || !op.doc || op.arity === undefined || !op.attrs) missing.push("name/doc/arity/attrs" as never);
  // A layer must say how to differentiate it; the input is where gradients stop.
  if ((op.role ?? "forward") === "forward" && op.name !== "input" && typeof op.grad !== "function") missing.push("gradient rule" as never);
  for (const [name, spec] of Object.entries(op.attrs ?? {})) {
    if (!spec.doc) missing.push(`doc of attribute '${name}'` as never);
  }
  if (missing.length) throw new Error(`internal: op '${op.name}' is incomplete: missing ${missing.join(", ")}`);
}

const byName = new Map<string, OpDef>();
for (const op of allOps) {
  checkComplete(op);
  for (const n of [op.name, ...(op.aliases ?? [])]) {
    if (byName.has(n)) throw new Error(`internal: op name '${n}' is registered twice`);
    byName.set(n, op);
  }
}

export function lookupOp(name: string): OpDef | undefined {
  return byName.get(name);
}

/** Every name the language accepts for a layer, for suggestions. */
export function opNames(): string[] {
  return forwardOps.flatMap((op) => [op.name, ...(op.aliases ?? [])]);
}
