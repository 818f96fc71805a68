import { describe, expect, it } from "vitest";
import { declareBindings, onlyIndexed, onlyStores, renameIdent, rewriteIndexed, rewriteStores, splitBindings } from "../../../compiler/codegen/fusion/kernel_text.js";

// The text edits fusion makes to kernels (compiler/codegen/fusion/kernel_text.ts).

const kernel = `@group(0) @binding(0) var<storage, read_write> in0: array<f32>;
@group(0) @binding(1) var<storage, read> p_weight: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x; // out[i] is written once
  if (i >= 10u) { return; }
  out[i] = in0[min(i, in0_len(i))] * p_weight[(i / 2u) % 5u];
}`;

describe("kernel text", () => {
  it("splits and re-declares bindings in order", () => {
    const { decls, body } = splitBindings(kernel);
    expect(decls.map((d) => [d.name, d.mode, d.type])).toEqual([
      ["in0", "read_write", "f32"],
      ["p_weight", "read", "f32"],
      ["out", "read_write", "f32"],
    ]);
    expect(body).not.toContain("@binding");
    expect(declareBindings(decls.slice(1))).toBe(`@group(0) @binding(0) var<storage, read> p_weight: array<f32>;\n@group(0) @binding(1) var<storage, read_write> out: array<f32>;`);
  });

  it("recognises index-only reads and whole-statement stores, ignoring comments, declarations and members", () => {
    expect(onlyIndexed(kernel, "in0")).toBe(true);
    expect(onlyIndexed(kernel, "p_weight")).toBe(true);
    expect(onlyStores(kernel)).toBe(true);
    // `gid.x` is a member, not a use of a binding named x.
    expect(onlyIndexed(`@group(0) @binding(0) var<storage, read> x: array<f32>;\nlet c = gid.x; let v = x[c];`, "x")).toBe(true);
    expect(onlyIndexed(`let n = arrayLength(&in0);`, "in0")).toBe(false);
    expect(onlyStores(`out[i] += 1.0;`)).toBe(false);
    expect(onlyStores(`let y = out[i];`)).toBe(false);
    expect(onlyStores(`out[i] = 1.0; let y = out[i] == 2.0;`)).toBe(false);
  });

  it("rewrites nested index expressions and stores", () => {
    const { body } = splitBindings(kernel);
    const read = rewriteIndexed(body, "in0", (e) => `load(${e})`);
    expect(read).toContain("out[i] = load(min(i, in0_len(i))) * p_weight");
    const stored = rewriteStores(read, (e, v) => `out[at(${e})] = f(${v});`);
    expect(stored).toContain("out[at(i)] = f(load(min(i, in0_len(i))) * p_weight[(i / 2u) % 5u]);");
    expect(stored).toContain("// out[i] is written once");
    expect(renameIdent("a.in0 + in0[1] + xin0", "in0", "out")).toBe("a.in0 + out[1] + xin0");
  });
});
