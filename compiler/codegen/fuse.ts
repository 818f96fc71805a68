// Elementwise fusion: chains of pointwise ops (pointwise.ts) become one
// kernel, so their intermediate values never reach memory.
//
// A group is a connected set of pointwise nodes of one element count and
// batchedness in which every node but the root has exactly one consumer,
// that consumer is in the group, and the node is not in `keep` (values that
// must exist in memory: outputs, losses, gradients). The root is the group's
// last node; its kernel runs at the root's place in node order, reads the
// group's external inputs (each bound once), computes the nodes in order as
// `let` values and writes only the root. Every other node is a group of its
// own and keeps its own kernel.

import type { Graph, Shape } from "../ir/graph.js";
import { isBatched } from "../passes/batched.js";
import { pointwiseOf, type PointwiseOp } from "./pointwise.js";
import { perItem, product, WG } from "./wgsl.js";

/** WebGPU's default maxStorageBuffersPerShaderStage: a fused kernel binds no more. */
export const MAX_BINDINGS = 8;

export interface FusionGroup {
  /** Node ids in node order; the root is the last. */
  readonly nodes: readonly number[];
  readonly root: number;
}

export interface Partition {
  /** Every node's group, in the order of their roots. */
  readonly groups: readonly FusionGroup[];
  /** Node id → the id of its group's root. */
  readonly rootOf: ReadonlyMap<number, number>;
}

function fullShapes(g: Graph, batch: number): Shape[] {
  return g.nodes.map((n) => (isBatched(g, n.id) ? [batch, ...n.shape] : [...n.shape]));
}

function pointwiseNode(g: Graph, id: number, shapes: readonly Shape[]): PointwiseOp | undefined {
  const n = g.nodes[id]!;
  if (n.op === "input" || n.dtype !== "f32" || n.inputs.some((i) => g.nodes[i]!.dtype !== "f32")) return undefined;
  return pointwiseOf(n.op, n.inputs.map((i) => shapes[i]!), shapes[id]!);
}

function paramNames(g: Graph, id: number, p: PointwiseOp): string[] {
  const n = g.nodes[id]!;
  return (p.paramRoles?.(n.attrs) ?? []).map((r) => n.params[r]!);
}

/** Partitions `g`'s nodes into fusion groups; `keep` stay in memory. */
export function partitionGraph(g: Graph, batch: number, keep: ReadonlySet<number>): Partition {
  const shapes = fullShapes(g, batch);
  const consumers = g.nodes.map(() => new Set<number>());
  for (const n of g.nodes) for (const i of n.inputs) consumers[i]!.add(n.id);
  const rootOf = new Map<number, number>();
  // Per root: the group's external inputs and parameters, to bound its bindings.
  const extern = new Map<number, Set<number>>();
  const params = new Map<number, Set<string>>();
  for (let id = g.nodes.length - 1; id >= 0; id--) {
    const n = g.nodes[id]!;
    const p = pointwiseNode(g, id, shapes);
    if (p) {
      const cons = consumers[id]!;
      const c = cons.size === 1 ? [...cons][0]! : -1;
      const r = c >= 0 ? rootOf.get(c) : undefined;
      if (!keep.has(id) && r !== undefined && extern.has(r) && isBatched(g, id) === isBatched(g, c) && product(shapes[id]!) === product(shapes[c]!)) {
        const ext = new Set(extern.get(r)!);
        ext.delete(id);
        for (const i of n.inputs) ext.add(i);
        const ps = new Set([...params.get(r)!, ...paramNames(g, id, p)]);
        if (ext.size + ps.size + 1 <= MAX_BINDINGS) {
          rootOf.set(id, r);
          extern.set(r, ext);
          params.set(r, ps);
          continue;
        }
      }
      extern.set(id, new Set(n.inputs));
      params.set(id, new Set(paramNames(g, id, p)));
    }
    rootOf.set(id, id);
  }
  const members = new Map<number, number[]>();
  for (const n of g.nodes) {
    const r = rootOf.get(n.id)!;
    if (!members.has(r)) members.set(r, []);
    members.get(r)!.push(n.id);
  }
  const groups = [...members].map(([root, nodes]) => ({ root, nodes })).sort((a, b) => a.root - b.root);
  return { groups, rootOf };
}

export interface FusedKernel {
  readonly code: string;
  readonly dispatch: readonly [number, number, number];
  /** Value ids bound as inputs, in binding order. */
  readonly inputs: readonly number[];
  /** Parameter names bound after the inputs, in binding order. */
  readonly params: readonly string[];
}

/** The one kernel of a group of pointwise nodes. */
export function emitFusedKernel(g: Graph, group: FusionGroup, batch: number, maxWorkgroupsPerDimension = 65535): FusedKernel {
  const shapes = fullShapes(g, batch);
  const inGroup = new Set(group.nodes);
  const inputs: number[] = [];
  const params: string[] = [];
  const helpers: string[] = [];
  const body: string[] = [];
  const ident = new Map<number, string>();
  for (const id of group.nodes) {
    const n = g.nodes[id]!;
    const p = pointwiseNode(g, id, shapes);
    if (!p) throw new Error(`internal: node '${n.name}' (${n.op}) is not pointwise but was fused`);
    for (const i of n.inputs) {
      if (inGroup.has(i) || ident.has(i)) continue;
      ident.set(i, `x${inputs.length}`);
      body.push(`  let x${inputs.length} = in${inputs.length}[i];`);
      inputs.push(i);
    }
    for (const h of p.helpers ?? []) if (!helpers.includes(h)) helpers.push(h);
    const expr = p.expr({
      node: n,
      attrs: n.attrs,
      inputs: n.inputs.map((i) => ident.get(i)!),
      inputShapes: n.inputs.map((i) => shapes[i]!),
      out: shapes[id]!,
      index: "i",
      param: (role) => {
        const name = n.params[role]!;
        if (!params.includes(name)) params.push(name);
        return `p${params.indexOf(name)}`;
      },
    });
    ident.set(id, `v${id}`);
    body.push(`  let v${id} = ${expr}; // ${n.op} '${n.name}'`);
  }
  const total = product(shapes[group.root]!);
  const groups = Math.max(1, Math.ceil(total / WG));
  const dispatch: [number, number, number] = groups <= maxWorkgroupsPerDimension ? [groups, 1, 1] : [maxWorkgroupsPerDimension, Math.ceil(groups / maxWorkgroupsPerDimension), 1];
  let b = 0;
  const decls = [
    ...inputs.map((_, k) => `@group(0) @binding(${b++}) var<storage, read_write> in${k}: array<f32>;`),
    ...params.map((_, k) => `@group(0) @binding(${b++}) var<storage, read> p${k}: array<f32>;`),
    `@group(0) @binding(${b++}) var<storage, read_write> out: array<f32>;`,
  ];
  const names = group.nodes.map((id) => `${g.nodes[id]!.op} '${g.nodes[id]!.name}'`).join(", ");
  const code = `// fused: ${names}
${decls.join("\n")}
${helpers.join("\n")}
${perItem(total, dispatch)}
${body.join("\n")}
  out[i] = v${group.root};
}`;
  return { code, dispatch, inputs, params };
}
