// The network as a torch.nn.Module: one submodule per dlc layer with
// parameters (at the path its parameter names give, so that state_dict()
// keys are exactly dlc's names: `layer1.basic2.conv1.weight` is the
// `weight` of `self.layer1.basic2.conv1`, block scopes becoming plain
// nn.Module containers), and a forward that mirrors the graph, one line per
// node in graph order. Each node's Python comes from its op's
// ops/<name>/torch.ts (ops/torch_exports.ts); the helpers those forms name
// (small modules for ops without a PyTorch twin) are collected for the file.

import { formatShape, type Graph, type Node } from "../../../core/ir/graph.js";
import type { PyHelper, TorchArgs, TorchForm, TorchNode } from "../../../ops/torch_export.js";
import { torchExports } from "../../../ops/torch_exports.js";
import { isAttributeName, LocalNames } from "./names.js";

/** A bug in dlc (an op's form disagrees with the graph), not a user error. */
export class ExportBug extends Error {}

/** One submodule: its dotted path, constructor, and the node that made it. */
interface Submodule {
  readonly path: string;
  readonly init: string;
  readonly node: string;
}

export interface ModuleSource {
  /** The class definition. */
  readonly code: string;
  /** Helpers the forms use, each once, in first-use order. */
  readonly helpers: readonly PyHelper[];
  /** The forward's argument names, in graph input order (the inputs' names, made safe). */
  readonly args: readonly string[];
}

const BATCH = "batch";

/** The Python names a forward's locals must not take: the file's own globals and what forward uses. */
function reservedNames(helpers: readonly PyHelper[]): string[] {
  return ["self", "torch", "nn", "F", "math", "json", "os", "struct", BATCH, ...helpers.map((h) => h.name)];
}

function torchNode(g: Graph, n: Node): TorchNode {
  const params: Record<string, readonly number[]> = {};
  for (const [role, name] of Object.entries(n.params)) params[role] = g.params.get(name)!.shape;
  return { attrs: n.attrs, inputs: n.inputs.map((i) => g.nodes[i]!.shape), out: n.shape, params };
}

function formOf(g: Graph, n: Node): TorchForm {
  const ex = torchExports[n.op];
  if (!ex) throw new ExportBug(`op '${n.op}' (node '${n.name}') has no PyTorch export (ops/${n.op}/torch.ts)`);
  return ex.form(torchNode(g, n));
}

/** The submodule path shared by a node's parameters: `conv1.weight` with key `weight` → `conv1`. */
function pathOf(n: Node, state: Readonly<Record<string, string>>): string {
  let path: string | undefined;
  for (const [role, name] of Object.entries(n.params)) {
    const key = state[role];
    if (key === undefined) throw new ExportBug(`the PyTorch form of '${n.op}' does not say where parameter role '${role}' (node '${n.name}') goes`);
    if (!name.endsWith(`.${key}`)) throw new ExportBug(`parameter '${name}' of node '${n.name}' does not end in '.${key}', its key in the PyTorch module`);
    const p = name.slice(0, -key.length - 1);
    if (path !== undefined && p !== path) throw new ExportBug(`the parameters of node '${n.name}' lie under two paths, '${path}' and '${p}'`);
    path = p;
  }
  if (path === undefined) throw new ExportBug(`node '${n.name}' (${n.op}) has a module form but no parameters`);
  return path;
}

/**
 * How a submodule is reached from `self`: `self.layer1.conv1`, or by key
 * (`self._modules["eval"]`) where the name is no Python attribute, or is
 * the child of a layer rather than of a plain container (it could clash
 * with the layer's own attributes, such as a conv's `stride`).
 */
function refOf(leaves: ReadonlySet<string>): (path: string) => string {
  const ref = (path: string): string => {
    const cut = path.lastIndexOf(".");
    const parent = cut < 0 ? "" : path.slice(0, cut);
    const seg = path.slice(cut + 1);
    const owner = parent === "" ? "self" : ref(parent);
    return isAttributeName(seg) && !leaves.has(parent) ? `${owner}.${seg}` : `${owner}._modules[${JSON.stringify(seg)}]`;
  };
  return ref;
}

/** The __init__ lines that build the submodules in graph order, each block scope's container just before its first layer. */
function initLines(subs: readonly Submodule[], ref: (path: string) => string): string[] {
  const lines: string[] = [];
  const leaves = new Map(subs.map((s) => [s.path, s]));
  const made = new Set<string>();
  const build = (path: string): void => {
    if (made.has(path)) return;
    const cut = path.lastIndexOf(".");
    if (cut >= 0) build(path.slice(0, cut));
    const leaf = leaves.get(path);
    lines.push(leaf ? `${ref(path)} = ${leaf.init}` : `${ref(path)} = nn.Module()  # a block scope`);
    made.add(path);
  };
  for (const s of subs) build(s.path);
  return lines;
}

