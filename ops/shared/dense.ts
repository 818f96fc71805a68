// dense's geometry as its gradient ops (dense_grad_input, dense_grad_weight)
// see it: from the forward input's shape and dy's.

import { elementCount, type Shape } from "../../core/ir/graph.js";
import { fmt, OpError } from "../contract.js";
import { sameShape } from "../grad_shared.js";

/** Checks dy against the forward input shape; returns the dense geometry. */
export function denseGeometry(x: Shape, dy: Shape, what: string) {
  if (x.length === 0) throw new OpError(`${what} has shape ${fmt(x)}, but dense needs at least one axis`, "a shape of rank ≥ 1");
  if (dy.length !== x.length || !sameShape(dy.slice(0, -1), x.slice(0, -1))) {
    throw new OpError(`dy has shape ${fmt(dy)}, but dense of ${what} ${fmt(x)} gives [${[...x.slice(0, -1), "out"].join(", ")}]`, `dy of shape [${[...x.slice(0, -1), "out"].join(", ")}]`);
  }
  return { lead: elementCount(x.slice(0, -1)), inner: x[x.length - 1]!, out: dy[dy.length - 1]! };
}
