// Structural queries and rewrites: the operations fusion needs, on the
// segment tree of a description, never on text. Every one walks the body
// and every function (a GEMM's operand reads live in `loadA`, its stores in
// `storeC`), and recurses into the indices of loads and stores and into
// stored values.
//
// Rewrites are bottom-up: a replacement is computed from a load's index
// after that index was itself rewritten (`x[x[i]]` becomes `f(f(i))`), and
// the replacement is not walked again, so it may mention the binding it
// replaces (`x[slice_of(e)]`) without looping.

import type { Access, Binding } from "./binding.js";
import { code, type Code, type Hole, type Load, type Segment } from "./code.js";
import type { KernelDesc } from "./desc.js";

/** The code of a description: body and functions. */
function codesOf(desc: KernelDesc): Code[] {
  return [desc.body, ...desc.functions.map((f) => f.code)];
}

/** Calls `visit` on every hole, nested ones included. */
function walk(c: Code, visit: (h: Hole) => void): void {
  for (const s of c) {
    if (typeof s === "string") continue;
    visit(s);
    if (s.kind === "load") walk(s.index, visit);
    else if (s.kind === "store") {
      walk(s.index, visit);
      walk(s.value, visit);
    }
  }
}

/**
 * `c` with every hole for which `replace` returns Code replaced by that
 * Code (undefined keeps it). Children are rewritten first and passed in.
 */
function transform(c: Code, replace: (h: Hole) => Code | undefined): Code {
  const out: Segment[] = [];
  for (const s of c) {
    if (typeof s === "string") {
      out.push(s);
      continue;
    }
    let h: Hole = s;
    if (s.kind === "load") h = { ...s, index: transform(s.index, replace) };
    else if (s.kind === "store") h = { ...s, index: transform(s.index, replace), value: transform(s.value, replace) };
    const r = replace(h);
    if (r === undefined) out.push(h);
    else out.push(...r);
  }
  return code(out);
}

function transformDesc(desc: KernelDesc, replace: (h: Hole) => Code | undefined): KernelDesc {
  return {
    ...desc,
    body: transform(desc.body, replace),
    functions: desc.functions.map((f) => ({ ...f, code: transform(f.code, replace) })),
  };
}

/** How a binding is used: counts of each kind of hole. */
export interface Usage {
  readonly loads: number;
  readonly stores: number;
  readonly refs: number;
  readonly keepAlives: number;
}

export function usage(desc: KernelDesc, b: Binding): Usage {
  const n = { loads: 0, stores: 0, refs: 0, keepAlives: 0 };
  for (const c of codesOf(desc)) {
    walk(c, (h) => {
      if (h.binding !== b) return;
      if (h.kind === "load") n.loads++;
      else if (h.kind === "store") n.stores++;
      else if (h.kind === "ref") n.refs++;
      else n.keepAlives++;
    });
  }
  return n;
}

/** Whether any code names `b`, keep-alives included. */
export function mentions(desc: KernelDesc, b: Binding): boolean {
  const u = usage(desc, b);
  return u.loads + u.stores + u.refs + u.keepAlives > 0;
}

/**
 * Whether `b` is only read, element by element (`NAME[e]`), keep-alives
 * aside: then each read may be recomputed or remapped. A Ref (arrayLength,
 * a pointer) or a store rules that out.
 */
export function readsOnlyByIndex(desc: KernelDesc, b: Binding): boolean {
  const u = usage(desc, b);
  return u.refs === 0 && u.stores === 0;
}

/** Whether `b` is only written, each time by a whole Store statement (keep-alives aside): then each store may take an epilogue. */
export function writesOnlyByStore(desc: KernelDesc, b: Binding): boolean {
  const u = usage(desc, b);
  return u.refs === 0 && u.loads === 0;
}

/** Every load of `b` replaced by `f(index)` (the index already rewritten). */
export function mapLoads(desc: KernelDesc, b: Binding, f: (index: Code) => Code): KernelDesc {
  return transformDesc(desc, (h) => (h.kind === "load" && h.binding === b ? f(h.index) : undefined));
}

/**
 * Every load of `from` becomes a load of `to`, at `remapIndex(index)` when
 * given (a value that lives as a slice of a bigger buffer). `to` is
 * declared right after `from` if the kernel does not declare it yet.
 */
export function retargetLoads(desc: KernelDesc, from: Binding, to: Binding, remapIndex?: (index: Code) => Code): KernelDesc {
  const next = mapLoads(desc, from, (index): Code => [{ kind: "load", binding: to, index: remapIndex ? remapIndex(index) : index } satisfies Load]);
  if (next.bindings.includes(to)) return next;
  const at = next.bindings.indexOf(from);
  const bindings = [...next.bindings];
  bindings.splice(at < 0 ? bindings.length : at + 1, 0, to);
  return { ...next, bindings };
}

/** Every store statement to `b` replaced by `f(index, value)`, which must be a statement (or a block) itself. */
export function mapStores(desc: KernelDesc, b: Binding, f: (index: Code, value: Code) => Code): KernelDesc {
  return transformDesc(desc, (h) => (h.kind === "store" && h.binding === b ? f(h.index, h.value) : undefined));
}

/**
 * `from` and `to` become one binding (they name one buffer range, which
 * WebGPU does not allow to be bound twice when writable): every hole of
 * either names the merged binding, which takes `to`'s place (or `from`'s
 * when `to` is not declared) and is read_write if either was. The merged
 * binding is `to` itself when its access already suffices, else a new
 * object with `to`'s role, type and hint: connect bindings to buffers by
 * role, not by object, across this call.
 */
export function replaceBinding(desc: KernelDesc, from: Binding, to: Binding): KernelDesc {
  if (from === to) return desc;
  if (from.type !== to.type) throw new Error(`internal: cannot merge ${from.describe()} (${from.type}) into ${to.describe()} (${to.type})`);
  const declared = (b: Binding) => desc.bindings.includes(b);
  const access: Access = from.access === "read_write" || to.access === "read_write" ? "read_write" : "read";
  const merged = access === to.access ? to : to.withAccess(access);
  const renamed = transformDesc(desc, (h) => (h.binding === from || h.binding === to ? [{ ...h, binding: merged }] : undefined));
  const bindings: Binding[] = [];
  for (const b of desc.bindings) {
    if (b === to || (b === from && !declared(to))) bindings.push(merged);
    else if (b !== from) bindings.push(b);
  }
  return { ...renamed, bindings };
}

/**
 * Bindings that no code uses any more (their reads were recomputed) are
 * removed, with their keep-alives, as an automatic layout would drop them.
 * A keep-alive is how a kernel keeps an unread binding *in its own* layout;
 * once fusion has rewritten the kernel, the layout is fusion's to decide.
 */
export function dropUnusedBindings(desc: KernelDesc): KernelDesc {
  const unused = new Set(
    desc.bindings.filter((b) => {
      const u = usage(desc, b);
      return u.loads + u.stores + u.refs === 0;
    }),
  );
  if (unused.size === 0) return desc;
  const stripped = transformDesc(desc, (h) => (h.kind === "keepAlive" && unused.has(h.binding) ? [] : undefined));
  return { ...stripped, bindings: desc.bindings.filter((b) => !unused.has(b)) };
}

/** The bindings any code of `desc` names, declared or not, in first-use order (for checks). */
export function bindingsUsed(desc: KernelDesc): Binding[] {
  const found: Binding[] = [];
  for (const c of codesOf(desc)) {
    walk(c, (h) => {
      if (!found.includes(h.binding)) found.push(h.binding);
    });
  }
  return found;
}
