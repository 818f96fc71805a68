// softmax's attributes, shared by softmax (ops/softmax/) and softmax_grad,
// and the one place its axis is resolved: a negative axis counts from the
// last per-sample axis (−1 is the last, as PyTorch's dim=-1), the batch
// axis never counted. The shape rules, spatial map, kernels and references
// all read the axis through softmaxAxis, and the gradient rule hands
// softmax_grad the resolved (non-negative) axis.

import type { Attrs, Shape } from "../../core/ir/graph.js";
import { intAttr, type AttrSpec } from "../contract.js";
import { resolveAxis } from "./axis.js";

export const softmaxAttrs: Readonly<Record<string, AttrSpec>> = {
  // No bounds here: the shape rule refuses an axis out of range with the rank in the message.
  axis: { type: "int", default: 0, doc: "axis to normalise along (0 is channels; negative counts from the last, -1 = last)" },
};

/** The axis of per-sample shape `x` (batch excluded) the attributes name, 0..rank−1; an OpError when out of range. */
export function softmaxAxis(attrs: Attrs, x: Shape, what = "an input"): number {
  return resolveAxis(intAttr(attrs, "axis"), x, what);
}
