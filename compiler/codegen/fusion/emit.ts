// The kernel of a group (partition.ts): the anchor's own kernel with the
// group's elementwise tree as its store epilogue, or a pure elementwise
// kernel; then, for every kernel, the values it reads that are recomputed
// (prologues) or stored as concat slices (views), and bindings that name
// one buffer range merged into one. Every step is a structural rewrite of
// the KernelDesc (core/kernel/rewrite.ts); WGSL is rendered once, at the end.

import { elementCount, type Graph, type Shape } from "../../../core/ir/graph.js";
import {
  Binding,
  code,
  kernelFn,
  mapLoads,
  mapStores,
  mentions,
  renderWgsl,
  replaceBinding,
  usage,
  wgsl,
  type Dispatch,
  type KernelDesc,
} from "../../../core/kernel/index.js";
import { perItem, WG } from "../../../ops/templates/wgsl.js";
import type { KernelPlan } from "../lower.js";
import { KernelDraft, outputBinding, rebind, withoutBinding } from "./draft.js";
import type { KernelGroup, Partition } from "./partition.js";
import { refKey, refResolver, valueKey, type BindingRef } from "./refs.js";
import { treeFunction } from "./tree.js";

export type { BindingRef } from "./refs.js";

export interface EmittedKernel {
  /** The fused kernel as data; `code` is its rendering. */
  readonly desc: KernelDesc;
  readonly code: string;
  readonly dispatch: Dispatch;
  /** One per binding, in binding order. */
  readonly refs: readonly BindingRef[];
  /** Node ids the kernel computes (recomputed prologue nodes included), in node order. */
  readonly nodes: readonly number[];
}

const names = (g: Graph, ids: readonly number[]) => ids.map((id) => `${g.nodes[id]!.op} '${g.nodes[id]!.name}'`).join(" + ");

function groupDraft(g: Graph, shapes: readonly Shape[], plan: KernelPlan, group: KernelGroup, maxWorkgroups: number): KernelDraft {
  if (group.anchor !== undefined) {
    const node = g.nodes[group.anchor]!;
    const own = plan.kernels[group.anchor];
    if (!own) throw new Error(`internal: node '${node.name}' anchors a kernel but has none`);
    const k = new KernelDraft(own, refResolver(node, group.root));
    if (group.tree.length === 0) {
      k.notes.push(names(g, [group.anchor]));
      return k;
    }
    const out = outputBinding(own);
    if (!out) throw new Error(`internal: the kernel of '${node.name}' has no output for an epilogue`);
    k.addFunction(treeFunction(g, shapes, group.tree, "epilogue", k, group.anchor));
    k.desc = mapStores(k.desc, out, (e, v) => wgsl`{ let at_ = ${e}; ${out.set("at_", wgsl`epilogue(at_, ${v})`)} }`);
    k.notes.push(`kernel: ${names(g, [group.anchor])}, epilogue ${names(g, group.tree)}`);
    return k;
  }
  const total = elementCount(shapes[group.root]!);
  const groups = Math.max(1, Math.ceil(total / WG));
  const dispatch: Dispatch = groups <= maxWorkgroups ? [groups, 1, 1] : [maxWorkgroups, Math.ceil(groups / maxWorkgroups), 1];
  const out = new Binding({ role: { kind: "output" } });
  const empty: KernelDesc = { enables: [], notes: [], bindings: [], functions: [], body: wgsl`${perItem(total, dispatch)}\n  ${out.set("i", "tree(i)")}\n}`, dispatch };
  const k = new KernelDraft(empty, refResolver(undefined, group.root));
  k.addFunction(treeFunction(g, shapes, group.tree, "tree", k));
  k.desc = { ...k.desc, bindings: [...k.desc.bindings, out] };
  k.notes.push(`fused: ${names(g, group.tree)}`);
  return k;
}

/** Prologues: a read of a recomputed value becomes a call that recomputes it at the element read. Returns the nodes recomputed. */
function recompute(g: Graph, shapes: readonly Shape[], part: Partition, k: KernelDraft): number[] {
  const recomputed: number[] = [];
  const inlinedOf = (b: Binding) => {
    const r = k.refOf(b);
    return "value" in r && part.inlined.has(r.value) ? r.value : undefined;
  };
  for (;;) {
    const b = k.desc.bindings.find((x) => inlinedOf(x) !== undefined);
    if (!b) break;
    const nodes = part.inlined.get(inlinedOf(b)!)!;
    // Bound but never read (a keep-alive only: an input that gives only its shape): nothing to recompute.
    if (usage(k.desc, b).loads === 0) {
      k.desc = withoutBinding(k.desc, b);
      continue;
    }
    recomputed.push(...nodes);
    const fn = k.fresh("recompute");
    k.desc = withoutBinding(
      mapLoads(k.desc, b, (e) => wgsl`${fn}(${e})`),
      b,
    );
    k.addFunction(treeFunction(g, shapes, nodes, fn, k));
    k.notes.push(`recomputes ${names(g, nodes)} where read`);
  }
  return recomputed;
}

