// sum_to: sums dy [N, …from] down to [N, …shape], undoing mul's channel-first
// broadcasting: the axes missing at the end of `shape` and those where it has
// size 1 are summed; the batch is kept. One invocation per output element,
// looping over the summed axes.
import { newKernel, wgsl } from "../../core/kernel/index.js";
import { elementCount } from "../../core/ir/graph.js";
import type { Lowering } from "../lowering.js";
import { declareInputs } from "../templates/elementwise.js";
import { dispatchFor, perItem } from "../templates/wgsl.js";

function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let a = shape.length - 2; a >= 0; a--) s[a] = s[a + 1]! * shape[a + 1]!;
  return s;
}

export const lower: Lowering = (ctx) => {
  const dy = ctx.inputs[0]!;
  const out = ctx.out;
  const rank = dy.length;
  // The target padded with trailing 1s to dy's rank (batch axis included).
  const target = [...out, ...new Array<number>(rank - out.length).fill(1)];
  const sIn = strides(dy);
  const sOut = strides(target);
  const kept: string[] = [];
  const summed: number[] = [];
  for (let a = 0; a < rank; a++) {
    if (target[a] === dy[a]) {
      if (dy[a] !== 1) kept.push(`((i / ${sOut[a]}u) % ${dy[a]}u) * ${sIn[a]}u`);
    } else {
      summed.push(a);
    }
  }
  const count = elementCount(summed.map((a) => dy[a]!));
  // Offset of reduction step r: its digits over the summed axes (last fastest).
  const digits: string[] = [];
  let step = 1;
  for (let j = summed.length - 1; j >= 0; j--) {
    const a = summed[j]!;
    digits.push(`((r / ${step}u) % ${dy[a]}u) * ${sIn[a]}u`);
    step *= dy[a]!;
  }
  const n = elementCount(out);
  const k = newKernel();
  const [dyIn] = declareInputs(k, ctx);
  const o = k.output();
  k.dispatch = dispatchFor(n, ctx);
  k.body = wgsl`${perItem(n, k.dispatch)}
  let base = ${kept.join(" + ") || "0u"};
  var acc = 0.0;
  for (var r = 0u; r < ${count}u; r++) {
    acc += ${dyIn!.at(`base + ${digits.join(" + ") || "0u"}`)};
  }
  ${o.set("i", "acc")}
}`;
  return k.build();
};
