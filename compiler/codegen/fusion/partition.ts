// Kernel planning: which IR nodes share a kernel, which values never reach
// memory, and which live inside another value's buffer. Four decisions, in
// this order:
//
// 1. Elementwise trees. A pointwise node (pointwise.ts) whose only consumer
//    is a pointwise node of the same element count joins that consumer's
//    tree; a tree's last node (its root) is the only one written to memory.
// 2. Concat by direct writes. When every operand of a concat can live as a
//    slice of the concat's buffer, each operand's kernel writes its slice
//    and its readers read it there: the concat has no kernel and copies
//    nothing. With batch-first layouts a channel slice is strided, so a
//    slice is a view (an index remap, `ViewOf`), not a sub-range. Chains of
//    concats (DenseNet's blocks) nest views into one buffer.
// 3. Epilogues. A tree whose leaf is a non-pointwise node (conv, dense, bn,
//    a gradient GEMM…) read by nothing else is computed in that node's kernel
//    as it stores each element: conv + bias + eval-mode bn + activation +
//    residual add become one kernel. The node is the group's anchor.
// 4. Prologues. A tree with no anchor (its inputs are values other kernels
//    also need) whose root is not needed in memory is not computed on its
//    own: every kernel that reads it recomputes it at the elements it reads
//    (an activation's gradient mask inside the GEMMs and batch-norm
//    backward that read the masked gradient).
//
// What may be fused is decided from the kernels' structure (core/kernel):
// an operand whose binding is only loaded element by element
// (readsOnlyByIndex), a result whose output binding is only written by
// whole store statements (writesOnlyByStore); nothing reads WGSL text.
// Every kernel binds at most MAX_BINDINGS storage buffers, the limit every
// WebGPU device guarantees.

import { elementCount, type Graph, type Shape } from "../../../core/ir/graph.js";
import { isBatched } from "../../passes/batched.js";
import { fullShapes } from "../../passes/full_shapes.js";
import { readsOnlyByIndex, writesOnlyByStore, type KernelDesc } from "../../../core/kernel/index.js";
import { inputBinding, type KernelPlan } from "../lower.js";
import { pointwiseOf } from "../pointwise.js";
import { outputBinding } from "./draft.js";

/** WebGPU's default maxStorageBuffersPerShaderStage. */
export const MAX_BINDINGS = 8;

export interface KernelGroup {
  /** The value the kernel writes. */
  readonly root: number;
  /** The non-pointwise node whose kernel the group extends; undefined for a pure elementwise kernel. */
  readonly anchor?: number;
  /** Pointwise nodes computed per element (after the anchor's value), in node order. */
  readonly tree: readonly number[];
  /** All of the group's nodes, in node order. */
  readonly nodes: readonly number[];
}

/** A value stored as a slice of a concat's buffer: element e lives at `(e / len)·total + offset + e % len` of `target`. */
export interface ViewOf {
  readonly target: number;
  readonly len: number;
  readonly total: number;
  readonly offset: number;
}

export interface Partition {
  /** The kernels, in the order of their roots. */
  readonly groups: readonly KernelGroup[];
  /** Node → the root of the group that computes it. */
  readonly rootOf: ReadonlyMap<number, number>;
  /** Values recomputed by every kernel that reads them: value → its tree's nodes (root last). */
  readonly inlined: ReadonlyMap<number, readonly number[]>;
  /** Values that live inside a concat's buffer. */
  readonly views: ReadonlyMap<number, ViewOf>;
  /** Concats with no kernel (all operands are views). */
  readonly elided: ReadonlySet<number>;
  /** Where each computed node reads its inputs (its kernel's position), for liveness. */
  readonly runsAt: ReadonlyMap<number, number>;
}

export interface PartitionOptions {
  /** Values read by the caller: in memory, contiguous, at their own range. */
  readonly keep: ReadonlySet<number>;
  /** Values other kernels outside the graph read (BN running statistics): in memory, views allowed. */
  readonly materialize?: ReadonlySet<number>;
}

/** Whether node `id` computes elementwise (pointwise.ts), on f32 values. */
export function isPointwise(g: Graph, id: number, shapes: readonly Shape[]): boolean {
  const n = g.nodes[id]!;
  if (n.op === "input" || n.dtype !== "f32" || n.inputs.some((i) => g.nodes[i]!.dtype !== "f32")) return false;
  return pointwiseOf(n.op, n.inputs.map((i) => shapes[i]!), shapes[id]!, n.attrs) !== undefined;
}

/** The parameter names a pointwise node reads. */
export function pointwiseParams(g: Graph, id: number, shapes: readonly Shape[]): string[] {
  const n = g.nodes[id]!;
  const p = pointwiseOf(n.op, n.inputs.map((i) => shapes[i]!), shapes[id]!, n.attrs)!;
  return (p.paramRoles?.(n.attrs) ?? []).map((r) => n.params[r]!);
}

/**
 * Whether node `id`'s own kernel reads input `value` only element by
 * element (a value read twice is bound once, at its first slot); a kernel
 * that does not bind it reads it not at all.
 */
