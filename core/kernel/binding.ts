// A storage binding of a kernel: one `array<T>` in @group(0). Identity is
// the object, never a name: code segments (code.ts) hold the Binding
// itself, and its WGSL name is chosen only when the kernel is rendered
// (render.ts). So two kernels' `in0` never clash when fusion merges them,
// and merging two bindings into one changes no text.
//
// Naming convention. A binding's `hint` (the name it gets if free) lies in
// a reserved namespace:
//
//   in<digits>    the node's inputs            (in0, in1)
//   p_<word>      parameters                   (p_weight, p_running_mean)
//   out           the output (out, or out<digits>)
//   fx<digits>    values fusion binds          (fx0)
//   fp<digits>    parameters fusion binds      (fp1)
//   b_<word>      buffers of kernels outside the node contract (b_grad)
//
// Uniquing appends `_<k>` (in0, in0_1), which stays in the namespace. Kernel
// text must declare no identifier of its own in that namespace (a local
// called `out_sum`, `p_tmp`, `in2` is a bug; `inner`, `inv`, `output`,
// `outer` are fine), so a rendered binding name never shadows a local.
// Nothing checks the kernel text for that (nothing reads WGSL text); hints
// are checked against the namespace here.

export type ElemType = "f32" | "i32" | "u32";
export type Access = "read" | "read_write";

/** What the binding holds, for whoever connects it to a buffer. */
export type BindingRole =
  /** The node's j-th input. */
  | { readonly kind: "input"; readonly index: number }
  /** A parameter of the node, by role ("weight", "bias"). */
  | { readonly kind: "param"; readonly role: string }
  /** The node's output. */
  | { readonly kind: "output" }
  /** Anything else (kernels outside the node contract; fusion's own bindings), by a key its creator interprets. */
  | { readonly kind: "extra"; readonly key: string };

export interface BindingSpec {
  readonly role: BindingRole;
  /** Element type; f32 when absent. */
  readonly type?: ElemType;
  /** Access mode; by role when absent (see defaultAccess). */
  readonly access?: Access;
  /** Preferred WGSL name; by role when absent. */
  readonly hint?: string;
}

/** Identifiers bindings may be named with (the reserved namespace above). */
const HINT = /^(in[0-9]+|out[0-9]*|p_[A-Za-z0-9_]+|b_[A-Za-z0-9_]+|fx[0-9]+|fp[0-9]+)$/;

/** Whether `name` may be a binding's hint. */
export function isBindingHint(name: string): boolean {
  return HINT.test(name) && !name.endsWith("_") && !name.includes("__");
}

/**
 * Inputs are read_write although kernels only read them: values share one
 * arena buffer, and WebGPU forbids a buffer bound both read-only and
 * writable in one dispatch, while writable bindings of disjoint ranges are
 * allowed. Parameters live in their own buffers and are only read.
 */
export function defaultAccess(role: BindingRole): Access {
  return role.kind === "param" ? "read" : "read_write";
}

export function defaultHint(role: BindingRole): string {
  switch (role.kind) {
    case "input":
      return `in${role.index}`;
    case "param":
      return `p_${role.role}`;
    case "output":
      return "out";
    case "extra":
      return `b_${role.key.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+|_+$/g, "") || "x"}`;
  }
}

export class Binding {
  readonly role: BindingRole;
  readonly type: ElemType;
  readonly access: Access;
  readonly hint: string;

  constructor(spec: BindingSpec) {
    this.role = spec.role;
    this.type = spec.type ?? "f32";
    this.access = spec.access ?? defaultAccess(spec.role);
    this.hint = spec.hint ?? defaultHint(spec.role);
    if (!isBindingHint(this.hint)) throw new Error(`internal: binding hint '${this.hint}' is outside the reserved namespace (in<k>, out, p_*, b_*, fx<k>, fp<k>)`);
  }

  /** `NAME[index]`. */
  at(index: CodeLike): Load {
    return load(this, index);
  }

  /** The statement `NAME[index] = value;`. */
  set(index: CodeLike, value: CodeLike): Store {
    return store(this, index, code(value));
  }

  /** A new binding (a distinct object) like this one but for its access. */
  withAccess(access: Access): Binding {
    return new Binding({ role: this.role, type: this.type, access, hint: this.hint });
  }

  /** For messages: the role and hint. */
  describe(): string {
    const r = this.role;
    const what = r.kind === "input" ? `input ${r.index}` : r.kind === "param" ? `param '${r.role}'` : r.kind === "output" ? "output" : `extra '${r.key}'`;
    return `${what} (${this.hint})`;
  }
}

// The holes through which kernel text touches a binding (code.ts describes
// them) and Code, the segments a piece of WGSL is made of.

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

export function load(binding: Binding, index: CodeLike): Load {
  return { kind: "load", binding, index: code(index) };
}

export function store(binding: Binding, index: CodeLike, value: CodeLike): Store {
  return { kind: "store", binding, index: code(index), value: code(value) };
}
