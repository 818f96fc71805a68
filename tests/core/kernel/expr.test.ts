import { describe, expect, it } from "vitest";
import {
  add,
  and,
  Binding,
  call,
  callHelper,
  div,
  eq,
  ge,
  gt,
  helpersOf,
  kernelFn,
  le,
  literal,
  lt,
  mul,
  ne,
  negate,
  newKernel,
  operand,
  operandsOf,
  or,
  paramAtChannel,
  paramAtElement,
  paramsOf,
  renderExpr,
  renderWgsl,
  select,
  sub,
  wgsl,
  type Expr,
  type KernelFunction,
} from "../../../core/kernel/index.js";

const EXPM1 = kernelFn("expm1_", wgsl`fn expm1_(v: f32) -> f32 { return exp(v) - 1.0; }`);
const SIGMOID = kernelFn("sigmoid_", wgsl`fn sigmoid_(v: f32) -> f32 { return 1.0 / (1.0 + exp(-v)); }`);

/** Renders `e` in a kernel whose operands are the locals x, t, g… and returns the text and the helpers it asked for. */
function show(e: Expr, names = ["x", "t", "g"]): { text: string; used: string[] } {
  const k = newKernel();
  const params = new Map<string, Binding>();
  const used: string[] = [];
  const out = k.output();
  const rendered = renderExpr(e, {
    operand: (j) => wgsl`${names[j]!}`,
    param: (role) => params.get(role) ?? params.set(role, k.param(role)).get(role)!,
    index: wgsl`i`,
    useFunction: (f: KernelFunction) => used.push(f.name),
  });
  k.body = wgsl`${out.set("i", rendered)}`;
  const text = renderWgsl(k.build()).split("\n").at(-1)!;
  return { text: text.slice("out[i] = ".length, -1), used };
}

const [x, t, g] = [operand(0), operand(1), operand(2)];

describe("renderExpr: today's pointwise formulas, character for character", () => {
  const alpha = 0.01;
  it.each<[string, Expr, string]>([
    ["relu", call("max", x, 0), "max(x, 0.0)"],
    ["leaky_relu", select(mul(alpha, x), x, gt(x, 0)), "select(0.01 * x, x, x > 0.0)"],
    ["elu", select(mul(1, callHelper(EXPM1, x)), x, gt(x, 0)), "select(1.0 * expm1_(x), x, x > 0.0)"],
    ["sigmoid", callHelper(SIGMOID, x), "sigmoid_(x)"],
    ["tanh", call("tanh", call("clamp", x, -15, 15)), "tanh(clamp(x, -15.0, 15.0))"],
    ["add of three", add(x, t, g), "x + t + g"],
    ["mul", mul(x, t), "x * t"],
    ["relu grad", select(0, g, gt(t, 0)), "select(0.0, g, t > 0.0)"],
    ["leaky_relu grad", select(mul(g, alpha), g, gt(t, 0)), "select(g * 0.01, g, t > 0.0)"],
    ["elu grad", select(mul(g, 1, call("exp", t)), g, gt(t, 0)), "select(g * 1.0 * exp(t), g, t > 0.0)"],
    ["sigmoid grad", mul(g, t, sub(1, t)), "g * t * (1.0 - t)"],
    ["tanh grad", mul(g, sub(1, mul(t, t))), "g * (1.0 - t * t)"],
    [
      "scale with bias",
      add(mul(paramAtChannel("weight", 3, 4), x), paramAtChannel("bias", 3, 4)),
      "p_weight[((i / 4u) % 3u)] * x + p_bias[((i / 4u) % 3u)]",
    ],
    ["channel_scale", mul(x, paramAtChannel("weight", 16, 49)), "x * p_weight[((i / 49u) % 16u)]"],
    [
      "bn, affine",
      add(mul(div(sub(x, paramAtChannel("running_mean", 3, 4)), call("sqrt", add(paramAtChannel("running_var", 3, 4), 1e-5))), paramAtChannel("weight", 3, 4)), paramAtChannel("bias", 3, 4)),
      "(x - p_running_mean[((i / 4u) % 3u)]) / sqrt(p_running_var[((i / 4u) % 3u)] + 0.00001) * p_weight[((i / 4u) % 3u)] + p_bias[((i / 4u) % 3u)]",
    ],
    [
      "bn, not affine",
      add(mul(div(sub(x, paramAtChannel("running_mean", 3, 4)), call("sqrt", add(paramAtChannel("running_var", 3, 4), 1e-5))), 1), 0),
      "(x - p_running_mean[((i / 4u) % 3u)]) / sqrt(p_running_var[((i / 4u) % 3u)] + 0.00001) * 1.0 + 0.0",
    ],
  ])("%s", (_op, e, wgslText) => expect(show(e).text).toBe(wgslText));
});

