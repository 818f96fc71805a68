// Kernels as text that fusion can edit. Every kernel follows the lowering
// contract (contract.ts): its operands are storage arrays it reads only as
// `NAME[index]`, and it writes its result only as `out[index] = value;`.
// Fusion relies on exactly that and nothing else about a kernel, so any
// op's kernel can take part without knowing about fusion:
//
//   - a read `NAME[e]` may become a call `ld(e)` that recomputes the value
//     (a producer inlined into its consumer), or `NAME[remap(e)]` (the value
//     lives as a slice of a bigger buffer: concat by direct writes);
//   - a store `out[e] = v;` may become `out[e] = epi(e, v);` (the consumers'
//     elementwise work as the kernel's epilogue), or write elsewhere.
//
// The edits check that pattern first (`onlyIndexed`, `onlyStores`) and a
// kernel that uses a name any other way is simply not fused.

/** One `@group(0) @binding(k) var<storage, MODE> NAME: array<T>;` line. */
export interface BindingDecl {
  readonly name: string;
  readonly mode: "read" | "read_write";
  readonly type: string;
}

const DECL = /^@group\(0\) @binding\((\d+)\) var<storage, (read|read_write)> (\w+): array<(\w+)>;\n?/gm;

/** The kernel's binding declarations in binding order, and its code without them. */
export function splitBindings(code: string): { decls: BindingDecl[]; body: string } {
  const found: { binding: number; decl: BindingDecl }[] = [];
  const body = code.replace(DECL, (_m, b: string, mode: "read" | "read_write", name: string, type: string) => {
    found.push({ binding: Number(b), decl: { name, mode, type } });
    return "";
  });
  found.sort((a, b) => a.binding - b.binding);
  found.forEach((f, k) => {
    if (f.binding !== k) throw new Error(`internal: kernel bindings are not numbered 0…n-1 (found ${f.binding} at ${k})`);
  });
  return { decls: found.map((f) => f.decl), body };
}

/** Declarations numbered in order. */
export function declareBindings(decls: readonly BindingDecl[]): string {
  return decls.map((d, k) => `@group(0) @binding(${k}) var<storage, ${d.mode}> ${d.name}: array<${d.type}>;`).join("\n");
}

/** Identifier `name` as a whole word, not a member (`gid.x` is not `x`). */
const ident = (name: string, flags = "") => new RegExp(`(?<![.\\w])${name}\\b`, flags);

/** `code` with comments and binding declarations blanked (same length), so that scans see only uses. */
function maskComments(code: string): string {
  return code.replace(/\/\/[^\n]*/g, (c) => " ".repeat(c.length)).replace(DECL, (d) => d.replace(/[^\n]/g, " "));
}

/** Index of the `]` closing the `[` at `open`. */
function closeBracket(code: string, open: number): number {
  let depth = 0;
  for (let k = open; k < code.length; k++) {
    const ch = code[k];
    if (ch === "[" || ch === "(") depth++;
    else if (ch === "]" || ch === ")") {
      depth--;
      if (depth === 0) return k;
    }
  }
  throw new Error("internal: unbalanced brackets in a kernel");
}

/** End (index of the `;`) of the statement whose value starts at `from`. */
function statementEnd(code: string, from: number): number {
  let depth = 0;
  for (let k = from; k < code.length; k++) {
    const ch = code[k];
    if (ch === "(" || ch === "[") depth++;
    else if (ch === ")" || ch === "]") depth--;
    else if (ch === ";" && depth === 0) return k;
  }
  throw new Error("internal: unterminated statement in a kernel");
}

interface Access {
  /** Start of the name. */
  readonly at: number;
  /** Index of `[`, and of its `]`. */
  readonly open: number;
  readonly close: number;
}

/** Every use of `name` in code; undefined if one is not `name[…]`. */
function accesses(code: string, name: string): Access[] | undefined {
  const masked = maskComments(code);
  const re = ident(name, "g");
  const found: Access[] = [];
  for (let m = re.exec(masked); m; m = re.exec(masked)) {
    let open = m.index + name.length;
    while (masked[open] === " ") open++;
    if (masked[open] !== "[") return undefined;
    found.push({ at: m.index, open, close: closeBracket(masked, open) });
  }
  return found;
}

/** `_ = &NAME;` keeps an unread binding in an automatic layout; fusion drops it with the binding. */
const keepAlive = (name: string) => new RegExp(`^\\s*_ = &${name};\\n?`, "gm");

/** Whether `name` is used only as `name[index]` (a `_ = &name;` keep-alive aside). */
export function onlyIndexed(code: string, name: string): boolean {
  return accesses(code.replace(keepAlive(name), ""), name) !== undefined;
}

/** Replaces every `name[e]` by `f(e)`; `name` must satisfy onlyIndexed. */
export function rewriteIndexed(code: string, name: string, f: (index: string) => string): string {
  const src = code.replace(keepAlive(name), "");
  const found = accesses(src, name);
  if (!found) throw new Error(`internal: '${name}' is not only indexed`);
  let out = "";
  let from = 0;
  for (const a of found) {
    // Nested uses (name[name[i]]) do not occur: indices are u32 arithmetic.
    out += src.slice(from, a.at) + f(rewriteIndexed(src.slice(a.open + 1, a.close), name, f));
    from = a.close + 1;
  }
  return out + src.slice(from);
}

/** Whether `out` is only written, each time as a whole statement `out[e] = v;`. */
export function onlyStores(code: string, out = "out"): boolean {
  const masked = maskComments(code);
  const found = accesses(masked, out);
  if (!found) return false;
  return found.every((a) => /^\s*=[^=]/.test(masked.slice(a.close + 1)) && !/[^\s{};)]\s*$/.test(masked.slice(0, a.at)));
}

/** Replaces every `out[e] = v;` by `store(e, v)` (a statement). */
export function rewriteStores(code: string, store: (index: string, value: string) => string, out = "out"): string {
  const found = accesses(code, out);
  if (!found || !onlyStores(code, out)) throw new Error(`internal: '${out}' is not only stored to`);
  let text = "";
  let from = 0;
  for (const a of found) {
    const eq = code.indexOf("=", a.close + 1);
    const end = statementEnd(code, eq + 1);
    text += code.slice(from, a.at) + store(code.slice(a.open + 1, a.close).trim(), code.slice(eq + 1, end).trim());
    from = end + 1;
  }
  return text + code.slice(from);
}

/** Renames identifier `from` to `to` throughout. */
export function renameIdent(code: string, from: string, to: string): string {
  return code.replace(ident(from, "g"), to);
}

/** Whether the code mentions identifier `name` outside comments. */
export function mentions(code: string, name: string): boolean {
  return ident(name).test(maskComments(code));
}
