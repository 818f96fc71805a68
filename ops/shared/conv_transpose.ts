// conv_transpose's shape rules, shared by conv_transpose (ops/conv_transpose/)
// and its gradient ops (conv_transpose_grad_input, conv_transpose_grad_weight),
// which take its attributes and check dy against its output. PyTorch
// semantics: weight [in, out/groups, kh, kw], the layout of the conv it is
// the gradient of; padding is a plain pair ("same" has no agreed meaning
// when upsampling).

import type { Shape } from "../../core/ir/graph.js";
import { boolAttr, expectCHW, fmt, intAttr, OpError, pairAttr, type AttrSpec, type OpContext, type OpCost, type ParamDecl } from "../contract.js";

export const convTransposeAttrs: Readonly<Record<string, AttrSpec>> = {
  out: { type: "int", min: 1, doc: "output channels" },
  kernel: { type: "pair", aliases: ["k"], min: 1, doc: "kernel size, k or [kh, kw]" },
  stride: { type: "pair", aliases: ["s"], default: 1, min: 1, doc: "stride (the upsampling factor)" },
  padding: { type: "pair", aliases: ["p"], default: 0, min: 0, doc: "rows and columns removed from each border of the output" },
  output_padding: { type: "pair", default: 0, min: 0, doc: "extra rows and columns added to one side of the output" },
  dilation: { type: "pair", aliases: ["d"], default: 1, min: 1, doc: "dilation" },
  groups: { type: "int", aliases: ["g"], default: 1, min: 1, doc: "channel groups" },
  bias: { type: "bool", default: true, doc: "add a learned bias per output channel" },
};

export function convTransposeGeometry(ctx: OpContext) {
  const [c, h, w] = expectCHW(ctx.inputs[0]!);
  return {
    c, h, w,
    k: pairAttr(ctx.attrs, "kernel"),
    s: pairAttr(ctx.attrs, "stride"),
    p: pairAttr(ctx.attrs, "padding"),
    op: pairAttr(ctx.attrs, "output_padding"),
    d: pairAttr(ctx.attrs, "dilation"),
  };
}

/** conv_transpose's output shape [out, oh, ow], or an OpError naming the rule broken. */
export function convTransposeShape(ctx: OpContext): Shape {
  const { c, h, w, k, s, p, op, d } = convTransposeGeometry(ctx);
  const out = intAttr(ctx.attrs, "out");
  const groups = intAttr(ctx.attrs, "groups");
  if (c % groups !== 0) throw new OpError(`input has ${c} channels, groups=${groups} does not divide it`, `groups dividing ${c}`);
  if (out % groups !== 0) throw new OpError(`${out} output channels, groups=${groups} does not divide them`, `groups dividing ${out}`);
  // PyTorch's rule: a larger output_padding would add rows no input reaches.
  for (const i of [0, 1] as const) {
    if (op[i] >= s[i] && op[i] >= d[i]) {
      throw new OpError(`output_padding ${fmt(op)} must be smaller than the stride ${fmt(s)} or the dilation ${fmt(d)}`, "output_padding < stride or < dilation");
    }
  }
  const size = (n: number, i: 0 | 1) => (n - 1) * s[i] - 2 * p[i] + d[i] * (k[i] - 1) + op[i] + 1;
  const oh = size(h, 0);
  const ow = size(w, 1);
  if (oh < 1 || ow < 1) {
    throw new OpError(`input ${h}×${w} gives an output of ${oh}×${ow}: padding ${fmt(p)} removes more than the kernel adds`, "a smaller padding");
  }
  return [out, oh, ow];
}

/** conv_transpose's weight and, with `bias`, its bias. */
export function convTransposeParams(ctx: OpContext): readonly ParamDecl[] {
  const c = ctx.inputs[0]![0]!;
  const out = intAttr(ctx.attrs, "out");
  const [kh, kw] = pairAttr(ctx.attrs, "kernel");
  const perGroup = out / intAttr(ctx.attrs, "groups");
  // Fans as PyTorch's for [C, O/g, kh, kw]: fan_in = O/g·kh·kw, fan_out = C·kh·kw.
  const init = { fans: [[perGroup * kh * kw, c * kh * kw] as const], block: c * perGroup * kh * kw };
  const ps: ParamDecl[] = [{ role: "weight", shape: [c, perGroup, kh, kw], kind: "weight", init }];
  if (boolAttr(ctx.attrs, "bias")) ps.push({ role: "bias", shape: [out], kind: "bias", init: { fill: 0 } });
  return ps;
}

/** conv_transpose's cost per sample. */
export function convTransposeCost(ctx: OpContext, out: Shape): OpCost {
  // Each input pixel scatters its kernel into the output: count per input
  // pixel, which is exact (output-side counting would include padding taps).
  const [c, h, w] = expectCHW(ctx.inputs[0]!);
  const [kh, kw] = pairAttr(ctx.attrs, "kernel");
  const perGroup = intAttr(ctx.attrs, "out") / intAttr(ctx.attrs, "groups");
  const macs = c * perGroup * kh * kw * h * w;
  const flops = boolAttr(ctx.attrs, "bias") ? out[0]! * out[1]! * out[2]! : 0;
  return { macs, flops };
}
