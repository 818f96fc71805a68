// Elementwise product with channel-first broadcasting: shapes align from the
// leading (channel) axis and the shorter one is padded with trailing 1s, so a
// [C] vector scales every channel of a [C, H, W] map (squeeze-and-excitation).
// This differs from NumPy, which aligns from the trailing axis.

import { elementCount } from "../../core/ir/graph.js";
import { fmt, noParams, OpError, pointwise, type OpDef } from "../contract.js";

export const mul: OpDef = {
  name: "mul",
  doc: "Elementwise product; a lower-rank operand broadcasts over trailing axes ([C] times [C, H, W]).",
  arity: 2,
  batched: "always",
  attrs: {},
  inferShape(ctx) {
    const [a, b] = [ctx.inputs[0]!, ctx.inputs[1]!];
    const rank = Math.max(a.length, b.length);
    const out: number[] = [];
    for (let i = 0; i < rank; i++) {
      const x = a[i] ?? 1;
      const y = b[i] ?? 1;
      if (x !== y && x !== 1 && y !== 1) {
        throw new OpError(`shapes ${fmt(a)} and ${fmt(b)} conflict on axis ${i} (${x} vs ${y})`, "sizes equal or 1 on each axis, aligned from the channel axis");
      }
      out.push(Math.max(x, y));
    }
    return out;
  },
  params: noParams,
  cost: (_ctx, out) => ({ macs: 0, flops: elementCount(out) }),
  spatial: () => pointwise,
  // d(a·b)/da = b; where an operand was broadcast, its gradient sums over
  // the broadcast axes back to its own shape.
  grad: (g) => ({
    inputs: [0, 1].map((i) => {
      if (!g.needsInput(i)) return undefined;
      const d = g.emit("mul", [g.dy, g.x(1 - i)], {});
      const own = g.inputs[i]!;
      const out = g.node.shape;
      const same = own.length === out.length && own.every((v, k) => v === out[k]);
      return same ? d : g.emit("sum_to", [d], { shape: [...own] });
    }),
  }),
};
