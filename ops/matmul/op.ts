// Batched matrix product (tf.matmul, torch.matmul without broadcasting):
// per sample, a [..., M, K] times b [..., K, N] gives [..., M, N], one
// product per index of the leading axes, which a and b must share (the
// attention case: q [H, T, dh] times kᵀ [H, dh, T] per head). transpose_a /
// transpose_b read that operand's last two axes swapped, as tf.matmul's
// flags do, so q·kᵀ needs no transpose node: matmul(q, k, transpose_b=true).
//
// Cost convention (issue 13, ViT): a matmul's multiply-accumulates count
// as MACs, exactly as conv and dense MACs are counted (one per term of each
// dot product), so that a transformer's attention products (q·kᵀ and
// attention·v) appear in `dlc summary`'s MACs beside its projections, as
// the issue asks: (product of the leading axes)·M·N·K per sample, and no
// other flops.
//
// Spatial map: global. Its axes are tokens and features, not an image
// grid, and every output mixes a whole row of a with a whole column of b.

import type { Attrs, Shape } from "../../core/ir/graph.js";
import { boolAttr, fmt, OpError, noParams, type OpContext, type OpDef } from "../contract.js";

/** One batched product's sizes: `lead` leading axes, then op(a) [M, K] times op(b) [K, N]. */
export interface MatmulGeometry {
  readonly lead: Shape;
  readonly M: number;
  readonly N: number;
  readonly K: number;
  readonly transposeA: boolean;
  readonly transposeB: boolean;
}

/** Checks a and b (per-sample shapes) against the attributes; throws an OpError naming what is wrong. */
export function matmulGeometry(a: Shape, b: Shape, attrs: Attrs): MatmulGeometry {
  const transposeA = boolAttr(attrs, "transpose_a");
  const transposeB = boolAttr(attrs, "transpose_b");
  for (const [name, s, want] of [
    ["a", a, transposeA ? "[…, K, M]" : "[…, M, K]"],
    ["b", b, transposeB ? "[…, N, K]" : "[…, K, N]"],
  ] as const) {
    if (s.length < 2) throw new OpError(`${name} has shape ${fmt(s)}, but matmul needs a matrix per sample (its last two axes)`, `${name} of rank ≥ 2, ${want}`);
  }
  const lead = a.slice(0, -2);
  const leadB = b.slice(0, -2);
  if (lead.length !== leadB.length || lead.some((d, i) => d !== leadB[i])) {
    throw new OpError(`a has shape ${fmt(a)} and b has shape ${fmt(b)}: their leading axes ${fmt(lead)} and ${fmt(leadB)} differ (matmul does not broadcast)`, `b of shape [${[...lead, transposeB ? "N, K" : "K, N"].join(", ")}]`);
  }
  const [ar, ac] = [a[a.length - 2]!, a[a.length - 1]!];
  const [br, bc] = [b[b.length - 2]!, b[b.length - 1]!];
  const [M, K] = transposeA ? [ac, ar] : [ar, ac];
  const [Kb, N] = transposeB ? [bc, br] : [br, bc];
  if (K !== Kb) {
    const aSide = transposeA ? `a's rows (transpose_a) are ${K}` : `a's columns are ${K}`;
    const bSide = transposeB ? `b's columns (transpose_b) are ${Kb}` : `b's rows are ${Kb}`;
    throw new OpError(`inner sizes differ: ${aSide}, ${bSide} (a ${fmt(a)}, b ${fmt(b)})`, `b of shape [${[...lead, transposeB ? `N, ${K}` : `${K}, N`].join(", ")}]`);
  }
  return { lead, M, N, K, transposeA, transposeB };
}

const geometry = (ctx: OpContext) => matmulGeometry(ctx.inputs[0]!, ctx.inputs[1]!, ctx.attrs);

export const matmul: OpDef = {
  name: "matmul",
  doc: "Batched matrix product a·b over the last two axes; leading axes must match; transpose_a/transpose_b as tf.matmul; its multiply-adds count as MACs, as conv's and dense's do.",
  arity: 2,
  batched: "always",
  attrs: {
    transpose_a: { type: "bool", default: false, doc: "use a with its last two axes swapped" },
    transpose_b: { type: "bool", default: false, doc: "use b with its last two axes swapped" },
  },
  inferShape(ctx) {
    const { lead, M, N } = geometry(ctx);
    return [...lead, M, N];
  },
  params: noParams,
  cost(ctx) {
    const { lead, M, N, K } = geometry(ctx);
    return { macs: lead.reduce((p, d) => p * d, 1) * M * N * K, flops: 0 };
  },
  spatial: () => ({ kind: "global" }),
  // With C = op(a)·op(b), op the optional transpose: d op(a) = dC·op(b)ᵀ and
  // d op(b) = op(a)ᵀ·dC, then undo op. Each is one matmul with flags:
  //   ta tb  | da                      | db
  //   F  F   | dC·bᵀ    (dC, b; F T)   | aᵀ·dC    (a, dC; T F)
  //   F  T   | dC·b     (dC, b; F F)   | dCᵀ·a    (dC, a; T F)
  //   T  F   | b·dCᵀ    (b, dC; F T)   | a·dC     (a, dC; F F)
  //   T  T   | bᵀ·dCᵀ   (b, dC; T T)   | dCᵀ·aᵀ   (dC, a; T T)
  grad: (g) => {
    const ta = boolAttr(g.attrs, "transpose_a");
    const tb = boolAttr(g.attrs, "transpose_b");
    const mm = (x: number, y: number, t: readonly [boolean, boolean]) => g.emit("matmul", [x, y], { transpose_a: t[0], transpose_b: t[1] });
    const [a, b, dc] = [g.x(0), g.x(1), g.dy];
    const da = !g.needsInput(0) ? undefined : ta ? mm(b, dc, [tb, true]) : mm(dc, b, [false, !tb]);
    const db = !g.needsInput(1) ? undefined : tb ? mm(dc, a, [true, ta]) : mm(a, dc, [!ta, false]);
    return { inputs: [da, db] };
  },
};
