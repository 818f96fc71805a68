// Softmax cross-entropy with integer labels and label smoothing, as PyTorch's
// nn.CrossEntropyLoss(label_smoothing = s, reduction = "mean"):
//   −Σ_k q_k·log softmax(logits)_k, q = (1−s)·onehot(label) + s/K,
// averaged over the batch and the H·W positions. logits [K] with an i32
// label [], or [K, H, W] with a label [H, W]. An unbatched scalar.
// Per logit element: log-softmax 4 (subtract the max, exp, add to the sum,
// subtract the log-sum) and multiply-accumulate with q 2: 6.

import { elementCount } from "../../core/ir/graph.js";
import { noParams, pointwise, type OpDef } from "../contract.js";
import { classInputs } from "../grad_shared.js";
import { smoothingSpec } from "../shared/loss_attrs.js";

export const crossEntropy: OpDef = {
  name: "cross_entropy",
  doc: "Mean softmax cross-entropy of logits against integer class labels, with label smoothing.",
  arity: 2,
  role: "loss",
  lossGradient: "cross_entropy_grad",
  loss: {
    aliases: ["softmax_cross_entropy", "ce"],
    // Logits [K] or [K, H, W] take one integer class index per position: [] or [H, W].
    label: (out) => (out.length < 1 ? { needs: "class scores" } : { shape: out.slice(1), dtype: "i32" }),
  },
  batched: "never",
  attrs: { smoothing: smoothingSpec },
  inferShape(ctx) {
    classInputs(ctx);
    return [];
  },
  params: noParams,
  cost: (ctx) => ({ macs: 0, flops: 6 * elementCount(ctx.inputs[0]!) }),
  spatial: () => pointwise,
};
