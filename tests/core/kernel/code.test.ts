import { describe, expect, it } from "vitest";
import { Binding, code, codeEquals, f32, join, keepAlive, load, ref, store, u32, wgsl, type Code } from "../../../core/kernel/index.js";

const x = new Binding({ role: { kind: "input", index: 0 } });
const out = new Binding({ role: { kind: "output" } });

describe("wgsl templates", () => {
  it("merges text and drops empty strings", () => {
    expect(wgsl`a${"b"}${""}c${3}`).toEqual(["abc3"]);
    expect(code("", "")).toEqual([]);
  });

  it("inserts holes, splices Code, and makes a Binding a Ref", () => {
    const inner: Code = wgsl`(${x.at("i")})`;
    const c = wgsl`f${inner} + arrayLength(&${x});`;
    expect(c).toEqual(["f(", { kind: "load", binding: x, index: ["i"] }, ") + arrayLength(&", { kind: "ref", binding: x }, ");"]);
  });

  it("builds loads and stores from text or Code indices", () => {
    expect(load(x, "i")).toEqual(x.at("i"));
    expect(x.at(wgsl`${x.at("j")} + 1u`).index).toEqual([{ kind: "load", binding: x, index: ["j"] }, " + 1u"]);
    expect(out.set("i", 2)).toEqual(store(out, "i", "2"));
    expect(out.set("i", wgsl`${x.at("i")}`).value).toEqual([x.at("i")]);
    expect(code(ref(x), keepAlive(x))).toEqual([{ kind: "ref", binding: x }, { kind: "keepAlive", binding: x }]);
  });

  it("joins with a separator", () => {
    expect(join([x.at("i"), "1.0", wgsl`b`], " + ")).toEqual([x.at("i"), " + 1.0 + b"]);
    expect(join([], ", ")).toEqual([]);
  });

  it("compares structurally, bindings by identity", () => {
    const twin = new Binding({ role: { kind: "input", index: 0 } });
    expect(codeEquals(wgsl`${x.at("i")};`, wgsl`${x.at("i")};`)).toBe(true);
    expect(codeEquals(wgsl`${x.at("i")};`, wgsl`${twin.at("i")};`)).toBe(false);
    expect(codeEquals(wgsl`${out.set("i", "1.0")}`, wgsl`${out.set("i", "2.0")}`)).toBe(false);
  });
});

describe("literals", () => {
  it.each([
    [1, "1.0"],
    [0, "0.0"],
    [-0, "-0.0"],
    [-15, "-15.0"],
    [0.5, "0.5"],
    [1e-5, "0.00001"],
    [1e-7, "1e-7"],
    [1e21, "1e+21"],
    [3.4028234663852886e38, "3.4028234663852886e+38"],
  ])("f32(%d) is %s", (v, s) => expect(f32(v)).toBe(s));

  it.each([NaN, Infinity, -Infinity, 1e39])("f32(%d) throws", (v) => expect(() => f32(v)).toThrow());

  it("u32 literals", () => {
    expect(u32(0)).toBe("0u");
    expect(u32(4294967295)).toBe("4294967295u");
    for (const bad of [-1, 1.5, 2 ** 32]) expect(() => u32(bad)).toThrow();
  });
});
