// Rendering: the one place where a kernel description becomes WGSL text.
// Nothing parses the text back; every question about a kernel is asked of
// its description (rewrite.ts). The output is meant to be read (dumped
// kernels, golden files), so it keeps the author's text as written and
// heads it with the notes naming the IR nodes it computes.
//
// Layout:
//   enable …;                          directives must precede every declaration
//   // notes
//   @group(0) @binding(k) var<storage, MODE> NAME: array<T>;
//   functions, in order
//   body

import type { Binding } from "./binding.js";
import type { Code, Segment } from "./code.js";
import type { KernelDesc } from "./desc.js";

/**
 * WGSL names for the bindings, in order: each its hint if free, else the
 * hint with the first free `_<k>` suffix. Hints lie in a namespace kernel
 * text keeps out of (binding.ts), so the names only need to differ from
 * each other.
 */
export function bindingNames(bindings: readonly Binding[]): Map<Binding, string> {
  const taken = new Set<string>();
  const names = new Map<Binding, string>();
  for (const b of bindings) {
    if (names.has(b)) throw new Error(`internal: ${b.describe()} is declared twice in one kernel`);
    let name = b.hint;
    for (let k = 1; taken.has(name); k++) name = `${b.hint}_${k}`;
    taken.add(name);
    names.set(b, name);
  }
  return names;
}

function renderCode(c: Code, names: ReadonlyMap<Binding, string>): string {
  return c.map((s) => renderSegment(s, names)).join("");
}

function renderSegment(s: Segment, names: ReadonlyMap<Binding, string>): string {
  if (typeof s === "string") return s;
  const name = names.get(s.binding);
  if (name === undefined) throw new Error(`internal: kernel code uses ${s.binding.describe()}, which the kernel does not declare`);
  switch (s.kind) {
    case "load":
      return `${name}[${renderCode(s.index, names)}]`;
    case "store":
      return `${name}[${renderCode(s.index, names)}] = ${renderCode(s.value, names)};`;
    case "ref":
      return name;
    case "keepAlive":
      return `_ = &${name};`;
  }
}

/** `@group(0) @binding(k) var<storage, MODE> NAME: array<T>;` */
function declaration(b: Binding, k: number, name: string): string {
  return `@group(0) @binding(${k}) var<storage, ${b.access}> ${name}: array<${b.type}>;`;
}

/** The kernel as a WGSL module. */
export function renderWgsl(desc: KernelDesc): string {
  const names = bindingNames(desc.bindings);
  const seen = new Set<string>();
  for (const f of desc.functions) {
    if (seen.has(f.name)) throw new Error(`internal: kernel function '${f.name}' is declared twice`);
    seen.add(f.name);
  }
  const lines = [
    ...desc.enables.map((e) => `enable ${e};`),
    ...desc.notes.flatMap((n) => n.split("\n")).map((n) => `// ${n}`),
    ...desc.bindings.map((b, k) => declaration(b, k, names.get(b)!)),
    ...desc.functions.map((f) => renderCode(f.code, names)),
    renderCode(desc.body, names),
  ];
  return lines.join("\n");
}

/** One piece of code alone, with names as renderWgsl would give them in `desc` (for messages and tests). */
export function renderCodeIn(desc: KernelDesc, c: Code): string {
  return renderCode(c, bindingNames(desc.bindings));
}
