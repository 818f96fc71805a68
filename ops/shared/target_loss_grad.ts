// The definition of an elementwise target loss's gradient op (bce_grad,
// mse_grad, smooth_l1_grad), which differ only in name, doc, the loss's own
// attributes and the flops per element: written once here.

import { elementCount } from "../../core/ir/graph.js";
import { noParams, pointwise, type AttrSpec, type OpDef } from "../contract.js";
import { lossWeightSpec, targetLossGradShape } from "../grad_shared.js";

export interface TargetLossGrad {
  readonly name: string;
  readonly doc: string;
  /** The work per element of x, counted as flops. */
  readonly flops: number;
  /** The loss's own attributes, declared before the weight. */
  readonly attrs?: Readonly<Record<string, AttrSpec>>;
}

/** (x, target) of one shape → the gradient with respect to x, batched, x's shape; the loss weight attribute; no parameters; pointwise. */
export function targetLossGradOp(d: TargetLossGrad): OpDef {
  return {
    name: d.name,
    doc: d.doc,
    arity: 2,
    batched: "always",
    role: "loss",
    attrs: { ...d.attrs, weight: lossWeightSpec },
    inferShape: targetLossGradShape,
    params: noParams,
    cost: (_ctx, out) => ({ macs: 0, flops: d.flops * elementCount(out) }),
    spatial: () => pointwise,
  };
}
