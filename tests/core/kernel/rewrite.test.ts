import { describe, expect, it } from "vitest";
import {
  Binding,
  bindingsUsed,
  dropUnusedBindings,
  keepAlive,
  kernelFn,
  mapLoads,
  mapStores,
  mentions,
  newKernel,
  readsOnlyByIndex,
  renderWgsl,
  replaceBinding,
  retargetLoads,
  usage,
  wgsl,
  writesOnlyByStore,
  type Code,
  type KernelDesc,
} from "../../../core/kernel/index.js";

/** The rendered kernel without its declarations, or its declarations only. */
const bodyOf = (d: KernelDesc) =>
  renderWgsl(d)
    .split("\n")
    .filter((l) => !l.startsWith("@group"))
    .join("\n");
const declsOf = (d: KernelDesc) =>
  renderWgsl(d)
    .split("\n")
    .filter((l) => l.startsWith("@group"));

/** A GEMM-shaped kernel: reads in loadA/loadB, the store in storeC, a keep-alive for an unread input. */
function gemmLike() {
  const k = newKernel();
  const a = k.input(0);
  const unread = k.input(1);
  const w = k.param("weight");
  const out = k.output();
  k.use(
    kernelFn("loadA", wgsl`fn loadA(m: u32, k: u32) -> f32 { return ${a.at("m * 8u + k")}; }`),
    kernelFn("loadB", wgsl`fn loadB(k: u32, n: u32) -> f32 { return ${w.at("n * 8u + k")}; }`),
    kernelFn("storeC", wgsl`fn storeC(m: u32, n: u32, v: f32) { ${out.set("m * 4u + n", "v")} }`),
  );
  k.body = wgsl`fn main() { ${keepAlive(unread)} storeC(0u, 0u, loadA(0u, 0u) * loadB(0u, 0u)); }`;
  return { desc: k.build(), a, unread, w, out };
}

/** A kernel whose loads nest: out[x[i]] = x[x[i]] + y[x[i + 1u]]. */
function nested() {
  const k = newKernel();
  const x = k.input(0, { type: "u32" });
  const y = k.input(1);
  const out = k.output();
  k.body = wgsl`${out.set(x.at("i"), wgsl`f32(${x.at(x.at("i"))}) + ${y.at(wgsl`${x.at("i + 1u")}`)}`)}`;
  return { desc: k.build(), x, y, out };
}

const call = (name: string) => (e: Code) => wgsl`${name}(${e})`;

describe("queries", () => {
  it("counts every kind of use, in functions too", () => {
    const { desc, a, unread, w, out } = gemmLike();
    expect(usage(desc, a)).toEqual({ loads: 1, stores: 0, refs: 0, keepAlives: 0 });
    expect(usage(desc, unread)).toEqual({ loads: 0, stores: 0, refs: 0, keepAlives: 1 });
    expect(usage(desc, out)).toEqual({ loads: 0, stores: 1, refs: 0, keepAlives: 0 });
    expect(mentions(desc, w)).toBe(true);
    expect(mentions(desc, unread)).toBe(true);
    expect(mentions(desc, new Binding({ role: { kind: "output" } }))).toBe(false);
  });

  it("counts loads nested in indices and stored values", () => {
    const { desc, x } = nested();
    expect(usage(desc, x).loads).toBe(4);
  });

  it.each<[string, (b: Binding) => Code, boolean, boolean]>([
    ["a load", (b) => wgsl`let v = ${b.at("i")};`, true, false],
    ["a load and a keep-alive", (b) => wgsl`${keepAlive(b)} let v = ${b.at("i")};`, true, false],
    ["a ref", (b) => wgsl`let v = ${b.at("i")} + f32(arrayLength(&${b}));`, false, false],
    ["a store", (b) => wgsl`${b.set("i", "1.0")}`, false, true],
    ["a store and a keep-alive", (b) => wgsl`${keepAlive(b)} ${b.set("i", "1.0")}`, false, true],
    ["a store of its own element", (b) => wgsl`${b.set("i", b.at("i"))}`, false, false],
    ["a ref beside a store", (b) => wgsl`${b.set(wgsl`arrayLength(&${b}) - 1u`, "1.0")}`, false, false],
    ["nothing", () => wgsl`return;`, true, true],
  ])("with %s: readsOnlyByIndex %s, writesOnlyByStore %s", (_what, body, reads, writes) => {
    const k = newKernel();
    const b = k.output();
    k.body = body(b);
    // The check must see uses inside functions as it sees them in the body.
    const inFunction = newKernel();
    const c = inFunction.output();
    inFunction.use(kernelFn("f", body(c)));
    for (const [d, x] of [
      [k.build(), b],
      [inFunction.build(), c],
    ] as const) {
      expect(readsOnlyByIndex(d, x)).toBe(reads);
      expect(writesOnlyByStore(d, x)).toBe(writes);
    }
  });
});

