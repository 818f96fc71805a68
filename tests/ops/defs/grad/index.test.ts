import { describe, expect, it } from "vitest";
import { backwardOps, forwardOps } from "../../../../ops/registry.js";

// Every op of docs/autodiff.md's "Backward ops" and "Loss ops" tables, listed literally.
const BACKWARD = [
  "conv_grad_input", "conv_grad_weight", "conv_transpose_grad_input", "conv_transpose_grad_weight",
  "dense_grad_input", "dense_grad_weight", "reduce_axis", "bn_grad_input", "bn_grad_weight", "layernorm_grad_input", "embedding_grad_weight",
  "unary_grad", "prelu_grad_input", "prelu_grad_weight", "softmax_grad", "maxpool_grad",
  "avgpool_grad", "adaptive_avgpool_grad", "gap_grad", "gmp_grad", "lrn_grad", "upsample_grad", "pad_grad",
  "sum_to", "batch_sum", "slice_grad", "mean_grad", "scale_grad_weight", "channel_scale", "dropout_mask", "split_sum", "conv_grad_cols", "col2im",
];
const LOSS = [
  "cross_entropy", "cross_entropy_grad", "bce", "bce_grad", "mse", "mse_grad",
  "smooth_l1", "smooth_l1_grad", "weighted_sum",
];
// Marked U in the spec, plus the loss values and weighted_sum.
const UNBATCHED = [
  "conv_grad_weight", "conv_transpose_grad_weight", "dense_grad_weight", "reduce_axis", "bn_grad_weight", "embedding_grad_weight",
  "prelu_grad_weight", "scale_grad_weight", "split_sum", "batch_sum", "cross_entropy", "bce", "mse", "smooth_l1", "weighted_sum",
];

describe("backwardOps", () => {
  it("has exactly the spec's ops, each with its role", () => {
    expect(backwardOps.map((o) => o.name).sort()).toEqual([...BACKWARD, ...LOSS].sort());
    for (const name of BACKWARD) expect([name, backwardOps.find((o) => o.name === name)?.role]).toEqual([name, "backward"]);
    for (const name of LOSS) expect([name, backwardOps.find((o) => o.name === name)?.role]).toEqual([name, "loss"]);
  });
  it("marks the unbatched ops", () => {
    const unbatched = backwardOps.filter((o) => o.batched === "never").map((o) => o.name);
    expect(unbatched.sort()).toEqual([...UNBATCHED].sort());
  });
  it("is complete as the registry requires, and clashes with no forward op name", () => {
    const forward = new Set(forwardOps.flatMap((o) => [o.name, ...(o.aliases ?? [])]));
    for (const op of backwardOps) {
      expect(forward.has(op.name), op.name).toBe(false);
      expect(op.doc, op.name).toBeTruthy();
      for (const k of ["inferShape", "params", "cost", "spatial"] as const) expect(typeof op[k], `${op.name}.${k}`).toBe("function");
      for (const [a, spec] of Object.entries(op.attrs)) expect(spec.doc, `${op.name}.${a}`).toBeTruthy();
    }
  });
});