describe("renderExpr: constructs", () => {
  it.each<[string, Expr, string]>([
    ["integral literal", literal(2), "2.0"],
    ["negative literal", literal(-0.5), "-0.5"],
    ["tiny literal", literal(1e-30), "1e-30"],
    ["negative zero", literal(-0), "-0.0"],
    ["negation", negate(x), "-x"],
    ["negated sum", negate(add(x, t)), "-(x + t)"],
    ["negated negation", negate(negate(x)), "-(-x)"],
    ["negated negative literal", negate(-2), "-(-2.0)"],
    ["negative operand", mul(x, negate(t)), "x * -t"],
    ["left-nested difference", sub(sub(x, t), g), "x - t - g"],
    ["right-nested difference", sub(x, sub(t, g)), "x - (t - g)"],
    ["right-nested product", mul(x, mul(t, g)), "x * (t * g)"],
    ["quotient of product", div(mul(x, t), g), "x * t / g"],
    ["product of sum", mul(add(x, t), g), "(x + t) * g"],
    ["sum in a comparison", lt(add(x, t), g), "x + t < g"],
    ["comparison of comparisons", eq(lt(x, t), gt(t, g)), "(x < t) == (t > g)"],
    ["logical of comparisons", and(le(x, t), ge(t, g)), "x <= t && t >= g"],
    ["and under or", or(and(gt(x, 0), gt(t, 0)), ne(g, 0)), "(x > 0.0 && t > 0.0) || g != 0.0"],
    ["and chain", and(and(gt(x, 0), gt(t, 0)), gt(g, 0)), "x > 0.0 && t > 0.0 && g > 0.0"],
    ["builtins", call("fma", x, call("abs", t), call("min", g, 1)), "fma(x, abs(t), min(g, 1.0))"],
    ["param at the element", mul(paramAtElement("mask"), x), "p_mask[i] * x"],
  ])("%s", (_what, e, wgslText) => expect(show(e).text).toBe(wgslText));

  it("refuses constants WGSL cannot spell and builtins with the wrong argument count", () => {
    expect(() => literal(Infinity)).toThrow();
    expect(() => mul(x, NaN)).toThrow();
    expect(() => call("max", x)).toThrow(/max takes 2 arguments/);
  });

  it("reports every helper call to the kernel, which emits each once", () => {
    const e = add(callHelper(SIGMOID, x), callHelper(EXPM1, callHelper(SIGMOID, t)));
    expect(show(e).used).toEqual(["sigmoid_", "expm1_", "sigmoid_"]);
    expect(helpersOf(e)).toEqual([SIGMOID, EXPM1]);
    const k = newKernel();
    const i0 = k.input(0);
    const i1 = k.input(1);
    const out = k.output();
    const value = renderExpr(e, { operand: (j) => [[i0, i1][j]!.at("i")], param: () => out, index: wgsl`i`, useFunction: (f) => k.use(f) });
    k.body = wgsl`${out.set("i", value)}`;
    expect(renderWgsl(k.build())).toBe(`@group(0) @binding(0) var<storage, read_write> in0: array<f32>;
@group(0) @binding(1) var<storage, read_write> in1: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
fn sigmoid_(v: f32) -> f32 { return 1.0 / (1.0 + exp(-v)); }
fn expm1_(v: f32) -> f32 { return exp(v) - 1.0; }
out[i] = sigmoid_(in0[i]) + expm1_(sigmoid_(in1[i]));`);
  });

  it("lists operands and parameters in first-use order", () => {
    const e = add(mul(paramAtChannel("weight", 2, 2), g), x, paramAtElement("bias"), paramAtChannel("weight", 2, 2), g);
    expect(operandsOf(e)).toEqual([2, 0]);
    expect(paramsOf(e)).toEqual(["weight", "bias"]);
  });
});
