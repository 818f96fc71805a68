// Lowers every node of a graph to a WGSL kernel at a fixed batch size.
// Inputs need no kernel: their buffers are written from the caller's data.

import { isBatched } from "../passes/batched.js";
import type { Graph, Shape } from "../../core/ir/graph.js";
import type { KernelSource, Lowering } from "../../ops/lowering.js";
import type { GemmChooser } from "../../ops/templates/gemm.js";
import { LoweringError } from "../../ops/lowering.js";
import { convLowerings } from "./families/conv.js";
import { coreLowerings } from "./families/core.js";
import { elementwiseLowerings } from "./families/elementwise.js";
import { spatialLowerings } from "./families/spatial.js";

const lowerings: Readonly<Record<string, Lowering>> = { ...coreLowerings, ...convLowerings, ...spatialLowerings, ...elementwiseLowerings };

export function hasLowering(op: string): boolean {
  return op in lowerings;
}

export { isBatched };

export interface KernelPlan {
  readonly batch: number;
  /** Per node id: its kernel, or undefined for an input. */
  readonly kernels: readonly (KernelSource | undefined)[];
  /** Per node id: its full shape at run time (batch first when batched). */
  readonly shapes: readonly Shape[];
}

export function lowerGraph(g: Graph, batch: number, maxWorkgroupsPerDimension = 65535, gemmChoice?: GemmChooser): KernelPlan {
  const shapes = g.nodes.map((n) => (isBatched(g, n.id) ? [batch, ...n.shape] : [...n.shape]));
  const kernels = g.nodes.map((n) => {
    if (n.op === "input") return undefined;
    const lowering = lowerings[n.op];
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
    }));
  });
  return { batch, kernels, shapes };
}

/**
 * A node that reads one value twice (x * x, concat(a, x, a)) cannot bind it
 * twice: bindings of one buffer range that a dispatch may write must not
 * overlap. The repeated input's binding is dropped, its uses read the first
 * one, and the later bindings move down by one.
 */
export function dedupeInputs(inputs: readonly number[], k: KernelSource): KernelSource {
  const firstAt = inputs.map((id, j) => inputs.indexOf(id));
  if (firstAt.every((f, j) => f === j)) return k;
  let code = k.code;
  const dropped: number[] = [];
  firstAt.forEach((f, j) => {
    if (f === j) return;
    code = code.replace(new RegExp(`^.*var<storage, read_write> in${j}:.*\n`, "m"), "");
    code = code.replace(new RegExp(`\\bin${j}\\b`, "g"), `in${f}`);
    dropped.push(j);
  });
  // Binding j (input j) is gone: renumber those above it, highest first.
  code = code.replace(/@binding\((\d+)\)/g, (_m, b: string) => `@binding(${Number(b) - dropped.filter((j) => j < Number(b)).length})`);
  return { ...k, code, boundInputs: inputs.map((_, j) => j).filter((j) => !dropped.includes(j)) };
}
