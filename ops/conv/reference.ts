// conv: 2-D convolution, PyTorch semantics (nn.Conv2d).
//
//   y[n, o, i, j] = b[o] + Σ_{c ∈ in(o)} Σ_{ki, kj} w[o, c', ki, kj] · x[n, c, i·sh − ph + ki·dh, j·sw − pw + kj·dw]
//
// with zero padding (taps outside the input contribute nothing). Without a
// table, in(o) is o's group: c = g·(C/groups) + c', g = ⌊o / (O/groups)⌋ and
// w is [O, C/groups, kh, kw]. With a connection table (groups = 1), in(o) is
// row o of the table and w is [links, kh, kw]: link l is the l-th entry of the
// table read row by row (output 0's inputs first, in the order listed).
// "same" padding is TensorFlow's: out = ⌈H/s⌉, odd padding after (resolvePad).

import { intAttr, pairAttr, resolvePad } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, params, ctx) => {
  const x = inputs[0]!;
  const w = params.weight!;
  const b = params.bias;
  const [n, c, h, wd] = x.shape as [number, number, number, number];
  const out = intAttr(attrs, "out");
  const groups = intAttr(attrs, "groups");
  const [kh, kw] = pairAttr(attrs, "kernel");
  const [sh, sw] = pairAttr(attrs, "stride");
  const [dh, dw] = pairAttr(attrs, "dilation");
  const [padTop, padBottom] = resolvePad(attrs.padding!, 0, h, kh, sh, dh);
  const [padLeft, padRight] = resolvePad(attrs.padding!, 1, wd, kw, sw, dw);
  const oh = Math.floor((h + padTop + padBottom - (dh * (kh - 1) + 1)) / sh) + 1;
  const ow = Math.floor((wd + padLeft + padRight - (dw * (kw - 1) + 1)) / sw) + 1;

  // For each output map: the (input channel, weight offset of its kh×kw kernel) it reads.
  const links: Array<Array<[number, number]>> = [];
  const table = attrs.table;
  if (Array.isArray(table)) {
    let l = 0;
    for (let o = 0; o < out; o++) {
      const row = table[o] as readonly number[];
      links.push(row.map((ci) => [ci, (l++) * kh * kw]));
    }
  } else {
    const cg = c / groups;
    const og = out / groups;
    for (let o = 0; o < out; o++) {
      const g = Math.floor(o / og);
      const row: Array<[number, number]> = [];
      for (let cc = 0; cc < cg; cc++) row.push([g * cg + cc, (o * cg + cc) * kh * kw]);
      links.push(row);
    }
  }

  const y = zeros([n, out, oh, ow], ctx.precision);
  for (let bi = 0; bi < n; bi++) {
    for (let o = 0; o < out; o++) {
      for (let i = 0; i < oh; i++) {
        for (let j = 0; j < ow; j++) {
          let acc = b ? b.data[o]! : 0;
          for (const [ci, woff] of links[o]!) {
            for (let ki = 0; ki < kh; ki++) {
              const yy = i * sh - padTop + ki * dh;
              if (yy < 0 || yy >= h) continue;
              for (let kj = 0; kj < kw; kj++) {
                const xx = j * sw - padLeft + kj * dw;
                if (xx < 0 || xx >= wd) continue;
                acc += w.data[woff + ki * kw + kj]! * x.data[((bi * c + ci) * h + yy) * wd + xx]!;
              }
            }
          }
          y.data[((bi * out + o) * oh + i) * ow + j] = acc;
        }
      }
    }
  }
  return y;
};
