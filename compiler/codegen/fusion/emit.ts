// The WGSL of a kernel group (partition.ts): the anchor's own kernel with
// the group's elementwise tree as its store epilogue, or a pure
// elementwise kernel; then, for every kernel, the values it reads that are
// recomputed (prologues) or stored as concat slices (views), and bindings
// that name one buffer range merged into one.

import { elementCount, type Graph, type Shape } from "../../../core/ir/graph.js";
import type { KernelPlan } from "../lower.js";
import { pointwiseOf } from "../pointwise.js";
import { perItem, WG } from "../../../ops/templates/wgsl.js";
import { declareBindings, mentions, renameIdent, rewriteIndexed, rewriteStores, splitBindings, type BindingDecl } from "./kernel_text.js";
import type { KernelGroup, Partition } from "./partition.js";

/** What a binding holds: a value of the graph (its range in the arena or gradient buffer) or a parameter. */
export type BindingRef = { readonly value: number } | { readonly param: string };

export interface EmittedKernel {
  readonly code: string;
  readonly dispatch: readonly [number, number, number];
  /** One per binding, in binding order. */
  readonly refs: readonly BindingRef[];
  /** Node ids the kernel computes (recomputed prologue nodes included), in node order. */
  readonly nodes: readonly number[];
}

interface Binding extends BindingDecl {
  readonly ref: BindingRef;
}

const refKey = (r: BindingRef) => ("value" in r ? `v${r.value}` : `p${r.param}`);

/** A kernel being assembled: its bindings and its code without their declarations. */
class KernelText {
  bindings: Binding[];
  body: string;
  readonly notes: string[] = [];
  private counter = 0;
  constructor(bindings: Binding[], body: string) {
    this.bindings = bindings;
    this.body = body;
  }
  fresh(prefix: string): string {
    return `${prefix}${this.counter++}`;
  }
  /** The binding name of a value or parameter, declared on first use. */
  bind(ref: BindingRef): string {
    const have = this.bindings.find((b) => refKey(b.ref) === refKey(ref) && b.name !== "out");
    if (have) return have.name;
    const name = this.fresh("value" in ref ? "fx" : "fp");
    this.bindings.push({ name, mode: "value" in ref ? "read_write" : "read", type: "f32", ref });
    return name;
  }
  addFunction(fn: string): void {
    this.body = `${fn}\n${this.body}`;
  }
}

/**
 * `fn NAME(i: u32[, v: f32]) -> f32`: the tree's root at flat element i,
 * with `leaf`'s value (the anchor's) passed as v.
 */
function treeFunction(g: Graph, shapes: readonly Shape[], nodes: readonly number[], name: string, k: KernelText, leaf?: number): string {
  const members = new Set(nodes);
  const ident = new Map<number, string>();
  if (leaf !== undefined) ident.set(leaf, "v");
  const lines: string[] = [];
  for (const id of nodes) {
    const n = g.nodes[id]!;
    for (const i of n.inputs) {
      if (members.has(i) || ident.has(i)) continue;
      const local = `t_x${ident.size}`;
      ident.set(i, local);
      lines.push(`  let ${local} = ${k.bind({ value: i })}[i];`);
    }
    const p = pointwiseOf(n.op, n.inputs.map((i) => shapes[i]!), shapes[id]!, n.attrs);
    if (!p) throw new Error(`internal: node '${n.name}' (${n.op}) is not pointwise but was fused`);
    for (const h of p.helpers ?? []) if (!k.body.includes(h)) k.addFunction(h);
    const expr = p.expr({
      node: n,
      attrs: n.attrs,
      inputs: n.inputs.map((i) => ident.get(i)!),
      inputShapes: n.inputs.map((i) => shapes[i]!),
      out: shapes[id]!,
      index: "i",
      param: (role) => k.bind({ param: n.params[role]! }),
    });
    ident.set(id, `t_v${id}`);
    lines.push(`  let t_v${id} = ${expr}; // ${n.op} '${n.name}'`);
  }
  return `fn ${name}(i: u32${leaf !== undefined ? ", v: f32" : ""}) -> f32 {
${lines.join("\n")}
  return t_v${nodes[nodes.length - 1]!};
}`;
}

/** A node's own kernel as KernelText writing `root`'s value. */
function ownKernelText(g: Graph, plan: KernelPlan, id: number, root: number): { k: KernelText; dispatch: readonly [number, number, number] } {
  const n = g.nodes[id]!;
  const own = plan.kernels[id]!;
  const { decls, body } = splitBindings(own.code);
  const bound = own.boundInputs ?? n.inputs.map((_, j) => j);
  const refs: BindingRef[] = [...bound.map((j) => ({ value: n.inputs[j]! })), ...own.paramRoles.map((r) => ({ param: n.params[r]! })), { value: root }];
  if (refs.length !== decls.length) throw new Error(`internal: kernel of '${n.name}' declares ${decls.length} bindings for ${refs.length} operands`);
  return { k: new KernelText(decls.map((d, j) => ({ ...d, ref: refs[j]! })), body), dispatch: own.dispatch };
}

