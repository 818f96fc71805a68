// Every primitive op, by name and alias. Importing this module checks that
// each op is complete, so a half-written op fails at start-up, not mid-run.

import type { OpDef } from "./contract.js";
import { add } from "./add/op.js";
import { adaptiveAvgpool } from "./adaptive_avgpool/op.js";
import { avgpool } from "./avgpool/op.js";
import { bn } from "./bn/op.js";
import { concat } from "./concat/op.js";
import { conv } from "./conv/op.js";
import { convTranspose } from "./conv_transpose/op.js";
import { dense } from "./dense/op.js";
import { dropout } from "./dropout/op.js";
import { elu } from "./elu/op.js";
import { flatten } from "./flatten/op.js";
import { gap } from "./gap/op.js";
import { gmp } from "./gmp/op.js";
import { input } from "./input/op.js";
import { leakyRelu } from "./leaky_relu/op.js";
import { lrn } from "./lrn/op.js";
import { maxpool } from "./maxpool/op.js";
import { mul } from "./mul/op.js";
import { prelu } from "./prelu/op.js";
import { relu } from "./relu/op.js";
import { reshape } from "./reshape/op.js";
import { scale } from "./scale/op.js";
import { shuffle } from "./shuffle/op.js";
import { sigmoid } from "./sigmoid/op.js";
import { slice } from "./slice/op.js";
import { stopGradient } from "./stop_gradient/op.js";
import { softmax } from "./softmax/op.js";
import { tanh } from "./tanh/op.js";
import { upsample } from "./upsample/op.js";
import { backwardOps } from "./grad_registry.js";

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
