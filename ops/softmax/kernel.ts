// softmax along per-sample axis `axis` (tensor axis axis + 1), stably:
// y = exp(x − m)/Σ exp(x − m), m the max over the axis. One invocation per
// row (outer × inner), looping over the axis three times.
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { newKernel, wgsl, type Binding } from "../../core/kernel/index.js";
import { declareInputs } from "../templates/elementwise.js";
import { dispatchFor, perItem } from "../templates/wgsl.js";
import { softmaxAxis } from "../shared/softmax.js";

export const lower: Lowering = (ctx) => {
  const xs = ctx.inputs[0]!;
  const axis = softmaxAxis(ctx.attrs, xs.slice(1)) + 1;
  const len = xs[axis]!;
  const outer = elementCount(xs.slice(0, axis));
  const inner = elementCount(xs.slice(axis + 1));
  const rows = outer * inner;
  // `kb`, not `k`: the kernel text's loop counter is k.
  const kb = newKernel();
  const [x] = declareInputs(kb, ctx) as [Binding];
  const out = kb.output();
  kb.dispatch = dispatchFor(rows, ctx);
  const along = x.at(`base + k * ${inner}u`);
  kb.body = wgsl`${perItem(rows, kb.dispatch)}
  let base = (i / ${inner}u) * ${len * inner}u + i % ${inner}u;
  var m = ${x.at("base")};
  for (var k = 1u; k < ${len}u; k++) { m = max(m, ${along}); }
  var sum = 0.0;
  for (var k = 0u; k < ${len}u; k++) { sum += exp(${along} - m); }
  for (var k = 0u; k < ${len}u; k++) {
    let at = base + k * ${inner}u;
    ${out.set("at", wgsl`exp(${x.at("at")} - m) / sum`)}
  }
}`;
  return kb.build();
};