function groupText(g: Graph, shapes: readonly Shape[], plan: KernelPlan, group: KernelGroup, maxWorkgroups: number) {
  const names = (ids: readonly number[]) => ids.map((id) => `${g.nodes[id]!.op} '${g.nodes[id]!.name}'`).join(" + ");
  if (group.anchor !== undefined) {
    const { k, dispatch } = ownKernelText(g, plan, group.anchor, group.root);
    if (group.tree.length > 0) {
      k.addFunction(treeFunction(g, shapes, group.tree, "epilogue", k, group.anchor));
      k.body = rewriteStores(k.body, (e, v) => `{ let at_ = ${e}; out[at_] = epilogue(at_, ${v}); }`);
      k.notes.push(`kernel: ${names([group.anchor])}, epilogue ${names(group.tree)}`);
    } else k.notes.push(`${names([group.anchor])}`);
    return { k, dispatch };
  }
  const total = elementCount(shapes[group.root]!);
  const groups = Math.max(1, Math.ceil(total / WG));
  const dispatch: [number, number, number] = groups <= maxWorkgroups ? [groups, 1, 1] : [maxWorkgroups, Math.ceil(groups / maxWorkgroups), 1];
  const k = new KernelText([], `${perItem(total, dispatch)}\n  out[i] = tree(i);\n}`);
  k.addFunction(treeFunction(g, shapes, group.tree, "tree", k));
  k.bindings.push({ name: "out", mode: "read_write", type: "f32", ref: { value: group.root } });
  k.notes.push(`fused: ${names(group.tree)}`);
  return { k, dispatch };
}

/**
 * Prologues, views and shared ranges: the edits every kernel gets, whether
 * the group's or another (BN running statistics). Returns the final code.
 */
function finish(g: Graph, shapes: readonly Shape[], part: Partition, k: KernelText): { code: string; refs: BindingRef[]; recomputed: number[] } {
  const recomputed: number[] = [];
  // Prologues: a read of an inlined value becomes a call that recomputes it.
  for (;;) {
    const b = k.bindings.find((x) => "value" in x.ref && part.inlined.has(x.ref.value));
    if (!b) break;
    const v = (b.ref as { value: number }).value;
    const nodes = part.inlined.get(v)!;
    for (const id of nodes) recomputed.push(id);
    k.bindings = k.bindings.filter((x) => x !== b);
    const fn = k.fresh("recompute");
    k.body = rewriteIndexed(k.body, b.name, (e) => `${fn}(${e})`);
    k.addFunction(treeFunction(g, shapes, nodes, fn, k));
    k.notes.push(`recomputes ${nodes.map((id) => `${g.nodes[id]!.op} '${g.nodes[id]!.name}'`).join(" + ")} where read`);
  }
  // Views: a value stored as a slice of a concat's buffer is indexed through the slice map.
  k.bindings = k.bindings.map((b) => {
    if (!("value" in b.ref) || !part.views.has(b.ref.value)) return b;
    let v = b.ref.value;
    const steps: string[] = [];
    for (let view = part.views.get(v); view; view = part.views.get(v)) {
      steps.push(`  e = (e / ${view.len}u) * ${view.total}u + ${view.offset}u + e % ${view.len}u; // in concat '${g.nodes[view.target]!.name}'`);
      v = view.target;
    }
    const fn = k.fresh("slice_of_");
    k.addFunction(`fn ${fn}(at: u32) -> u32 {\n  var e = at;\n${steps.join("\n")}\n  return e;\n}`);
    k.body = rewriteIndexed(k.body, b.name, (e) => `${b.name}[${fn}(${e})]`);
    k.notes.push(`'${g.nodes[b.ref.value]!.name}' lives in concat '${g.nodes[v]!.name}'`);
    return { ...b, ref: { value: v } };
  });
  // One binding per buffer range: WebGPU refuses a writable range bound twice.
  const merged: Binding[] = [];
  for (const b of k.bindings) {
    const first = merged.findIndex((m) => refKey(m.ref) === refKey(b.ref));
    if (first < 0) {
      merged.push(b);
      continue;
    }
    const m = merged[first]!;
    // Keep the output's name so stores stay recognisable; the other name goes.
    const [keepName, drop] = b.name === "out" ? ["out", m.name] : [m.name, b.name];
    k.body = renameIdent(k.body, drop, keepName);
    merged[first] = { ...m, name: keepName, mode: m.mode === "read_write" || b.mode === "read_write" ? "read_write" : "read" };
  }
  // A binding no code reads any more (its reads were recomputed) is dropped, as an automatic layout would.
  const used = merged.filter((b) => mentions(k.body, b.name));
  const header = k.notes.map((n) => `// ${n}`).join("\n");
  // WGSL directives (`enable subgroups;`) must precede every declaration,
  // and the bindings and added functions were put before the kernel's own text.
  const directive = /^\s*enable [\w, ]+;[^\S\n]*\n?/gm;
  const directives = (k.body.match(directive) ?? []).map((d) => d.trim());
  const body = directives.length ? k.body.replace(directive, "") : k.body;
  return { code: `${directives.map((d) => `${d}\n`).join("")}${header}\n${declareBindings(used)}\n${body}`, refs: used.map((b) => b.ref), recomputed };
}

export function emitGroup(g: Graph, shapes: readonly Shape[], plan: KernelPlan, part: Partition, group: KernelGroup, maxWorkgroups: number): EmittedKernel {
  const { k, dispatch } = groupText(g, shapes, plan, group, maxWorkgroups);
  const { code, refs, recomputed } = finish(g, shapes, part, k);
  return { code, dispatch, refs, nodes: [...new Set([...group.nodes, ...recomputed])].sort((a, b) => a - b) };
}

/** A kernel from outside the graph's lowering (BN running statistics) with the same prologue and view edits. */
export function emitExtra(g: Graph, shapes: readonly Shape[], part: Partition, code: string, refs: readonly BindingRef[], note: string): { code: string; refs: BindingRef[] } {
  const { decls, body } = splitBindings(code);
  const k = new KernelText(decls.map((d, j) => ({ ...d, ref: refs[j]! })), body);
  k.notes.push(note);
  const r = finish(g, shapes, part, k);
  return { code: r.code, refs: r.refs };
}
