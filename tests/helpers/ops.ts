// Runs one op's rules the way the elaborator does: normalise the attributes,
// infer the shape, declare parameters, count the cost, describe the spatial map.

import type { AttrValue, Shape } from "../../core/ir/graph.js";
import { normaliseAttrs } from "../../ops/attrs.js";
import { lookupOp } from "../../ops/registry.js";

export function applyOp(name: string, inputs: Shape[], positional: AttrValue[] = [], named: Record<string, AttrValue> = {}) {
  const op = lookupOp(name);
  if (!op) throw new Error(`no op ${name}`);
  const attrs = normaliseAttrs(op, { positional, named: new Map(Object.entries(named)) });
  const ctx = { inputs, attrs };
  const shape = op.inferShape(ctx);
  const params = op.params(ctx);
  const paramCount = params.filter((p) => p.kind !== "buffer").reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0);
  return { attrs, shape, params, paramCount, cost: op.cost(ctx, shape), spatial: op.spatial(ctx) };
}