/** Views: a value stored as a slice of a concat's buffer is bound as that buffer and indexed through the slice map. */
function viewsIntoConcats(g: Graph, part: Partition, k: KernelDraft): void {
  for (const b of [...k.desc.bindings]) {
    const r = k.refOf(b);
    if (!("value" in r) || !part.views.has(r.value)) continue;
    let v = r.value;
    const steps: string[] = [];
    for (let view = part.views.get(v); view; view = part.views.get(v)) {
      steps.push(`  e = (e / ${view.len}u) * ${view.total}u + ${view.offset}u + e % ${view.len}u; // in concat '${g.nodes[view.target]!.name}'`);
      v = view.target;
    }
    const fn = k.fresh("slice_of_");
    k.addFunction(kernelFn(fn, code(`fn ${fn}(at: u32) -> u32 {\n  var e = at;\n${steps.join("\n")}\n  return e;\n}`)));
    // The same name as before: the binding now holds the concat's whole buffer.
    const whole = new Binding({ role: { kind: "extra", key: valueKey(v) }, type: b.type, access: b.access, hint: b.hint });
    k.desc = rebind(k.desc, b, whole, (e) => wgsl`${fn}(${e})`);
    if (k.storeTarget === b) k.storeTarget = whole;
    k.notes.push(`'${g.nodes[r.value]!.name}' lives in concat '${g.nodes[v]!.name}'`);
  }
}

/**
 * One binding per buffer range: WebGPU refuses a writable range bound
 * twice. A later binding merges into the first of its range, which keeps
 * its place; the store target keeps its name (stores read as `out[…] = …`).
 */
function mergeRanges(k: KernelDraft): void {
  for (;;) {
    const bs = k.desc.bindings;
    const keys = bs.map((b) => refKey(k.refOf(b)));
    const j = keys.findIndex((key, at) => keys.indexOf(key) < at);
    if (j < 0) return;
    const first = keys.indexOf(keys[j]!);
    const [m, b] = [bs[first]!, bs[j]!];
    if (b !== k.storeTarget) {
      const d = replaceBinding(k.desc, b, m);
      if (m === k.storeTarget) k.storeTarget = d.bindings[first];
      k.desc = d;
      continue;
    }
    // Merged into the store target (its name stays), then moved to the first binding's place.
    const d = replaceBinding(k.desc, m, b);
    const merged = d.bindings.find((x) => x === b || !k.desc.bindings.includes(x))!;
    const rest = d.bindings.filter((x) => x !== merged);
    rest.splice(first, 0, merged);
    k.desc = { ...d, bindings: rest };
    k.storeTarget = merged;
  }
}

/**
 * Prologues, views and shared ranges: the edits every kernel gets, whether
 * a group's or another (BN running statistics). Then bindings no code names
 * any more (their reads were recomputed) are dropped, as an automatic
 * layout would drop them.
 */
function finish(g: Graph, shapes: readonly Shape[], part: Partition, k: KernelDraft): { desc: KernelDesc; refs: BindingRef[]; recomputed: number[] } {
  const recomputed = recompute(g, shapes, part, k);
  viewsIntoConcats(g, part, k);
  mergeRanges(k);
  const d = k.desc;
  const used = d.bindings.filter((b) => mentions(d, b));
  const desc: KernelDesc = { ...d, bindings: used, notes: [...k.notes, ...d.notes] };
  return { desc, refs: used.map(k.refOf), recomputed };
}

export function emitGroup(g: Graph, shapes: readonly Shape[], plan: KernelPlan, part: Partition, group: KernelGroup, maxWorkgroups: number): EmittedKernel {
  const k = groupDraft(g, shapes, plan, group, maxWorkgroups);
  const { desc, refs, recomputed } = finish(g, shapes, part, k);
  return { desc, code: renderWgsl(desc), dispatch: desc.dispatch, refs, nodes: [...new Set([...group.nodes, ...recomputed])].sort((a, b) => a - b) };
}

/**
 * A kernel from outside the graph's lowering (BN running statistics), whose
 * bindings are all `extra` bindings keyed by value or parameter (refs.ts),
 * with the same prologue and view edits.
 */
export function emitExtra(g: Graph, shapes: readonly Shape[], part: Partition, kernel: KernelDesc, note: string): Omit<EmittedKernel, "nodes"> {
  const k = new KernelDraft(kernel, refResolver(undefined, undefined));
  k.notes.push(note);
  const { desc, refs } = finish(g, shapes, part, k);
  return { desc, code: renderWgsl(desc), dispatch: desc.dispatch, refs };
}
