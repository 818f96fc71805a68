// Runs one backward or loss op's rules the way the elaborator does (as
// tests/helpers/ops.ts for forward ops), looking the op up in backwardOps
// until the registry includes them.

import type { AttrValue, Shape } from "../../../../core/ir/graph.js";
import { normaliseAttrs } from "../../../../ops/attrs.js";
import { backwardOps, lookupOp } from "../../../../ops/registry.js";

export function gradOp(name: string) {
  const op = backwardOps.find((o) => o.name === name);
  if (!op) throw new Error(`no backward op ${name}`);
  return op;
}

export function applyGrad(name: string, inputs: Shape[], positional: AttrValue[] = [], named: Record<string, AttrValue> = {}) {
  const op = gradOp(name);
  const attrs = normaliseAttrs(op, { positional, named: new Map(Object.entries(named)) });
  const ctx = { inputs, attrs, opNamed: lookupOp };
  const shape = op.inferShape(ctx);
  const params = op.params(ctx);
  const roles = params.map((p) => [p.role, p.kind, p.shape]);
  return { op, attrs, shape, params, roles, batched: op.batched !== "never", cost: op.cost(ctx, shape), spatial: op.spatial(ctx) };
}
