import { describe, expect, it } from "vitest";
import { Binding, bindingNames, isBindingHint, keepAlive, kernelFn, newKernel, renderWgsl, wgsl, withFunction } from "../../../core/kernel/index.js";

describe("renderWgsl", () => {
  it("renders a one-invocation-per-element kernel", () => {
    const k = newKernel();
    const x = k.input(0);
    const w = k.param("weight");
    const out = k.output();
    k.note("scale 'sc1'");
    k.body = wgsl`@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 12u) { return; }
  ${out.set("i", wgsl`${w.at("(i / 4u) % 3u")} * ${x.at("i")}`)}
}`;
    k.dispatch = [1, 1, 1];
    expect(renderWgsl(k.build())).toBe(`// scale 'sc1'
@group(0) @binding(0) var<storage, read_write> in0: array<f32>;
@group(0) @binding(1) var<storage, read> p_weight: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 12u) { return; }
  out[i] = p_weight[(i / 4u) % 3u] * in0[i];
}`);
  });

  it("puts directives first, then notes, bindings, functions, body; renders refs and keep-alives", () => {
    const k = newKernel();
    const labels = k.input(0, { type: "i32" });
    const unread = k.input(1);
    const out = k.output();
    k.enable("subgroups").enable("subgroups");
    k.note("first line\nsecond line");
    k.use(kernelFn("twice", wgsl`fn twice(v: f32) -> f32 { return 2.0 * v; }`));
    k.use(kernelFn("twice", wgsl`fn twice(v: f32) -> f32 { return 2.0 * v; }`));
    k.body = wgsl`@compute @workgroup_size(1)
fn main() {
  ${keepAlive(unread)}
  let n = arrayLength(&${out});
  ${out.set("0u", wgsl`twice(f32(${labels.at("0u")})) + f32(n)`)}
}`;
    expect(renderWgsl(k.build())).toBe(`enable subgroups;
// first line
// second line
@group(0) @binding(0) var<storage, read_write> in0: array<i32>;
@group(0) @binding(1) var<storage, read_write> in1: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
fn twice(v: f32) -> f32 { return 2.0 * v; }
@compute @workgroup_size(1)
fn main() {
  _ = &in1;
  let n = arrayLength(&out);
  out[0u] = twice(f32(in0[0u])) + f32(n);
}`);
  });

  it("renders nested loads", () => {
    const k = newKernel();
    const idx = k.extra("indices", { type: "u32", access: "read", hint: "b_idx" });
    const src = k.input(0);
    const out = k.output();
    k.body = wgsl`${out.set("i", src.at(idx.at(wgsl`${idx.at("i")} + 1u`)))}`;
    const lines = renderWgsl(k.build()).split("\n");
    expect([lines[0], lines.at(-1)]).toEqual([
      "@group(0) @binding(0) var<storage, read> b_idx: array<u32>;",
      "out[i] = in0[b_idx[b_idx[i] + 1u]];",
    ]);
  });

  it("makes names unique in binding order", () => {
    const a = new Binding({ role: { kind: "param", role: "w" } });
    const b = new Binding({ role: { kind: "param", role: "w" } });
    // A hint that happens to look like a uniqued name.
    const c = new Binding({ role: { kind: "param", role: "w_1" } });
    const d = new Binding({ role: { kind: "param", role: "w" } });
    const names = bindingNames([a, b, c, d]);
    expect([a, b, c, d].map((x) => names.get(x))).toEqual(["p_w", "p_w_1", "p_w_1_1", "p_w_2"]);
  });

  it("gives two kernels' in0 distinct names once they share a description", () => {
    const k = newKernel();
    const first = k.input(0);
    const second = k.bind(new Binding({ role: { kind: "extra", key: "other kernel's in0" }, hint: "in0" }));
    const out = k.output();
    k.body = wgsl`${out.set("i", wgsl`${first.at("i")} + ${second.at("i")}`)}`;
    expect(renderWgsl(k.build()).split("\n").at(-1)).toBe("out[i] = in0[i] + in0_1[i];");
  });

  it("refuses code that uses an undeclared binding, and a binding declared twice", () => {
    const k = newKernel();
    const out = k.output();
    const stray = new Binding({ role: { kind: "input", index: 3 } });
    k.body = wgsl`${out.set("i", stray.at("i"))}`;
    expect(() => renderWgsl(k.build())).toThrow(/input 3 \(in3\).*does not declare/);
    expect(() => k.bind(out)).toThrow(/declared twice/);
    expect(() => bindingNames([out, out])).toThrow(/declared twice/);
  });

  it("refuses two different functions of one name", () => {
    const k = newKernel();
    k.use(kernelFn("f", wgsl`fn f() {}`));
    expect(() => k.use(kernelFn("f", wgsl`fn f() { }`))).toThrow(/two different definitions/);
    const d = k.build();
    expect(withFunction(d, kernelFn("f", wgsl`fn f() {}`))).toBe(d);
    expect(() => withFunction(d, kernelFn("f", wgsl`fn g() {}`))).toThrow();
  });
});

describe("binding hints", () => {
  it.each([
    ["in0", true],
    ["in12", true],
    ["out", true],
    ["out2", true],
    ["p_weight", true],
    ["p_running_mean", true],
    ["b_grad", true],
    ["fx3", true],
    ["fp0", true],
    ["inner", false],
    ["in", false],
    ["output", false],
    ["p_", false],
    ["p_a__b", false],
    ["x", false],
    ["fx", false],
  ])("%s reserved: %s", (h, ok) => expect(isBindingHint(h)).toBe(ok));

  it("defaults by role", () => {
    const hints = [
      new Binding({ role: { kind: "input", index: 2 } }),
      new Binding({ role: { kind: "param", role: "running_var" } }),
      new Binding({ role: { kind: "output" } }),
      new Binding({ role: { kind: "extra", key: "value:12" } }),
    ].map((b) => [b.hint, b.access]);
    expect(hints).toEqual([
      ["in2", "read_write"],
      ["p_running_var", "read"],
      ["out", "read_write"],
      ["b_value_12", "read_write"],
    ]);
    expect(() => new Binding({ role: { kind: "output" }, hint: "result" })).toThrow(/reserved namespace/);
  });
});
