// Float64 reference helpers of the conv family's kernels: a layer's operands,
// a conv's and a transposed conv's window as their attributes give it, which
// weight row links an output map to an input map (conv's gradients), and the
// naive loop nests over a conv's and a transposed conv's taps, written once
// for the op and its gradients (each states only what one tap adds).

import type { AttrValue, Attrs } from "../../core/ir/graph.js";
import type { Tensor } from "../../core/tensor/tensor.js";
import { intAttr, pairAttr, resolvePad } from "../contract.js";

/** A conv layer's operands (conv, conv_transpose): the input x [N, C, H, W], the weight, the optional bias. */
export function convOperands(inputs: readonly Tensor[], params: Readonly<Record<string, Tensor>>) {
  const x = inputs[0]!;
  const [n, c, h, wd] = x.shape as [number, number, number, number];
  return { x, w: params.weight!, b: params.bias, n, c, h, wd };
}

/** For each output map, its [input map, weight row] pairs. */
export function connections(attrs: Attrs, c: number, out: number): [number, number][][] {
  const rows: [number, number][][] = [];
  const table = attrs.table;
  if (Array.isArray(table)) {
    let link = 0;
    for (let o = 0; o < out; o++) {
      const row = table[o] as readonly AttrValue[];
      rows.push(row.map((ci): [number, number] => [Number(ci), link++]));
    }
    return rows;
  }
  const groups = intAttr(attrs, "groups");
  const cpg = c / groups;
  const opg = out / groups;
  for (let o = 0; o < out; o++) {
    const g = Math.floor(o / opg);
    const row: [number, number][] = [];
    for (let j = 0; j < cpg; j++) row.push([g * cpg + j, o * cpg + j]);
    rows.push(row);
  }
  return rows;
}

/** A conv's window: kernel, stride, dilation, and the leading padding of an h × wd input ("same" resolved as the forward does). */
export function convWindow(attrs: Attrs, h: number, wd: number) {
  const [kh, kw] = pairAttr(attrs, "kernel");
  const [sh, sw] = pairAttr(attrs, "stride");
  const [dh, dw] = pairAttr(attrs, "dilation");
  const ph = resolvePad(attrs.padding!, 0, h, kh, sh, dh)[0];
  const pw = resolvePad(attrs.padding!, 1, wd, kw, sw, dw)[0];
  return { kh, kw, sh, sw, dh, dw, ph, pw };
}

/** A transposed conv's window: kernel, stride, padding (a plain pair) and dilation. */
export function convTransposeWindow(attrs: Attrs) {
  const [kh, kw] = pairAttr(attrs, "kernel");
  const [sh, sw] = pairAttr(attrs, "stride");
  const [ph, pw] = pairAttr(attrs, "padding");
  const [dh, dw] = pairAttr(attrs, "dilation");
  return { kh, kw, sh, sw, ph, pw, dh, dw };
}

/** The sizes a conv's taps run over: input [n, c, h, wd], output [n, out, oh, ow], and the window. */
export interface TapSizes {
  readonly n: number;
  readonly c: number;
  readonly h: number;
  readonly wd: number;
  readonly out: number;
  readonly oh: number;
  readonly ow: number;
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly ph: number;
  readonly pw: number;
  readonly dh: number;
  readonly dw: number;
}

/**
 * Every tap of a conv that reads inside its input, in the order sample,
 * output map, output row, output column, link (rows, from connections()),
 * kernel row, kernel column: visit(yAt, xAt, wAt, k) with the flat indices of
 * the output element, of the input element the tap reads and of its weight,
 * and k = b·OH·OW + the output pixel (the sample-major pixel index).
 */
export function forEachConvTap(g: TapSizes & { readonly rows: readonly (readonly [number, number])[][] }, visit: (yAt: number, xAt: number, wAt: number, k: number) => void): void {
  const { n, c, h, wd, out, oh, ow, kh, kw, sh, sw, ph, pw, dh, dw } = g;
  // The links flattened once into typed arrays: iterating the [input map,
  // weight row] tuples per output pixel made an iterator per pixel, and the
  // garbage dominated large references (resnet18 at 224).
  const first = new Int32Array(out + 1);
  for (let o = 0; o < out; o++) first[o + 1] = first[o]! + g.rows[o]!.length;
  const linkMap = new Int32Array(first[out]!);
  const linkRow = new Int32Array(first[out]!);
  for (let o = 0; o < out; o++) g.rows[o]!.forEach(([ci, row], j) => ((linkMap[first[o]! + j] = ci), (linkRow[first[o]! + j] = row)));
  for (let b = 0; b < n; b++) {
    for (let o = 0; o < out; o++) {
      for (let oy = 0; oy < oh; oy++) {
        for (let ox = 0; ox < ow; ox++) {
          const yAt = ((b * out + o) * oh + oy) * ow + ox;
          const k = (b * oh + oy) * ow + ox;
          for (let l = first[o]!; l < first[o + 1]!; l++) {
            const ci = linkMap[l]!;
            const row = linkRow[l]!;
            for (let ky = 0; ky < kh; ky++) {
              const iy = oy * sh - ph + ky * dh;
              if (iy < 0 || iy >= h) continue;
              for (let kx = 0; kx < kw; kx++) {
                const ix = ox * sw - pw + kx * dw;
                if (ix < 0 || ix >= wd) continue;
                visit(yAt, ((b * c + ci) * h + iy) * wd + ix, (row * kh + ky) * kw + kx, k);
              }
            }
          }
        }
      }
    }
  }
}

/**
 * Every tap of a transposed conv (weight [c, out/groups, kh, kw]) that lands
 * inside its output, in the order sample, input map, input row, input column,
 * output map of the group, kernel row, kernel column: visit(xAt, yAt, wAt)
 * with the flat indices of the input element, of the output element it
 * scatters into and of the weight.
 */
export function forEachTransposedTap(g: TapSizes & { readonly groups: number }, visit: (xAt: number, yAt: number, wAt: number) => void): void {
  const { n, c, h, wd, out, oh, ow, kh, kw, sh, sw, ph, pw, dh, dw } = g;
  const cpg = c / g.groups;
  const opg = out / g.groups;
  for (let b = 0; b < n; b++) {
    for (let ci = 0; ci < c; ci++) {
      const grp = Math.floor(ci / cpg);
      for (let iy = 0; iy < h; iy++) {
        for (let ix = 0; ix < wd; ix++) {
          const xAt = ((b * c + ci) * h + iy) * wd + ix;
          for (let og = 0; og < opg; og++) {
            const o = grp * opg + og;
            for (let ky = 0; ky < kh; ky++) {
              const oy = iy * sh - ph + ky * dh;
              if (oy < 0 || oy >= oh) continue;
              for (let kx = 0; kx < kw; kx++) {
                const ox = ix * sw - pw + kx * dw;
                if (ox < 0 || ox >= ow) continue;
                visit(xAt, ((b * out + o) * oh + oy) * ow + ox, ((ci * opg + og) * kh + ky) * kw + kx);
              }
            }
          }
        }
      }
    }
  }
}
