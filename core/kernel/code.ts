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

// The segment types, their normal form (code) and the load and store
// constructors live in binding.ts beside Binding, whose at() and set() make
// them: a Binding and the holes that name it refer to each other, and one
// file keeps that from being an import cycle. They are exported here too,
// where the rest of the segment vocabulary is.
import { code, type Binding, type Code, type Interpolable, type KeepAlive, type Ref, type Segment } from "./binding.js";

export { code, load, store, type Code, type CodeLike, type Hole, type Interpolable, type KeepAlive, type Load, type Ref, type Segment, type Store } from "./binding.js";

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