function readsValueByIndex(g: Graph, kernel: KernelDesc, id: number, value: number): boolean {
  const b = inputBinding(kernel, g.nodes[id]!.inputs.indexOf(value));
  return b === undefined || readsOnlyByIndex(kernel, b);
}

/** Whether a kernel writes its output only by whole store statements (then each store may take an epilogue). */
function storesOnly(kernel: KernelDesc): boolean {
  const out = outputBinding(kernel);
  return out !== undefined && writesOnlyByStore(kernel, out);
}

/** What a kernel binds: values and parameter names (out excluded). */
interface Binds {
  readonly values: Set<number>;
  readonly params: Set<string>;
}
const bindCount = (b: Binds) => b.values.size + b.params.size + 1;

export function partitionGraph(g: Graph, batch: number, plan: KernelPlan, opts: PartitionOptions): Partition {
  const shapes = fullShapes(g, batch);
  const size = (id: number) => elementCount(shapes[id]!);
  const consumers = g.nodes.map(() => new Set<number>());
  for (const n of g.nodes) for (const i of n.inputs) consumers[i]!.add(n.id);
  const pointwise = g.nodes.map((n) => isPointwise(g, n.id, shapes));
  const keep = opts.keep;
  const materialize = opts.materialize ?? new Set<number>();
  const ownKernel = (id: number) => plan.kernels[id];
  // The parameters a node's own kernel binds, by name.
  const ownParams = (id: number) =>
    (plan.kernels[id]?.bindings ?? []).flatMap((b) => (b.role.kind === "param" ? [g.nodes[id]!.params[b.role.role]!] : []));

  // 1. Elementwise trees, walking back from each tree's root.
  const treeRoot = new Map<number, number>();
  const tree = new Map<number, number[]>();
  const binds = new Map<number, Binds>();
  for (let id = g.nodes.length - 1; id >= 0; id--) {
    if (!pointwise[id]) continue;
    const n = g.nodes[id]!;
    const cons = consumers[id]!;
    const c = cons.size === 1 ? [...cons][0]! : -1;
    const r = c >= 0 ? treeRoot.get(c) : undefined;
    if (r !== undefined && !keep.has(id) && !materialize.has(id) && isBatched(g, id) === isBatched(g, c) && size(id) === size(c)) {
      const b = binds.get(r)!;
      const values = new Set(b.values);
      values.delete(id);
      for (const i of n.inputs) values.add(i);
      const params = new Set([...b.params, ...pointwiseParams(g, id, shapes)]);
      if (bindCount({ values, params }) <= MAX_BINDINGS) {
        treeRoot.set(id, r);
        tree.get(r)!.unshift(id);
        binds.set(r, { values, params });
        continue;
      }
    }
    treeRoot.set(id, id);
    tree.set(id, [id]);
    binds.set(id, { values: new Set(n.inputs), params: new Set(pointwiseParams(g, id, shapes)) });
  }
  const inTree = (id: number) => treeRoot.has(id);

  // Whether every kernel reading `v` (other than `except`) reads it only by index.
  const readersIndexOnly = (v: number, except: ReadonlySet<number>) =>
    [...consumers[v]!].every((c) => except.has(c) || inTree(c) || (ownKernel(c) !== undefined && readsValueByIndex(g, ownKernel(c)!, c, v)));
  // Whether `v` is written by a kernel that stores only by index (a tree root, or a node with such a kernel).
  const writtenByIndex = (v: number) => (inTree(v) ? treeRoot.get(v) === v : ownKernel(v) !== undefined && storesOnly(ownKernel(v)!));

  // 2. Concat operands as views of the concat's buffer.
  const views = new Map<number, ViewOf>();
  const elided = new Set<number>();
  for (const n of g.nodes) {
    if (n.op !== "concat" || !isBatched(g, n.id) || n.dtype !== "f32") continue;
    const axis = (n.attrs.axis as number) + 1;
    const out = shapes[n.id]!;
    const inner = elementCount(out.slice(axis + 1));
    const ok = n.inputs.every(
      (v, k) =>
        n.inputs.indexOf(v) === k &&
        g.nodes[v]!.op !== "input" &&
        g.nodes[v]!.dtype === "f32" &&
        isBatched(g, v) &&
        !keep.has(v) &&
        !views.has(v) &&
        writtenByIndex(v) &&
        readersIndexOnly(v, new Set([n.id])),
    );
    if (!ok) continue;
    let offset = 0;
    for (const v of n.inputs) {
      const len = shapes[v]![axis]! * inner;
      views.set(v, { target: n.id, len, total: out[axis]! * inner, offset: offset * inner });
      offset += shapes[v]![axis]!;
    }
    elided.add(n.id);
  }
  // A concat that is itself a view keeps that status; its operands nest.

  // 3. Epilogues: a tree takes a non-pointwise leaf as its anchor.
  const anchorOf = new Map<number, number>();
  for (const [root, nodes] of tree) {
    const members = new Set(nodes);
    const b = binds.get(root)!;
    const candidates = [...b.values].filter((v) => {
      const vn = g.nodes[v]!;
      if (vn.op === "input" || pointwise[v] || elided.has(v) || vn.dtype !== "f32") return false;
      if (keep.has(v) || materialize.has(v) || views.has(v)) return false;
      if (consumers[v]!.size !== 1 || !members.has([...consumers[v]!][0]!)) return false;
      if (size(v) !== size(root) || isBatched(g, v) !== isBatched(g, root)) return false;
      const kernel = ownKernel(v);
      if (kernel === undefined || !storesOnly(kernel)) return false;
      const values = new Set([...b.values, ...g.nodes[v]!.inputs]);
      values.delete(v);
      return bindCount({ values, params: new Set([...b.params, ...ownParams(v)]) }) <= MAX_BINDINGS;
    });
    if (candidates.length === 0) continue;
    // reduce, not Math.max(...list): a value read by 200,000 nodes would overflow the stack as arguments.
    const a = candidates.reduce((m, c) => Math.max(m, c), -Infinity);
    anchorOf.set(root, a);
    const values = new Set([...b.values, ...g.nodes[a]!.inputs]);
    values.delete(a);
    binds.set(root, { values, params: new Set([...b.params, ...ownParams(a)]) });
  }

  // Groups: every tree (with its anchor), every other node with a kernel.
  const groups = new Map<number, KernelGroup>();
  const anchored = new Set(anchorOf.values());
  for (const n of g.nodes) {
    if (n.op === "input" || elided.has(n.id) || anchored.has(n.id) || (inTree(n.id) && treeRoot.get(n.id) !== n.id)) continue;
    if (tree.has(n.id)) {
      const a = anchorOf.get(n.id);
      const t = tree.get(n.id)!;
      groups.set(n.id, { root: n.id, anchor: a, tree: t, nodes: a === undefined ? t : [a, ...t].sort((x, y) => x - y) });
    } else {
      groups.set(n.id, { root: n.id, anchor: n.id, tree: [], nodes: [n.id] });
      binds.set(n.id, { values: new Set(n.inputs), params: new Set(ownParams(n.id)) });
    }
  }
  const rootOf = new Map<number, number>();
  for (const gr of groups.values()) for (const id of gr.nodes) rootOf.set(id, gr.root);

  // 4. Prologues: anchorless trees recomputed by their readers. Only where it
  // does not multiply memory reads: a tree of at most two operands (a
  // masked gradient reads two values where the stored one reads one, and
  // saves a write and a read per reader), or a tree with one reader.
  const inlined = new Map<number, readonly number[]>();
  for (const gr of [...groups.values()].sort((a, b) => a.root - b.root)) {
    const root = gr.root;
    if (gr.anchor !== undefined || keep.has(root) || materialize.has(root) || views.has(root) || elided.has(root)) continue;
    const b = binds.get(root)!;
    if ([...b.values].some((v) => inlined.has(v))) continue;
    const readers = [...consumers[root]!].map((c) => rootOf.get(c));
    if (readers.length === 0 || readers.some((r) => r === undefined || inlined.has(r))) continue;
    const readerGroups = [...new Set(readers as number[])];
    if (b.values.size > 2 && readerGroups.length > 1) continue;
    const fits = readerGroups.every((r) => {
      const rb = binds.get(r)!;
      const values = new Set([...rb.values, ...b.values]);
      values.delete(root);
      return bindCount({ values, params: new Set([...rb.params, ...b.params]) }) <= MAX_BINDINGS;
    });
    const indexOnly = [...consumers[root]!].every((c) => inTree(c) || readsValueByIndex(g, ownKernel(c)!, c, root));
    if (!fits || !indexOnly) continue;
    inlined.set(root, gr.tree);
    for (const r of readerGroups) {
      const rb = binds.get(r)!;
      rb.values.delete(root);
      for (const v of b.values) rb.values.add(v);
      for (const p of b.params) rb.params.add(p);
    }
    groups.delete(root);
    for (const id of gr.nodes) rootOf.delete(id);
  }

  const runsAt = new Map<number, number>();
  for (const [id, root] of rootOf) runsAt.set(id, root);
  for (const [root, nodes] of [...inlined].sort((a, b) => b[0] - a[0])) {
    let at = -Infinity;
    for (const c of consumers[root]!) at = Math.max(at, runsAt.get(c) ?? c);
    for (const id of nodes) runsAt.set(id, at);
  }
  return { groups: [...groups.values()].sort((a, b) => a.root - b.root), rootOf, inlined, views, elided, runsAt };
}

/** No fusion: every node with a kernel is a group of its own (`fuse: false`, for debugging and as the parity baseline). */
export function unfusedPartition(g: Graph, plan: KernelPlan): Partition {
  const groups = g.nodes.filter((n) => plan.kernels[n.id] !== undefined).map((n) => ({ root: n.id, anchor: n.id, tree: [], nodes: [n.id] }));
  const rootOf = new Map(groups.map((gr) => [gr.root, gr.root]));
  return { groups, rootOf, inlined: new Map(), views: new Map(), elided: new Set(), runsAt: new Map(rootOf) };
}
