// Which buffer a kernel binding holds. Kernels declare bindings by role
// (core/kernel/binding.ts): a node's kernel says "input 1", "param
// 'weight'", "output", and fusion's own bindings (a value a tree function
// reads, the concat buffer a view lives in, the BN running statistics) say
// it with an `extra` key: "value:12", "param:conv1.weight". A program binds
// the buffer range of the value or parameter the role resolves to.

import type { Node } from "../../../core/ir/graph.js";
import type { Binding } from "../../../core/kernel/index.js";

/** What a binding holds: a value of the graph (its range in the arena or gradient buffer) or a parameter. */
export type BindingRef = { readonly value: number } | { readonly param: string };

/** One string per buffer range, to find bindings of one range. */
export const refKey = (r: BindingRef): string => ("value" in r ? `v${r.value}` : `p${r.param}`);

const VALUE = "value:";
const PARAM = "param:";

/** The `extra` key of a binding that holds value `id`. */
export const valueKey = (id: number): string => `${VALUE}${id}`;

/** The `extra` key of a binding that holds parameter `name`. */
export const paramKey = (name: string): string => `${PARAM}${name}`;

/** The key's value or parameter (keys are made by valueKey and paramKey only). */
function refOfKey(key: string): BindingRef {
  if (key.startsWith(VALUE)) {
    const id = Number(key.slice(VALUE.length));
    if (Number.isInteger(id) && id >= 0) return { value: id };
  }
  if (key.startsWith(PARAM) && key.length > PARAM.length) return { param: key.slice(PARAM.length) };
  throw new Error(`internal: binding key '${key}' names no value or parameter`);
}

/**
 * How the bindings of a kernel resolve: the roles of `node`'s own kernel
 * (its inputs, its parameters, and its output, which holds `root`: the
 * value the node's group writes), and extra keys. Without a node, only
 * extra keys and an output (`root`) resolve.
 */
export function refResolver(node: Node | undefined, root: number | undefined): (b: Binding) => BindingRef {
  return (b) => {
    const r = b.role;
    switch (r.kind) {
      case "extra":
        return refOfKey(r.key);
      case "output":
        if (root === undefined) break;
        return { value: root };
      case "input": {
        const v = node?.inputs[r.index];
        if (v === undefined) break;
        return { value: v };
      }
      case "param": {
        const p = node?.params[r.role];
        if (p === undefined) break;
        return { param: p };
      }
    }
    throw new Error(`internal: ${b.describe()} binds nothing${node ? ` of node '${node.name}'` : ""}`);
  };
}
