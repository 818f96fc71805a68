// Every op's definition (ops/<name>/op.ts), by name and alias: the half of
// the op registry that parsing, elaboration and the analysis passes need.
//
// The registry has two halves so that `dlc check` and `dlc summary` start
// light: this one imports only definitions (shape rules and the facts
// generic passes read: batched-ness, parameter init, training form,
// running state, loss gradient), never a WGSL kernel or a reference
// kernel; implementations.ts pairs each definition with its kernel module
// and reference module, for code generation and the reference executor.
// tests/ops/registry.test.ts proves that both halves list the same ops and
// that every folder under ops/ is in both.
//
// Importing this module checks that each definition is complete, so a
// half-written op fails at start-up, not mid-run.

import type { OpDef } from "./contract.js";
import { add } from "./add/op.js";
import { adaptiveAvgpool } from "./adaptive_avgpool/op.js";
import { avgpool } from "./avgpool/op.js";
import { bn } from "./bn/op.js";
import { layernorm } from "./layernorm/op.js";
import { embedding } from "./embedding/op.js";
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
import { sub } from "./sub/op.js";
import { affine } from "./affine/op.js";
import { prelu } from "./prelu/op.js";
import { relu } from "./relu/op.js";
import { reshape } from "./reshape/op.js";
import { scale } from "./scale/op.js";
import { shuffle } from "./shuffle/op.js";
import { permute } from "./permute/op.js";
import { transpose } from "./transpose/op.js";
import { matmul } from "./matmul/op.js";
import { mean } from "./mean/op.js";
import { select } from "./select/op.js";
import { sigmoid } from "./sigmoid/op.js";
import { slice } from "./slice/op.js";
import { stopGradient } from "./stop_gradient/op.js";
import { param } from "./param/op.js";
import { softmax } from "./softmax/op.js";
import { tanh } from "./tanh/op.js";
import { softplus } from "./softplus/op.js";
import { relu6 } from "./relu6/op.js";
import { hardsigmoid } from "./hardsigmoid/op.js";
import { hardswish } from "./hardswish/op.js";
import { silu } from "./silu/op.js";
import { mish } from "./mish/op.js";
import { gelu } from "./gelu/op.js";
import { upsample } from "./upsample/op.js";
import { pad } from "./pad/op.js";
import { adaptiveAvgpoolGrad } from "./adaptive_avgpool_grad/op.js";
import { avgpoolGrad } from "./avgpool_grad/op.js";
import { bce } from "./bce/op.js";
import { bceGrad } from "./bce_grad/op.js";
import { bnGradInput } from "./bn_grad_input/op.js";
import { bnGradWeight } from "./bn_grad_weight/op.js";
import { layernormGradInput } from "./layernorm_grad_input/op.js";
import { embeddingGradWeight } from "./embedding_grad_weight/op.js";
import { channelScale } from "./channel_scale/op.js";
import { col2im } from "./col2im/op.js";
import { convGradCols } from "./conv_grad_cols/op.js";
import { convGradInput } from "./conv_grad_input/op.js";
import { convGradWeight } from "./conv_grad_weight/op.js";
import { convTransposeGradInput } from "./conv_transpose_grad_input/op.js";
import { convTransposeGradWeight } from "./conv_transpose_grad_weight/op.js";
import { crossEntropy } from "./cross_entropy/op.js";
import { crossEntropyGrad } from "./cross_entropy_grad/op.js";
import { denseGradInput } from "./dense_grad_input/op.js";
import { denseGradWeight } from "./dense_grad_weight/op.js";
import { dropoutMask } from "./dropout_mask/op.js";
import { gapGrad } from "./gap_grad/op.js";
import { gmpGrad } from "./gmp_grad/op.js";
import { lrnGrad } from "./lrn_grad/op.js";
import { maxpoolGrad } from "./maxpool_grad/op.js";
import { mse } from "./mse/op.js";
import { mseGrad } from "./mse_grad/op.js";
import { preluGradInput } from "./prelu_grad_input/op.js";
import { preluGradWeight } from "./prelu_grad_weight/op.js";
import { reduceAxis } from "./reduce_axis/op.js";
import { scaleGradWeight } from "./scale_grad_weight/op.js";
import { sliceGrad } from "./slice_grad/op.js";
import { meanGrad } from "./mean_grad/op.js";
import { smoothL1 } from "./smooth_l1/op.js";
import { smoothL1Grad } from "./smooth_l1_grad/op.js";
import { softmaxGrad } from "./softmax_grad/op.js";
import { splitSum } from "./split_sum/op.js";
import { batchSum } from "./batch_sum/op.js";
import { sumTo } from "./sum_to/op.js";
import { unaryGrad } from "./unary_grad/op.js";
import { upsampleGrad } from "./upsample_grad/op.js";
import { padGrad } from "./pad_grad/op.js";
import { weightedSum } from "./weighted_sum/op.js";

