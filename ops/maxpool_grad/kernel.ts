// maxpool_grad, as a gather: dx at input pixel (iy, ix) sums dy over the
// windows that cover it and whose first maximum (scan order, padding never
// wins) is that pixel. One invocation per input element, which recomputes
// the argmax of each window that covers it.
//
// When windows do not overlap (span d·(k−1)+1 ≤ stride in both axes; the
// usual k=2, s=2) a pixel lies in at most one window, found by one division,
// so every invocation does the same work. Otherwise the windows that cover
// the pixel are a range computed from it, not kh·kw candidates each tested
// with a signed modulo: neighbouring invocations then diverge less, and on
// SIMD hardware and SwiftShader alike a divergent branch costs every lane.
//
// Coordinates are unsigned and shifted by the padding (t = iy + ph ≥ 0), so
// no division sees a negative number.
import type { Lowering } from "../lowering.js";
import { join, wgsl, type Binding, type Code } from "../../core/kernel/index.js";
import { perElementKernel } from "../templates/elementwise.js";
import { poolAttrs, windowArgmax } from "../templates/pool.js";

/**
 * Windows up to this many taps are scanned unrolled (on SwiftShader about
 * twice as fast as windowArgmax's loops, and border tests drop out where no
 * window reaches a border); larger ones in the loops, to bound shader size.
 */
const MAX_UNROLLED_TAPS = 64;

export const lower: Lowering = (ctx) => {
  const [, , h, w] = ctx.inputs[0]! as [number, number, number, number];
  const [, , oh, ow] = ctx.inputs[1]! as [number, number, number, number];
  const { k, s, p, d } = poolAttrs(ctx.attrs);
  const geo: Geometry = { k, s, p, d, span: [d[0] * (k[0] - 1) + 1, d[1] * (k[1] - 1) + 1], size: [h, w], out: [oh, ow] };
  const unrolled = k[0] * k[1] <= MAX_UNROLLED_TAPS;
  const disjoint = geo.span[0] <= s[0] && geo.span[1] <= s[1];
  return perElementKernel<[Binding, Binding]>(ctx, ([x, dy], out) => {
    // The window (oy, ox) in scope leaves `hit`: whether its first maximum is
    // this pixel. Lines after the first start with `indent`.
    const argmax = (indent: string): Code =>
      unrolled
        ? wgsl`${unrolledArgmax(geo, x, indent)}
${indent}let hit = arg == ${tapIndex(geo)};`
        : wgsl`${windowArgmax(ctx.attrs, h, w, x, indent)}
${indent}let hit = arg == i32(pix);`;
    const dyAt = dy.at(`(plane * ${oh}u + oy) * ${ow}u + ox`);
    const head = wgsl`let plane = i / ${h * w}u;
  let pix = i % ${h * w}u;
  let ty = pix / ${w}u + ${p[0]}u;
  let tx = pix % ${w}u + ${p[1]}u;
  let base = plane * ${h * w}u;`;
    if (disjoint) {
      const covered = [...coveredBy(geo, 0, "ty", "oy"), ...coveredBy(geo, 1, "tx", "ox")];
      return wgsl`${head}
  let oy = ty / ${s[0]}u;
  let ox = tx / ${s[1]}u;
  var g = 0.0;
  ${covered.length ? `if (${covered.join(" && ")}) ` : ""}{
    ${argmax("    ")}
    if (hit) { g = ${dyAt}; }
  }
  ${out.set("i", "g")}`;
    }
    // Windows o with o·s ≤ t ≤ o·s + span − 1, clipped to the output, in
    // ascending order: the order in which the reference adds them.
    return wgsl`${head}
  let y0 = (max(ty + ${s[0]}u, ${geo.span[0]}u) - ${geo.span[0]}u) / ${s[0]}u;
  let y1 = min(ty / ${s[0]}u + 1u, ${oh}u);
  let x0 = (max(tx + ${s[1]}u, ${geo.span[1]}u) - ${geo.span[1]}u) / ${s[1]}u;
  let x1 = min(tx / ${s[1]}u + 1u, ${ow}u);
  var acc = 0.0;
  for (var oy = y0; oy < y1; oy++) {${offTapSkip(geo, 0, "ty", "oy", "    ")}
    for (var ox = x0; ox < x1; ox++) {${offTapSkip(geo, 1, "tx", "ox", "      ")}
      ${argmax("      ")}
      if (hit) { acc += ${dyAt}; }
    }
  }
  ${out.set("i", "acc")}`;
  });
};

interface Geometry {
  readonly k: readonly [number, number];
  readonly s: readonly [number, number];
  readonly p: readonly [number, number];
  readonly d: readonly [number, number];
  /** d·(k−1)+1: the rows (columns) from a window's first tap to its last. */
  readonly span: readonly [number, number];
  readonly size: readonly [number, number];
  readonly out: readonly [number, number];
}

