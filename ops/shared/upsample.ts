// upsample's attributes and shape rule, shared by upsample (ops/upsample/)
// and upsample_grad.

import type { Shape } from "../../core/ir/graph.js";
import { expectCHW, pairAttr, type AttrSpec, type OpContext } from "../contract.js";

export const upsampleAttrs: Readonly<Record<string, AttrSpec>> = {
  scale: { type: "pair", min: 1, default: 2, doc: "integer factor, s or [sh, sw]" },
  mode: { type: "string", oneOf: ["nearest", "bilinear"], default: "nearest", doc: "interpolation" },
};

/** [C, H·sh, W·sw]. */
export function upsampleShape(ctx: OpContext): Shape {
  const [c, h, w] = expectCHW(ctx.inputs[0]!);
  const [sh, sw] = pairAttr(ctx.attrs, "scale");
  return [c, h * sh, w * sw];
}