describe("mapLoads", () => {
  it("rewrites loads inside the indices of other loads, inner first", () => {
    const { desc, x } = nested();
    expect(bodyOf(mapLoads(desc, x, call("rc")))).toBe("out[rc(i)] = f32(rc(rc(i))) + in1[rc(i + 1u)];");
  });

  it("rewrites loads inside functions, and leaves the original description alone", () => {
    const { desc, a } = gemmLike();
    const before = renderWgsl(desc);
    const after = mapLoads(desc, a, (e) => wgsl`recompute0(${e})`);
    expect(bodyOf(after)).toContain("fn loadA(m: u32, k: u32) -> f32 { return recompute0(m * 8u + k); }");
    expect(renderWgsl(desc)).toBe(before);
    expect(usage(after, a).loads).toBe(0);
  });

  it("does not walk its replacement again (it may read the binding it replaces)", () => {
    const { desc, y } = nested();
    const after = mapLoads(desc, y, (e) => [y.at(wgsl`slice_of_0(${e})`)]);
    expect(bodyOf(after)).toBe("out[in0[i]] = f32(in0[in0[i]]) + in1[slice_of_0(in0[i + 1u])];");
  });
});

describe("retargetLoads", () => {
  it("moves loads to another binding, declared right after the old one, through an index map", () => {
    const { desc, y } = nested();
    const concat = new Binding({ role: { kind: "extra", key: "value:7" }, hint: "fx0" });
    const after = retargetLoads(desc, y, concat, call("slice_of_0"));
    expect(after.bindings).toEqual([desc.bindings[0], y, concat, desc.bindings[2]]);
    expect(bodyOf(after)).toBe("out[in0[i]] = f32(in0[in0[i]]) + fx0[slice_of_0(in0[i + 1u])];");
    // y is read no more: dropping it renumbers the rest.
    expect(declsOf(dropUnusedBindings(after))).toEqual([
      "@group(0) @binding(0) var<storage, read_write> in0: array<u32>;",
      "@group(0) @binding(1) var<storage, read_write> fx0: array<f32>;",
      "@group(0) @binding(2) var<storage, read_write> out: array<f32>;",
    ]);
  });

  it("keeps the index as it is without a map, and an already declared target in its place", () => {
    const { desc, x, y } = nested();
    const after = retargetLoads(desc, y, x);
    expect(after.bindings).toEqual(desc.bindings);
    expect(usage(after, y).loads).toBe(0);
    expect(usage(after, x).loads).toBe(5);
  });
});

describe("mapStores", () => {
  it("replaces whole store statements, in functions too, without walking the replacement", () => {
    const { desc, out } = gemmLike();
    const after = mapStores(desc, out, (e, v) => wgsl`{ let at_ = ${e}; ${out.set("at_", wgsl`epilogue(at_, ${v})`)} }`);
    expect(bodyOf(after)).toContain("fn storeC(m: u32, n: u32, v: f32) { { let at_ = m * 4u + n; out[at_] = epilogue(at_, v); } }");
    expect(usage(after, out).stores).toBe(1);
  });

  it("passes the index and value with their loads rewritten by earlier maps", () => {
    const { desc, x, out } = nested();
    const after = mapStores(mapLoads(desc, x, call("rc")), out, (e, v) => wgsl`${out.set(e, wgsl`relu_(${v})`)}`);
    expect(bodyOf(after)).toBe("out[rc(i)] = relu_(f32(rc(rc(i))) + in1[rc(i + 1u)]);");
  });
});