/** The class `cls` for forward graph `g`. */
export function moduleSource(g: Graph, cls: string): ModuleSource {
  const helpers = new Map<string, PyHelper>();
  const forms = g.nodes.map((n) => {
    const f = n.op === "input" ? undefined : formOf(g, n);
    for (const h of torchExports[n.op]?.helpers ?? []) if (!helpers.has(h.name)) helpers.set(h.name, h);
    return f;
  });
  const helperList = [...helpers.values()];

  // Submodules: one per distinct path; a shared layer's later uses call the same one.
  const subs = new Map<string, Submodule>();
  const moduleOf = new Map<number, string>();
  for (const n of g.nodes) {
    const f = forms[n.id];
    if (f?.kind !== "module") {
      if (Object.keys(n.params).length > 0) throw new ExportBug(`node '${n.name}' (${n.op}) has parameters, but its PyTorch form is not a module`);
      continue;
    }
    const path = pathOf(n, f.state);
    const seen = subs.get(path);
    if (seen && seen.init !== f.init) throw new ExportBug(`nodes '${seen.node}' and '${n.name}' share '${path}' but build it differently: ${seen.init} and ${f.init}`);
    if (!seen) subs.set(path, { path, init: f.init, node: n.name });
    moduleOf.set(n.id, path);
  }

  const ref = refOf(new Set(subs.keys()));

  // Forward: a local per node; inputs are the arguments.
  const names = new LocalNames(reservedNames(helperList));
  const local: string[] = [];
  const args: string[] = [];
  for (const id of g.inputs) {
    const v = names.fresh(g.nodes[id]!.name);
    local[id] = v;
    args.push(v);
  }
  let usesBatch = false;
  const body: string[] = [];
  // A value is dropped after its last use (`del`), as code that reuses `x`
  // would drop it: without that, inference under no_grad would hold every
  // activation of the network until forward returns.
  const lastUse = g.nodes.map((n) => n.id);
  for (const n of g.nodes) for (const i of n.inputs) lastUse[i] = Math.max(lastUse[i]!, n.id);
  const kept = new Set<number>([...g.inputs, ...g.outputs.map((o) => o.node)]);
  for (const n of g.nodes) {
    if (n.op === "input") continue;
    const inputs = n.inputs.map((i) => local[i]!);
    const a: TorchArgs = {
      inputs,
      get batch() {
        usesBatch = true;
        return BATCH;
      },
    };
    const f = forms[n.id]!;
    let expr: string;
    if (f.kind === "module") {
      const m = ref(moduleOf.get(n.id)!);
      expr = f.call ? f.call(m, a) : `${m}(${inputs.join(", ")})`;
    } else {
      expr = f.expr(a);
    }
    const v = names.fresh(n.name);
    local[n.id] = v;
    body.push(`${v} = ${expr}  # ${n.op} ${formatShape(n.shape)}`);
    const dead = [...new Set([...n.inputs, n.id])].filter((i) => lastUse[i] === n.id && !kept.has(i));
    if (dead.length > 0) body.push(`del ${dead.map((i) => local[i]).join(", ")}`);
  }
  // The batch size, for ops without an input (a learned tensor): the first input's, or an argument.
  if (usesBatch && args.length > 0) body.unshift(`${BATCH} = ${args[0]}.shape[0]`);
  if (usesBatch && args.length === 0) args.push(BATCH);
  const outs = g.outputs.map((o) => ({ name: o.name, v: local[o.node]! }));
  body.push(outs.length === 1 ? `return ${outs[0]!.v}` : `return {${outs.map((o) => `${JSON.stringify(o.name)}: ${o.v}`).join(", ")}}`);

  const inputDoc = g.inputs.map((id) => `${local[id]}: [N, ${g.nodes[id]!.shape.join(", ")}] ${g.nodes[id]!.dtype === "i32" ? "int" : "float32"}`);
  const outputDoc = g.outputs.map((o) => `${o.name}: [N, ${g.nodes[o.node]!.shape.join(", ")}]`);
  const init = initLines([...subs.values()], ref);
  const code = [
    `class ${cls}(nn.Module):`,
    `    """dlc network '${g.name}'.`,
    ``,
    `    Inputs:  ${inputDoc.join("; ")}`,
    `    Outputs: ${outputDoc.join("; ")}${outs.length > 1 ? " (a dict by output name)" : ""}`,
    `    """`,
    ``,
    `    def __init__(self):`,
    `        super().__init__()`,
    ...init.map((l) => `        ${l}`),
    ``,
    `    def forward(self, ${args.join(", ")}):`,
    ...body.map((l) => `        ${l}`),
  ].join("\n");
  return { code, helpers: helperList, args };
}
