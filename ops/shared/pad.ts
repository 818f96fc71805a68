// pad's attributes, shape rule and index maps, shared by pad (ops/pad/),
// pad_grad and their reference kernels. Padding follows PyTorch's F.pad on
// a [C, H, W] map: "zeros" (F.pad's "constant" with value 0), "reflect"
// (mirrored about the edge pixel, which is not repeated) and "replicate"
// (the edge pixel repeated).

import type { Attrs, Shape } from "../../core/ir/graph.js";
import { expectCHW, fmt, OpError, stringAttr, type AttrSpec, type OpContext } from "../contract.js";

export type PadMode = "zeros" | "reflect" | "replicate";

export const padAttrs: Readonly<Record<string, AttrSpec>> = {
  p: { type: "pads", min: 0, aliases: ["padding"], doc: "an int, [h, w] or [top, bottom, left, right]" },
  // "constant" is PyTorch's name for zeros (its value is always 0 here).
  mode: { type: "string", oneOf: ["zeros", "constant", "reflect", "replicate"], default: "zeros", doc: "what the border holds" },
};

/** [top, bottom, left, right], as the `pads` attribute type stores them. */
export function padsOf(attrs: Attrs): [number, number, number, number] {
  const v = attrs.p;
  if (!Array.isArray(v) || v.length !== 4) throw new Error("internal: attribute 'p' is not normalised to four ints");
  const [t, b, l, r] = v.map(Number);
  return [t!, b!, l!, r!];
}

export function padMode(attrs: Attrs): PadMode {
  const m = stringAttr(attrs, "mode");
  return m === "constant" ? "zeros" : (m as PadMode);
}

/** [C, H + top + bottom, W + left + right]; reflect needs each pad below its axis' size, as PyTorch does. */
export function padShape(ctx: OpContext): Shape {
  const [c, h, w] = expectCHW(ctx.inputs[0]!);
  const [t, b, l, r] = padsOf(ctx.attrs);
  if (padMode(ctx.attrs) === "reflect") {
    const sides: [string, number, number, string][] = [["top", t, h, "H"], ["bottom", b, h, "H"], ["left", l, w, "W"], ["right", r, w, "W"]];
    for (const [side, p, n, axis] of sides) {
      if (p >= n) throw new OpError(`reflect padding ${side} = ${p} must be below the input's ${axis} = ${n} (input ${fmt(ctx.inputs[0]!)})`, `each reflect pad < ${axis} = ${n}`);
    }
  }
  return [c, h + t + b, w + l + r];
}

/**
 * The input index output index `o` reads along one axis of size `n` padded
 * by `before`, from the definition; undefined where it reads a zero.
 */
export function padSource(mode: PadMode, o: number, n: number, before: number): number | undefined {
  const s = o - before;
  if (s >= 0 && s < n) return s;
  if (mode === "zeros") return undefined;
  if (mode === "replicate") return s < 0 ? 0 : n - 1;
  return s < 0 ? -s : 2 * (n - 1) - s;
}
