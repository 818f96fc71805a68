// Gradient of prelu with respect to its input: dy·(x>0 ? 1 : a_c). Reads the
// forward slopes (role "weight", [1] or [C]). A compare and a multiply per
// element.

import { elementCount } from "../../core/ir/graph.js";
import { pointwise, type OpDef, fromForward } from "../contract.js";
import { preluAttrs, slopes } from "../shared/prelu.js";

export const preluGradInput: OpDef = {
  name: "prelu_grad_input",
  doc: "Input gradient of prelu: dy where x > 0, a·dy elsewhere.",
  arity: 2,
  batched: "always",
  role: "backward",
  attrs: { ...preluAttrs },
  inferShape(ctx) {
    slopes(ctx);
    return ctx.inputs[0]!;
  },
  params: (ctx) => [{ role: "weight", shape: [slopes(ctx)], kind: "weight", init: fromForward }],
  cost: (_ctx, out) => ({ macs: 0, flops: 2 * elementCount(out) }),
  spatial: () => pointwise,
};
