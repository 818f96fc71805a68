// A kernel being fused: a KernelDesc (core/kernel) that fusion rewrites
// step by step, the notes naming what it added, and a resolver from each
// binding to the buffer range it holds (refs.ts). Bindings fusion adds are
// `extra` bindings keyed by their value or parameter and named fx<k> /
// fp<k>; helper functions it adds get fresh names from the same counter
// (recompute<k>, slice_of_<k>), so every name in a fused kernel is unique.

import {
  Binding,
  dropUnusedBindings,
  load,
  mapLoads,
  mapStores,
  store,
  withBinding,
  withFunctionFirst,
  type Code,
  type KernelDesc,
  type KernelFunction,
} from "../../../core/kernel/index.js";
import { paramKey, refKey, valueKey, type BindingRef } from "./refs.js";

export class KernelDraft {
  desc: KernelDesc;
  /** Fusion's notes, rendered before the kernel's own. */
  readonly notes: string[] = [];
  readonly refOf: (b: Binding) => BindingRef;
  /**
   * The binding the kernel stores its result through: its output, or what
   * replaced it (a concat's buffer, a merged range). Merges keep its name,
   * so the stores read as `out[…] = …`.
   */
  storeTarget: Binding | undefined;
  private counter = 0;

  constructor(desc: KernelDesc, refOf: (b: Binding) => BindingRef) {
    this.desc = desc;
    this.refOf = refOf;
    this.storeTarget = outputBinding(desc);
  }

  fresh(prefix: string): string {
    return `${prefix}${this.counter++}`;
  }

  /**
   * The binding of a value or parameter, declared (last) on first use. The
   * output is never reused for a read: it stays the kernel's store target,
   * and a value that is also read gets its own binding, merged at the end.
   */
  bind(ref: BindingRef): Binding {
    const key = refKey(ref);
    const have = this.desc.bindings.find((b) => b.role.kind !== "output" && refKey(this.refOf(b)) === key);
    if (have) return have;
    const b =
      "value" in ref
        ? new Binding({ role: { kind: "extra", key: valueKey(ref.value) }, hint: this.fresh("fx") })
        : new Binding({ role: { kind: "extra", key: paramKey(ref.param) }, access: "read", hint: this.fresh("fp") });
    this.desc = withBinding(this.desc, b);
    return b;
  }

  /** Declares `f` before the kernel's other functions (it is added after them; readers see it first, as before). */
  addFunction(f: KernelFunction): void {
    this.desc = withFunctionFirst(this.desc, f);
  }
}

/** The output binding of a kernel, if it has one. */
export function outputBinding(desc: KernelDesc): Binding | undefined {
  return desc.bindings.find((b) => b.role.kind === "output");
}

/** `desc` without binding `b`, which no code may load, store or name any more; its keep-alives go with it. */
export function withoutBinding(desc: KernelDesc, b: Binding): KernelDesc {
  // dropUnusedBindings decides only about declared bindings: declaring `b` alone limits it to `b`.
  const alone = dropUnusedBindings({ ...desc, bindings: [b] });
  if (alone.bindings.length > 0) throw new Error(`internal: ${b.describe()} is still used and cannot be dropped`);
  return { ...alone, bindings: desc.bindings.filter((x) => x !== b) };
}

/**
 * Every load and store of `from` becomes one of `to` at `remap(index)`,
 * and `to` takes `from`'s place in the bindings (`from`'s keep-alives go).
 */
export function rebind(desc: KernelDesc, from: Binding, to: Binding, remap: (index: Code) => Code): KernelDesc {
  const at = desc.bindings.indexOf(from);
  let d = mapLoads(desc, from, (index): Code => [load(to, remap(index))]);
  d = mapStores(d, from, (index, value): Code => [store(to, remap(index), value)]);
  d = withoutBinding(d, from);
  const bindings = [...d.bindings];
  bindings.splice(at < 0 ? bindings.length : at, 0, to);
  return { ...d, bindings };
}