/**
 * Conditions (none when always true) that window `o` = t / s, the only one
 * that can cover shifted coordinate `t` when windows are disjoint, exists
 * and has a tap at `t`: it can lie past the output (a trailing row no window
 * reaches), and `t` can fall in a gap between windows or between dilated taps.
 */
function coveredBy(g: Geometry, axis: 0 | 1, t: string, o: string): string[] {
  const [s, d, span, size, out, p] = [g.s[axis], g.d[axis], g.span[axis], g.size[axis], g.out[axis], g.p[axis]];
  const conds: string[] = [];
  if (Math.floor((size - 1 + p) / s) >= out) conds.push(`${o} < ${out}u`);
  if (span < s) conds.push(`${t} - ${o} * ${s}u < ${span}u`);
  if (d > 1) conds.push(`(${t} - ${o} * ${s}u) % ${d}u == 0u`);
  return conds;
}

/** With dilation, a window in the candidate range covers `t` only on a tap. */
function offTapSkip(g: Geometry, axis: 0 | 1, t: string, o: string, indent: string): string {
  const [s, d] = [g.s[axis], g.d[axis]];
  return d > 1 ? `\n${indent}if ((${t} - ${o} * ${s}u) % ${d}u != 0u) { continue; }` : "";
}

/** The scan-order index of this pixel's tap in window (oy, ox), which covers it. */
function tapIndex(g: Geometry): string {
  const along = (t: string, o: string, s: number, d: number) => (d > 1 ? `(${t} - ${o} * ${s}u) / ${d}u` : `(${t} - ${o} * ${s}u)`);
  return `${along("ty", "oy", g.s[0], g.d[0])} * ${g.k[1]}u + ${along("tx", "ox", g.s[1], g.d[1])}`;
}

/**
 * WGSL that scans window (oy, ox) of plane `base` tap by tap, unrolled, and
 * leaves `arg`: the scan-order index of its first maximum (kh·kw when no tap
 * lies inside the input). The semantics of windowArgmax: the first tap inside
 * the input starts the scan, a later one wins only if strictly greater, so a
 * NaN wins only as the first. A tap is tested against the input's borders only
 * where some window can put it outside them.
 */
function unrolledArgmax(g: Geometry, src: Binding, indent: string): Code {
  const [kh, kw] = g.k;
  const w = g.size[1];
  const none = kh * kw;
  // A tap's shifted row o·s + ky·d is inside the input when in [ph, h + ph).
  const guards = (axis: 0 | 1, kk: number, t: string): string[] => {
    const [s, d, p, size, out] = [g.s[axis], g.d[axis], g.p[axis], g.size[axis], g.out[axis]];
    const conds: string[] = [];
    if (kk * d < p) conds.push(`${t} >= ${p}u`);
    if ((out - 1) * s + kk * d >= size + p) conds.push(`${t} < ${size + p}u`);
    return conds;
  };
  const lines: (string | Code)[] = [`let wy = oy * ${g.s[0]}u;`, `let wx = ox * ${g.s[1]}u;`, `let w0 = base + wy * ${w}u + wx;`, `var best = 0.0;`, `var arg = ${none}u;`];
  // Until a tap that is always inside has been scanned, `arg` may still be none.
  let started = false;
  for (let ky = 0; ky < kh; ky++) {
    for (let kx = 0; kx < kw; kx++) {
      const tap = ky * kw + kx;
      const ry = ky * g.d[0];
      const rx = kx * g.d[1];
      const guard = [...guards(0, ky, ry ? `wy + ${ry}u` : "wy"), ...guards(1, kx, rx ? `wx + ${rx}u` : "wx")];
      // The tap's address relative to w0 (the window's origin shifted by the
      // padding): below it for taps that can lie in the top or left padding;
      // u32 arithmetic wraps only for a tap that does, which its guard keeps from loading.
      const offset = (ry - g.p[0]) * w + (rx - g.p[1]);
      const at = offset === 0 ? "w0" : offset > 0 ? `w0 + ${offset}u` : `w0 - ${-offset}u`;
      const take = started ? `v > best` : `arg == ${none}u || v > best`;
      const scan = tap === 0 && guard.length === 0 ? wgsl`best = ${src.at(at)}; arg = 0u;` : wgsl`let v = ${src.at(at)}; if (${take}) { best = v; arg = ${tap}u; }`;
      lines.push(guard.length ? wgsl`if (${guard.join(" && ")}) { ${scan} }` : wgsl`{ ${scan} }`);
      if (guard.length === 0) started = true;
    }
  }
  return join(lines, `\n${indent}`);
}