describe("replaceBinding", () => {
  it("merges two reads of one value into the first", () => {
    const k = newKernel();
    const x0 = k.input(0);
    const x1 = k.input(1);
    const out = k.output();
    k.body = wgsl`${keepAlive(x1)} ${out.set("i", wgsl`${x0.at("i")} * ${x1.at("i")}`)}`;
    const after = replaceBinding(k.build(), x1, x0);
    expect(after.bindings).toEqual([x0, out]);
    expect(bodyOf(after)).toBe("_ = &in0; out[i] = in0[i] * in0[i];");
  });

  it("makes the merged binding read_write if either was, keeping the target's place, role and name", () => {
    const k = newKernel();
    const p = k.param("weight");
    const mid = k.input(0);
    const buf = k.extra("weight buffer", { hint: "b_w" });
    k.body = wgsl`${buf.set("i", wgsl`${p.at("i")} + ${mid.at("i")}`)} let n = arrayLength(&${buf});`;
    const desc = k.build();
    const after = replaceBinding(desc, buf, p);
    const merged = after.bindings[0]!;
    expect(merged).not.toBe(p);
    expect(merged.role).toEqual(p.role);
    expect(merged.access).toBe("read_write");
    expect(after.bindings).toEqual([merged, mid]);
    expect(renderWgsl(after)).toBe(`@group(0) @binding(0) var<storage, read_write> p_weight: array<f32>;
@group(0) @binding(1) var<storage, read_write> in0: array<f32>;
p_weight[i] = p_weight[i] + in0[i]; let n = arrayLength(&p_weight);`);
    // Access that already suffices keeps the target object itself.
    expect(replaceBinding(desc, p, buf).bindings).toEqual([mid, buf]);
  });

  it("puts the target in the source's place when the kernel did not declare it", () => {
    const { desc, y } = nested();
    const fresh = new Binding({ role: { kind: "extra", key: "value:3" }, hint: "fx1" });
    const after = replaceBinding(desc, y, fresh);
    expect(after.bindings).toEqual([desc.bindings[0], fresh, desc.bindings[2]]);
    expect(bodyOf(after)).toContain("fx1[in0[i + 1u]]");
  });

  it("merges bindings used in functions", () => {
    const { desc, a, unread } = gemmLike();
    const after = replaceBinding(desc, a, unread);
    expect(usage(after, unread)).toEqual({ loads: 1, stores: 0, refs: 0, keepAlives: 1 });
    expect(mentions(after, a)).toBe(false);
  });

  it("refuses to merge bindings of different element types", () => {
    const { desc, x, y } = nested();
    expect(() => replaceBinding(desc, x, y)).toThrow(/cannot merge/);
  });
});

describe("dropUnusedBindings", () => {
  it("drops a binding that only keep-alives name, with its keep-alives, and nothing else", () => {
    const { desc, unread } = gemmLike();
    const after = dropUnusedBindings(desc);
    expect(after.bindings).not.toContain(unread);
    expect(after.bindings).toHaveLength(3);
    expect(mentions(after, unread)).toBe(false);
    expect(renderWgsl(after)).not.toContain("_ = &");
    expect(declsOf(after)[1]).toBe("@group(0) @binding(1) var<storage, read> p_weight: array<f32>;");
  });

  it("keeps bindings used by ref or store only, and returns the same description when nothing goes", () => {
    const k = newKernel();
    const r = k.input(0);
    const out = k.output();
    k.body = wgsl`${out.set("0u", wgsl`f32(arrayLength(&${r}))`)}`;
    const d = k.build();
    expect(dropUnusedBindings(d)).toBe(d);
  });

  it("drops what recomputation left unread", () => {
    const { desc, a } = gemmLike();
    const after = dropUnusedBindings(mapLoads(desc, a, call("recompute0")));
    expect(after.bindings.map((b) => b.hint)).toEqual(["p_weight", "out"]);
  });
});

describe("bindingsUsed", () => {
  it("lists the bindings code names, declared or not, in first-use order", () => {
    const { desc, a, unread, w, out } = gemmLike();
    expect(bindingsUsed(desc)).toEqual([unread, a, w, out]);
  });
});