/**
 * Every op: the layers a network may use (in the order suggestions list
 * them), then the backward and loss ops autodiff emits (docs/autodiff.md).
 */
export const allOps: readonly OpDef[] = [
  input, conv, convTranspose, upsample, pad, maxpool, avgpool, adaptiveAvgpool, gap, gmp, dense, bn, layernorm, embedding, dropout, lrn,
  relu, leakyRelu, prelu, elu, sigmoid, tanh, softplus, silu, mish, gelu, relu6, hardsigmoid, hardswish, softmax, flatten, reshape, add, sub, mul, affine, concat, slice, shuffle, permute, transpose, matmul, mean, select, scale, stopGradient, param,
  // Backward ops, in the order of the spec's table.
  convGradInput, convGradWeight, convTransposeGradInput, convTransposeGradWeight,
  denseGradInput, denseGradWeight, reduceAxis, bnGradInput, bnGradWeight, layernormGradInput, embeddingGradWeight,
  unaryGrad, preluGradInput, preluGradWeight, softmaxGrad, maxpoolGrad,
  avgpoolGrad, adaptiveAvgpoolGrad, gapGrad, gmpGrad, lrnGrad, upsampleGrad, padGrad,
  sumTo, batchSum, sliceGrad, meanGrad, scaleGradWeight, channelScale, dropoutMask, splitSum, convGradCols, col2im,
  // Loss values, their gradients and the total.
  crossEntropy, crossEntropyGrad, bce, bceGrad, mse, mseGrad, smoothL1, smoothL1Grad, weightedSum,
];

/** The layers a network may use. */
export const forwardOps: readonly OpDef[] = allOps.filter((op) => (op.role ?? "forward") === "forward");

/** The backward and loss ops of docs/autodiff.md: made by autodiff, never written by users. */
export const backwardOps: readonly OpDef[] = allOps.filter((op) => (op.role ?? "forward") !== "forward");

const BATCHED = new Set(["always", "never", "if-any-input"]);

/**
 * What a definition lacks, as words for a message; empty when complete.
 * TypeScript requires the fields; this also catches what types cannot
 * (empty docs, a layer without a gradient rule, a value outside a union
 * reached through a cast).
 */
export function missingInDefinition(op: OpDef): string[] {
  const missing = (["inferShape", "params", "cost", "spatial"] as const).filter((k) => typeof op[k] !== "function").map(String);
  if (!op.name || !op.doc || op.arity === undefined || !op.attrs) missing.push("name/doc/arity/attrs");
  if (!BATCHED.has(op.batched)) missing.push("batched (\"always\", \"never\" or \"if-any-input\")");
  // A layer must say how to differentiate it; the input is where gradients stop.
  if ((op.role ?? "forward") === "forward" && op.name !== "input" && typeof op.grad !== "function") missing.push("gradient rule");
  if (op.lossGradient !== undefined && op.role !== "loss") missing.push("role \"loss\" (it names a loss gradient)");
  if (op.loss !== undefined && (op.role !== "loss" || op.lossGradient === undefined)) missing.push("role \"loss\" and a lossGradient (it is a loss users name)");
  for (const [name, spec] of Object.entries(op.attrs ?? {})) {
    if (!spec.doc) missing.push(`doc of attribute '${name}'`);
  }
  return missing;
}

/** The registry of `ops`, by name and alias; throws naming the first incomplete op, clashing name or missing loss gradient. */
export function buildRegistry(ops: readonly OpDef[]): ReadonlyMap<string, OpDef> {
  const byName = new Map<string, OpDef>();
  for (const op of ops) {
    const missing = missingInDefinition(op);
    if (missing.length) throw new Error(`internal: op '${op.name}' is incomplete: missing ${missing.join(", ")}`);
    for (const n of [op.name, ...(op.aliases ?? [])]) {
      if (byName.has(n)) throw new Error(`internal: op name '${n}' is registered twice`);
      byName.set(n, op);
    }
  }
  for (const op of ops) {
    if (op.lossGradient !== undefined && byName.get(op.lossGradient)?.role !== "loss") {
      throw new Error(`internal: loss '${op.name}' names gradient op '${op.lossGradient}', which is not a registered loss-role op`);
    }
  }
  return byName;
}

const byName = buildRegistry(allOps);

export function lookupOp(name: string): OpDef | undefined {
  return byName.get(name);
}

/** Every name the language accepts for a layer, for suggestions. */
export function opNames(): string[] {
  return forwardOps.flatMap((op) => [op.name, ...(op.aliases ?? [])]);
}
