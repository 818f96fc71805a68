// Lowers every node of a graph to a WGSL kernel at a fixed batch size.
// Inputs need no kernel: their buffers are written from the caller's data.

import { isBatched } from "../passes/batched.js";
import { fullShapes } from "../passes/full_shapes.js";
import type { Graph, Shape } from "../../core/ir/graph.js";
import { replaceBinding, type Binding, type KernelDesc } from "../../core/kernel/index.js";
import type { KernelModule } from "../../ops/lowering.js";
import type { GemmChooser } from "../../ops/templates/gemm_choice.js";
import { LoweringError } from "../../ops/lowering.js";
import { kernelModules } from "../../ops/implementations.js";

/** An op's kernel module (its lowering, and its pointwise and derivative forms), by op name. */
export function kernelModuleOf(op: string): KernelModule | undefined {
  return Object.hasOwn(kernelModules, op) ? kernelModules[op] : undefined;
}

export { isBatched };

export interface KernelPlan {
  readonly batch: number;
  /** Per node id: its kernel, or undefined for an input. */
  readonly kernels: readonly (KernelDesc | undefined)[];
  /** Per node id: its full shape at run time (batch first when batched). */
  readonly shapes: readonly Shape[];
}

export function lowerGraph(g: Graph, batch: number, maxWorkgroupsPerDimension = 65535, gemmChoice?: GemmChooser): KernelPlan {
  const shapes = fullShapes(g, batch);
  const kernels = g.nodes.map((n) => {
    if (n.op === "input") return undefined;
    const lowering = kernelModules[n.op]?.lower;
    if (!lowering) throw new LoweringError(`no WGSL kernel for op '${n.op}' (node '${n.name}') yet`);
    const params: Record<string, Shape> = {};
    for (const [role, p] of Object.entries(n.params)) params[role] = g.params.get(p)!.shape;
    return dedupeInputs(n.inputs, lowering({
      node: n,
      attrs: n.attrs,
      inputs: n.inputs.map((i) => shapes[i]!),
      inputTypes: n.inputs.map((i) => g.nodes[i]!.dtype),
      out: shapes[n.id]!,
      batch,
      params,
      maxWorkgroupsPerDimension,
      gemmChoice,
      kernelOf: kernelModuleOf,
    }));
  });
  return { batch, kernels, shapes };
}

/**
 * A node that reads one value twice (x * x, concat(a, x, a)) cannot bind it
 * twice: bindings of one buffer range that a dispatch may write must not
 * overlap. The later input's binding is merged into the first one's.
 */
export function dedupeInputs(inputs: readonly number[], k: KernelDesc): KernelDesc {
  let desc = k;
  inputs.forEach((id, j) => {
    const f = inputs.indexOf(id);
    if (f === j) return;
    const later = inputBinding(desc, j);
    const first = inputBinding(desc, f);
    if (later && first) desc = replaceBinding(desc, later, first);
  });
  return desc;
}

/** The binding of the node's input j, if the kernel binds it. */
export function inputBinding(k: KernelDesc, j: number): Binding | undefined {
  return k.bindings.find((b) => b.role.kind === "input" && b.role.index === j);
}
