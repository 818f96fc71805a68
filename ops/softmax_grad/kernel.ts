// softmax_grad: dx = y·(dy − Σ_axis dy·y) along per-sample axis `axis`. One
// invocation per row (outer × inner): the dot product, then the row.
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { newKernel, wgsl, type Binding } from "../../core/kernel/index.js";
import { declareInputs } from "../templates/elementwise.js";
import { dispatchFor, perItem } from "../templates/wgsl.js";
import { softmaxAxis } from "../shared/softmax.js";

export const lower: Lowering = (ctx) => {
  const ys = ctx.inputs[0]!;
  const axis = softmaxAxis(ctx.attrs, ys.slice(1)) + 1;
  const len = ys[axis]!;
  const outer = elementCount(ys.slice(0, axis));
  const inner = elementCount(ys.slice(axis + 1));
  const rows = outer * inner;
  const kb = newKernel();
  const [y, dy] = declareInputs(kb, ctx) as [Binding, Binding];
  const out = kb.output();
  kb.dispatch = dispatchFor(rows, ctx);
  kb.body = wgsl`${perItem(rows, kb.dispatch)}
  let base = (i / ${inner}u) * ${len * inner}u + i % ${inner}u;
  var dot = 0.0;
  for (var k = 0u; k < ${len}u; k++) {
    let at = base + k * ${inner}u;
    dot += ${dy.at("at")} * ${y.at("at")};
  }
  for (var k = 0u; k < ${len}u; k++) {
    let at = base + k * ${inner}u;
    ${out.set("at", wgsl`${y.at("at")} * (${dy.at("at")} - dot)`)}
  }
}`;
  return kb.build();
};
