// The kernel description: everything a WGSL compute module needs, as data.
// A kernel file builds one (KernelBuilder), fusion rewrites it (rewrite.ts),
// and render.ts turns it into WGSL text, last. Descriptions are immutable
// values: rewrites return new ones, so a lowering's description can be
// inspected and fused in several ways without one use disturbing another.

import { Binding, type BindingSpec, type ElemType, type Access } from "./binding.js";
import { codeEquals, type Code } from "./code.js";

/** WGSL extensions a kernel may need (`enable NAME;`), rendered before any declaration. */
export type Enable = "subgroups" | "f16";

export type Dispatch = readonly [number, number, number];

/**
 * A module-scope declaration with a name: a helper function, or a
 * `var<workgroup>` array with the functions that use it. Deduplicated by
 * name, so an expression that calls `sigmoid_` twice, or two fused nodes
 * that both need it, emit it once. The name is what deduplicates; the code
 * must declare it (nothing reads the text to check).
 */
export interface KernelFunction {
  readonly name: string;
  readonly code: Code;
}

export interface KernelDesc {
  readonly enables: readonly Enable[];
  /** Comment lines: what the kernel computes, naming the IR nodes it fuses. */
  readonly notes: readonly string[];
  /** In binding order: binding k is `@binding(k)`. */
  readonly bindings: readonly Binding[];
  /** Module-scope declarations, emitted in this order before the body. */
  readonly functions: readonly KernelFunction[];
  /** The entry point, `fn main`, with its attributes. */
  readonly body: Code;
  readonly dispatch: Dispatch;
}

export function kernelFn(name: string, code: Code): KernelFunction {
  return { name, code };
}

/** `desc` with `f` added, unless one of that name is there (then it must be the same code). */
export function withFunction(desc: KernelDesc, f: KernelFunction): KernelDesc {
  const have = desc.functions.find((g) => g.name === f.name);
  if (have) {
    if (!codeEquals(have.code, f.code)) throw new Error(`internal: two different definitions of kernel function '${f.name}'`);
    return desc;
  }
  return { ...desc, functions: [...desc.functions, f] };
}

/** `desc` with `f` declared before every other function (for helpers that functions already there call: WGSL does not care about order, readers do). */
export function withFunctionFirst(desc: KernelDesc, f: KernelFunction): KernelDesc {
  const added = withFunction(desc, f);
  if (added === desc) return desc;
  return { ...desc, functions: [f, ...desc.functions] };
}

/** `desc` with binding `b` appended, unless it is already there. */
export function withBinding(desc: KernelDesc, b: Binding): KernelDesc {
  return desc.bindings.includes(b) ? desc : { ...desc, bindings: [...desc.bindings, b] };
}

export function withNote(desc: KernelDesc, note: string): KernelDesc {
  return { ...desc, notes: [...desc.notes, note] };
}

export function withEnable(desc: KernelDesc, e: Enable): KernelDesc {
  return desc.enables.includes(e) ? desc : { ...desc, enables: [...desc.enables, e] };
}

interface BindOptions {
  readonly type?: ElemType;
  readonly access?: Access;
  readonly hint?: string;
}

/**
 * Declares a kernel's parts in order. Bindings are numbered in the order
 * they are declared, so a kernel following the lowering contract declares
 * its inputs, then its parameters, then its output.
 */
export class KernelBuilder {
  private readonly bindingList: Binding[] = [];
  private readonly functionList: KernelFunction[] = [];
  private readonly enableList: Enable[] = [];
  private readonly noteList: string[] = [];
  body: Code = [];
  dispatch: Dispatch = [1, 1, 1];

  /** Declares `b` (a Binding made elsewhere, or from a spec). */
  bind(b: Binding | BindingSpec): Binding {
    const binding = b instanceof Binding ? b : new Binding(b);
    if (this.bindingList.includes(binding)) throw new Error(`internal: ${binding.describe()} declared twice`);
    this.bindingList.push(binding);
    return binding;
  }

  /** The node's j-th input (read_write, see binding.ts). */
  input(index: number, options: BindOptions = {}): Binding {
    return this.bind({ role: { kind: "input", index }, ...options });
  }

  /** A parameter by role (read). */
  param(role: string, options: BindOptions = {}): Binding {
    return this.bind({ role: { kind: "param", role }, ...options });
  }

  output(options: BindOptions = {}): Binding {
    return this.bind({ role: { kind: "output" }, ...options });
  }

  /** A binding outside the node contract; its key says what it holds. */
  extra(key: string, options: BindOptions = {}): Binding {
    return this.bind({ role: { kind: "extra", key }, ...options });
  }

  /** Adds module-scope declarations (deduplicated by name). */
  use(...fs: readonly KernelFunction[]): this {
    for (const f of fs) {
      const have = this.functionList.find((g) => g.name === f.name);
      if (!have) this.functionList.push(f);
      else if (!codeEquals(have.code, f.code)) throw new Error(`internal: two different definitions of kernel function '${f.name}'`);
    }
    return this;
  }

  enable(e: Enable): this {
    if (!this.enableList.includes(e)) this.enableList.push(e);
    return this;
  }

  note(line: string): this {
    this.noteList.push(line);
    return this;
  }

  build(): KernelDesc {
    return {
      enables: [...this.enableList],
      notes: [...this.noteList],
      bindings: [...this.bindingList],
      functions: [...this.functionList],
      body: this.body,
      dispatch: this.dispatch,
    };
  }
}

export function newKernel(): KernelBuilder {
  return new KernelBuilder();
}
