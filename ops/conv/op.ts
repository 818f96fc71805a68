// 2-D convolution, PyTorch semantics: weight [out, in/groups, kh, kw].
// An optional connection table (LeNet-5's C3) lists, for each output map,
// the input maps it reads; the weight then holds only those connections.

import { expectCHW, OpError, pairAttr, intAttr, boolAttr, resolvePad, windowOut, type OpDef, type ParamDecl, type ParamInit, type OpContext } from "../contract.js";

function geometry(ctx: OpContext) {
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

export const conv: OpDef = {
  name: "conv",
  aliases: ["conv2d"],
  doc: "2-D convolution over a [C, H, W] map; groups=C makes it depthwise.",
  arity: 1,
  batched: "always",
  attrs: {
    out: { type: "int", min: 1, doc: "output channels" },
    kernel: { type: "pair", aliases: ["k"], min: 1, doc: "kernel size, k or [kh, kw]" },
    stride: { type: "pair", aliases: ["s"], default: 1, min: 1, doc: "stride" },
    padding: { type: "padding", aliases: ["p"], default: 0, min: 0, doc: "zero padding: p, [ph, pw], \"same\" or \"valid\"" },
    dilation: { type: "pair", aliases: ["d"], default: 1, min: 1, doc: "dilation" },
    groups: { type: "int", aliases: ["g"], default: 1, min: 1, doc: "channel groups" },
    bias: { type: "bool", default: true, doc: "add a learned bias per output channel" },
    table: { type: "table", default: null, doc: "connection table: for each output map, the input maps it reads" },
  },
  inferShape(ctx) {
    const { c, h, w, k, s, d, ph, pw } = geometry(ctx);
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
  },
  params(ctx) {
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
  },
  cost(ctx, out) {
    const c = ctx.inputs[0]![0]!;
    const [kh, kw] = pairAttr(ctx.attrs, "kernel");
    const pixels = out[1]! * out[2]!;
    const links = tableConnections(ctx) ?? out[0]! * (c / intAttr(ctx.attrs, "groups"));
    const macs = links * kh * kw * pixels;
    const flops = boolAttr(ctx.attrs, "bias") ? out[0]! * pixels : 0;
    return { macs, flops };
  },
  spatial(ctx) {
    const { k, s, d, ph, pw } = geometry(ctx);
    return { kind: "window", kernel: k, stride: s, pad: [ph[0], pw[0]], dilation: d };
  },
  // dx is a transposed convolution of dy with the same weight; dW correlates
  // x with dy; the bias gradient sums dy per channel.
  grad: (g) => ({
    inputs: [g.needsInput(0) ? g.emit("conv_grad_input", [g.dy], { ...g.attrs, in_shape: [...g.inputs[0]!] }, { weight: "weight" }) : undefined],
    params: {
      ...(g.needsParam("weight") ? { weight: g.emit("conv_grad_weight", [g.x(0), g.dy], { ...g.attrs }) } : {}),
      ...(g.needsParam("bias") ? { bias: g.emit("reduce_axis", [g.dy], { axis: 0 }) } : {}),
    },
  }),
};
