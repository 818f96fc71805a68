// conv's shape rules, shared by conv (ops/conv/) and the ops that compute
// its gradients (conv_grad_input, conv_grad_weight, conv_grad_cols,
// col2im), which take its attributes and check dy against its output: the
// attributes, the window geometry, the output shape, the parameters and
// the MACs. PyTorch semantics: weight [out, in/groups, kh, kw], or
// [links, kh, kw] with a connection table (LeNet-5's C3: for each output
// map, the input maps it reads).

import type { Shape } from "../../core/ir/graph.js";
import { expectCHW, OpError, pairAttr, intAttr, boolAttr, resolvePad, windowOut, type AttrSpec, type OpCost, type ParamDecl, type ParamInit, type OpContext } from "../contract.js";
import { forwardFromInShape } from "../grad_shared.js";

export const convAttrs: Readonly<Record<string, AttrSpec>> = {
  out: { type: "int", min: 1, doc: "output channels" },
  kernel: { type: "pair", aliases: ["k"], min: 1, doc: "kernel size, k or [kh, kw]" },
  stride: { type: "pair", aliases: ["s"], default: 1, min: 1, doc: "stride" },
  padding: { type: "padding", aliases: ["p"], default: 0, min: 0, doc: "zero padding: p, [ph, pw], \"same\" or \"valid\"" },
  dilation: { type: "pair", aliases: ["d"], default: 1, min: 1, doc: "dilation" },
  groups: { type: "int", aliases: ["g"], default: 1, min: 1, doc: "channel groups" },
  bias: { type: "bool", default: true, doc: "add a learned bias per output channel" },
  table: { type: "table", default: null, doc: "connection table: for each output map, the input maps it reads" },
};

export function convGeometry(ctx: OpContext) {
  const [c, h, w] = expectCHW(ctx.inputs[0]!);
  const k = pairAttr(ctx.attrs, "kernel");
  const s = pairAttr(ctx.attrs, "stride");
  const d = pairAttr(ctx.attrs, "dilation");
  const ph = resolvePad(ctx.attrs.padding!, 0, h, k[0], s[0], d[0]);
  const pw = resolvePad(ctx.attrs.padding!, 1, w, k[1], s[1], d[1]);
  return { c, h, w, k, s, d, ph, pw };
}

function tableConnections(ctx: OpContext): number | undefined {
  const t = ctx.attrs.table;
  if (!Array.isArray(t)) return undefined;
  return t.reduce<number>((n, row) => n + (Array.isArray(row) ? row.length : 0), 0);
}

/**
 * A connection table's fans, per link (o ← c): fan_in = (inputs listed for
 * o)·kh·kw, fan_out = (outputs that read c)·kh·kw, the table's analogue of
 * the dense case.
 */
function tableFans(table: readonly (readonly number[])[], rf: number): [number, number][] {
  const readers = new Map<number, number>();
  for (const row of table) for (const c of row) readers.set(c, (readers.get(c) ?? 0) + 1);
  return table.flatMap((row) => row.map((c): [number, number] => [row.length * rf, readers.get(c)! * rf]));
}

/** conv's output shape [out, oh, ow], or an OpError naming the rule broken. */
export function convShape(ctx: OpContext): Shape {
  const { c, h, w, k, s, d, ph, pw } = convGeometry(ctx);
  const out = intAttr(ctx.attrs, "out");
  const groups = intAttr(ctx.attrs, "groups");
  if (c % groups !== 0) throw new OpError(`input has ${c} channels, groups=${groups} does not divide it`, `groups dividing ${c}`);
  if (out % groups !== 0) throw new OpError(`${out} output channels, groups=${groups} does not divide them`, `groups dividing ${out}`);
  const table = ctx.attrs.table;
  if (Array.isArray(table)) {
    if (groups !== 1) throw new OpError("a connection table cannot be combined with groups", "groups=1");
    if (table.length !== out) throw new OpError(`connection table has ${table.length} rows for ${out} output channels`, `${out} rows`);
    for (const row of table) {
      for (const i of row as readonly number[]) {
        if (i < 0 || i >= c) throw new OpError(`connection table names input map ${i}, but the input has ${c} channels`, `indices in 0..${c - 1}`);
      }
    }
  }
  const oh = windowOut(h, k[0], s[0], ph[0], ph[1], d[0], false);
  const ow = windowOut(w, k[1], s[1], pw[0], pw[1], d[1], false);
  if (oh < 1 || ow < 1) {
    throw new OpError(`input ${h}×${w} is smaller than the ${d[0] * (k[0] - 1) + 1}×${d[1] * (k[1] - 1) + 1} dilated kernel plus padding`, "a larger input or a smaller kernel");
  }
  return [out, oh, ow];
}

/** conv's weight and, with `bias`, its bias. */
export function convParams(ctx: OpContext): readonly ParamDecl[] {
  const c = ctx.inputs[0]![0]!;
  const out = intAttr(ctx.attrs, "out");
  const [kh, kw] = pairAttr(ctx.attrs, "kernel");
  const links = tableConnections(ctx);
  const perGroup = c / intAttr(ctx.attrs, "groups");
  const weight = links === undefined ? [out, perGroup, kh, kw] : [links, kh, kw];
  const rf = kh * kw;
  // Fans as PyTorch's for [O, C/g, kh, kw]: fan_in = C/g·kh·kw, fan_out = O·kh·kw.
  const init: ParamInit = links === undefined ? { fans: [[perGroup * rf, out * rf]], block: out * perGroup * rf } : { fans: tableFans(ctx.attrs.table as readonly (readonly number[])[], rf), block: rf };
  const ps: ParamDecl[] = [{ role: "weight", shape: weight, kind: "weight", init }];
  if (boolAttr(ctx.attrs, "bias")) ps.push({ role: "bias", shape: [out], kind: "bias", init: { fill: 0 } });
  return ps;
}

/** conv's cost per sample: a MAC per weight tap and output pixel, a flop per biased output. */
export function convCost(ctx: OpContext, out: Shape): OpCost {
  const c = ctx.inputs[0]![0]!;
  const [kh, kw] = pairAttr(ctx.attrs, "kernel");
  const pixels = out[1]! * out[2]!;
  const links = tableConnections(ctx) ?? out[0]! * (c / intAttr(ctx.attrs, "groups"));
  const macs = links * kh * kw * pixels;
  const flops = boolAttr(ctx.attrs, "bias") ? out[0]! * pixels : 0;
  return { macs, flops };
}

/** For conv's data gradients (attrs with in_shape): the forward input, context and output. */
export const convForward = (ctx: OpContext) => forwardFromInShape(convShape, ctx);

/** The columns of a conv (attrs with in_shape): [in channels, kh·kw, out height, out width] per sample. */
export function convColsShape(ctx: OpContext): Shape {
  const f = convForward(ctx);
  const [kh, kw] = pairAttr(ctx.attrs, "kernel");
  return [f.x[0]!, kh * kw, f.out[1]!, f.out[2]!];
}

/** A conv data gradient's parameters: the forward weight it reads (role "weight"). */
export const convDataGradParams = (ctx: OpContext): readonly ParamDecl[] => convParams(convForward(ctx).ctx).filter((p) => p.role === "weight");

/** A conv data gradient's cost: the forward MACs. */
export function convDataGradCost(ctx: OpContext): OpCost {
  const f = convForward(ctx);
  return { macs: convCost(f.ctx, f.out).macs, flops: 0 };
}
