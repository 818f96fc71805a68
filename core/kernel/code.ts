// Code templates with structured holes. A kernel's WGSL is written as text,
// but every place where it touches a storage buffer is a typed segment that
// names the Binding object, not its WGSL name:
//
//   Load       NAME[index]             a read of one element
//   Store      NAME[index] = value;    a whole statement writing one element
//   Ref        NAME                    any other use (arrayLength(&NAME))
//   KeepAlive  _ = &NAME;              keeps an unread binding in an automatic layout
//
// Fusion needs to know exactly those places (a read it may recompute, a
// store it may extend with an epilogue), and with segments it finds them by
// walking an array instead of by scanning text. Plain text segments are
// never inspected: what is not a segment is opaque by design.
//
// Names are chosen only when the kernel is rendered (render.ts), so a
// binding can be merged, retargeted or dropped without renaming anything.

import type { Binding } from "./binding.js";

export interface Load {
  readonly kind: "load";
  readonly binding: Binding;
  readonly index: Code;
}

export interface Store {
  readonly kind: "store";
  readonly binding: Binding;
  readonly index: Code;
  readonly value: Code;
}

export interface Ref {
  readonly kind: "ref";
  readonly binding: Binding;
}

export interface KeepAlive {
  readonly kind: "keepAlive";
  readonly binding: Binding;
}

/** A segment that names a binding. */
export type Hole = Load | Store | Ref | KeepAlive;

/** Plain WGSL text, or a hole. */
export type Segment = string | Hole;

/** A piece of WGSL: segments in order. Adjacent strings are merged and empty ones dropped by every constructor here. */
export type Code = readonly Segment[];

/** What `index` and `value` positions accept: text, a number, Code, or a single hole (`x.at(idx.at("i"))`). */
export type CodeLike = string | number | Code | Hole;

/** What a `wgsl` template interpolates: text, a number, Code, a hole, or a Binding (a Ref). */
export type Interpolable = CodeLike | Binding;

const isHole = (x: object): x is Hole => "kind" in x && typeof x.kind === "string" && "binding" in x;

/** Appends one segment, merging text into a trailing text segment. */
function push(out: Segment[], s: Segment): void {
  if (typeof s !== "string") {
    out.push(s);
    return;
  }
  if (s === "") return;
  const last = out.length - 1;
  if (last >= 0 && typeof out[last] === "string") out[last] = (out[last] as string) + s;
  else out.push(s);
}

/** The segments of any interpolable value, in normal form. */
export function code(...parts: readonly Interpolable[]): Code {
  const out: Segment[] = [];
  for (const p of parts) {
    if (typeof p === "string") push(out, p);
    else if (typeof p === "number") push(out, String(p));
    else if (Array.isArray(p)) for (const s of p as Code) push(out, s);
    else if (isHole(p as object)) push(out, p as Hole);
    // What is left is a Binding (the type admits nothing else): its bare name.
    else push(out, { kind: "ref", binding: p as Binding });
  }
  return out;
}

/**
 * Tagged template building Code: `wgsl\`max(${x.at("i")}, 0.0)\``. Strings
 * and numbers become text, Code is spliced, holes are inserted, and a
 * Binding inserts a Ref (its bare name).
 */
export function wgsl(strings: TemplateStringsArray, ...values: readonly Interpolable[]): Code {
  const parts: Interpolable[] = [];
  strings.forEach((s, k) => {
    parts.push(s);
    if (k < values.length) parts.push(values[k]!);
  });
  return code(...parts);
}

export function load(binding: Binding, index: CodeLike): Load {
  return { kind: "load", binding, index: code(index) };
}

export function store(binding: Binding, index: CodeLike, value: CodeLike): Store {
  return { kind: "store", binding, index: code(index), value: code(value) };
}

export function ref(binding: Binding): Ref {
  return { kind: "ref", binding };
}

export function keepAlive(binding: Binding): KeepAlive {
  return { kind: "keepAlive", binding };
}

/** Code items joined by a separator (`join(terms, " + ")`). */
export function join(items: readonly Interpolable[], separator: string): Code {
  const parts: Interpolable[] = [];
  items.forEach((x, k) => {
    if (k > 0) parts.push(separator);
    parts.push(x);
  });
  return code(...parts);
}

/** Structural equality; bindings compare by identity. */
export function codeEquals(a: Code, b: Code): boolean {
  if (a.length !== b.length) return false;
  return a.every((s, k) => segmentEquals(s, b[k]!));
}

function segmentEquals(a: Segment, b: Segment): boolean {
  if (typeof a === "string" || typeof b === "string") return a === b;
  if (a.kind !== b.kind || a.binding !== b.binding) return false;
  if (a.kind === "load" && b.kind === "load") return codeEquals(a.index, b.index);
  if (a.kind === "store" && b.kind === "store") return codeEquals(a.index, b.index) && codeEquals(a.value, b.value);
  return true;
}

/**
 * A WGSL f32 literal: always with a point or an exponent (`1.0`, never `1`,
 * which WGSL would type as an integer), sign of zero kept. Non-finite and
 * out-of-range values have no f32 literal: they are a compiler bug here
 * rather than a shader compilation error later.
 */
export function f32(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`internal: non-finite constant ${x} in a kernel`);
  if (Math.abs(x) > 3.4028234663852886e38) throw new Error(`internal: constant ${x} is out of f32 range`);
  if (Object.is(x, -0)) return "-0.0";
  const s = String(x);
  return s.includes(".") || s.includes("e") ? s : `${s}.0`;
}

/** A WGSL u32 literal (`12u`). */
export function u32(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`internal: ${n} is not a u32 constant`);
  return `${n}u`;
}
