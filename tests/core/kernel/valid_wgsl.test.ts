// Rendered kernels compile: Dawn (on SwiftShader where there is no GPU)
// checks the WGSL of a kernel built with each construct, before and after
// the rewrites fusion makes. Compilation only; nothing is dispatched.
import { describe, expect, it } from "vitest";
import { acquireDevice } from "../../../runtime/webgpu/device.js";
import {
  callHelper,
  dropUnusedBindings,
  gt,
  keepAlive,
  kernelFn,
  mapLoads,
  mapStores,
  mul,
  newKernel,
  operand,
  paramAtChannel,
  renderExpr,
  renderWgsl,
  replaceBinding,
  select,
  wgsl,
  withFunction,
  type KernelDesc,
} from "../../../core/kernel/index.js";

const EXPM1 = kernelFn(
  "expm1_",
  wgsl`fn expm1_(v: f32) -> f32 {
  if (abs(v) > 0.5) { return exp(v) - 1.0; }
  return v + 0.5 * v * v;
}`,
);

const header = (n: number) => wgsl`@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= ${n}u) { return; }`;

/** elu of input 0 times a per-channel weight, from an Expr. */
function pointwise(): KernelDesc {
  const k = newKernel();
  const x = k.input(0);
  const w = k.param("weight");
  const out = k.output();
  const e = mul(select(mul(0.5, callHelper(EXPM1, operand(0))), operand(0), gt(operand(0), 0)), paramAtChannel("weight", 3, 4));
  const v = renderExpr(e, { operand: () => [x.at("i")], param: () => w, index: wgsl`i`, useFunction: (f) => k.use(f) });
  k.body = wgsl`${header(24)}
  ${out.set("i", v)}
}`;
  return k.build();
}

/** A GEMM shape: workgroup memory, operand functions, a store function, an unread input kept alive. */
function gemmLike(): KernelDesc {
  const k = newKernel();
  const a = k.input(0);
  const unread = k.input(1);
  const w = k.param("weight");
  const out = k.output();
  k.use(
    kernelFn("tile", wgsl`var<workgroup> tile: array<f32, 64>;`),
    kernelFn("loadA", wgsl`fn loadA(m: u32, k: u32) -> f32 { return ${a.at("m * 8u + k")}; }`),
    kernelFn("loadB", wgsl`fn loadB(k: u32, n: u32) -> f32 { return ${w.at("n * 8u + k")}; }`),
    kernelFn("storeC", wgsl`fn storeC(m: u32, n: u32, v: f32) {
  ${out.set("m * 8u + n", "v")}
}`),
  );
  k.body = wgsl`@compute @workgroup_size(8, 8)
fn main(@builtin(local_invocation_id) lid: vec3u, @builtin(local_invocation_index) li: u32) {
  ${keepAlive(unread)}
  var acc = 0.0;
  for (var kk = 0u; kk < 8u; kk++) {
    tile[li] = loadB(kk, lid.x);
    workgroupBarrier();
    acc += loadA(lid.y, kk) * tile[li];
    workgroupBarrier();
  }
  storeC(lid.y, lid.x, acc);
}`;
  return k.build();
}

/** gemmLike with a recomputed prologue on A, an epilogue on C, and its unread input dropped. */
function fused(): KernelDesc {
  const base = gemmLike();
  const [a, , w, out] = base.bindings;
  let d = mapLoads(base, a!, (e) => wgsl`recompute0(${e})`);
  d = withFunction(d, kernelFn("recompute0", wgsl`fn recompute0(i: u32) -> f32 { return max(${a!.at("i")}, 0.0); }`));
  d = withFunction(d, kernelFn("epilogue", wgsl`fn epilogue(i: u32, v: f32) -> f32 { return v * ${w!.at("i % 64u")}; }`));
  d = mapStores(d, out!, (e, v) => wgsl`{ let at_ = ${e}; ${out!.set("at_", wgsl`epilogue(at_, ${v})`)} }`);
  return dropUnusedBindings(d);
}

/** Two inputs of one value merged into one binding. */
function merged(): KernelDesc {
  const k = newKernel();
  const x0 = k.input(0);
  const x1 = k.input(1);
  const out = k.output();
  k.body = wgsl`${header(10)}
  ${out.set("i", wgsl`${x0.at("i")} * ${x1.at("i")} + f32(arrayLength(&${x1}))`)}
}`;
  return replaceBinding(k.build(), x1, x0);
}

describe("rendered kernels compile", () => {
  it.each([
    ["pointwise from an Expr", pointwise],
    ["GEMM-shaped", gemmLike],
    ["fused", fused],
    ["merged bindings", merged],
  ])("%s", async (_what, make) => {
    const { device } = await acquireDevice();
    const module = device.createShaderModule({ code: renderWgsl(make()) });
    const info = await module.getCompilationInfo();
    expect(info.messages.filter((m) => m.type === "error").map((m) => m.message)).toEqual([]);
  });

  it("rejects a broken kernel (the check can fail)", async () => {
    const { device } = await acquireDevice();
    const k = newKernel();
    const out = k.output();
    k.body = wgsl`${header(1)}
  ${out.set("i", "true")}
}`;
    device.pushErrorScope("validation");
    const info = await device.createShaderModule({ code: renderWgsl(k.build()) }).getCompilationInfo();
    const error = await device.popErrorScope();
    expect(error).not.toBeNull();
    expect(info.messages.some((m) => m.type === "error")).toBe(true);
  });
});
