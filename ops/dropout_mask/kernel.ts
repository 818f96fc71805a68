// dropout_mask: the inverted-dropout mask, keep ? 1/(1 − rate) : 0 with
// keep = dropoutKeep(seed, step, i) ≥ rate (core/tensor/rng.ts), i the
// flat index in the batched tensor. The hash is reproduced bit for bit with
// u32 arithmetic (WGSL's u32 multiply wraps modulo 2³² as Math.imul does),
// and u ≥ rate with u = (h >> 8)/2²⁴ is tested exactly as the integer
// comparison h >> 8 ≥ ⌈rate·2²⁴⌉, so no f32 rounding of `rate` can flip an
// element; the kept value is the exact f32 of 1/(1 − rate).
//
// The step is a constant baked into the shader, 0 for now (the reference's
// default): the kernel contract has no per-dispatch state yet, so a training
// loop that wants a fresh mask per step must pass the step some other way
// (a uniform or a storage input) once the executor supports one.
import { keepAlive, kernelFn, wgsl, type Binding } from "../../core/kernel/index.js";
import { numAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { exactF32, perElementKernel } from "../templates/elementwise.js";

/** The training step the mask is drawn for (see the header). */
export const DROPOUT_STEP = 0;

const u32 = (v: number) => Math.trunc(v) >>> 0;

/** core/tensor/rng.ts's 32-bit mixing function, in u32 arithmetic. */
const HASH32 = kernelFn(
  "hash32",
  wgsl`fn hash32(v: u32) -> u32 {
  var x = v;
  x ^= x >> 16u;
  x *= 0x7feb352du;
  x ^= x >> 15u;
  x *= 0x846ca68bu;
  x ^= x >> 16u;
  return x;
}`,
);

export const lower: Lowering = (ctx) => {
  const rate = numAttr(ctx.attrs, "rate");
  const seed = u32(numAttr(ctx.attrs, "seed"));
  // u = m/2²⁴ ≥ rate ⇔ m ≥ rate·2²⁴ (exact in float64) ⇔ m ≥ ⌈rate·2²⁴⌉.
  const threshold = Math.ceil(rate * 16777216);
  return perElementKernel<[Binding]>(ctx, ([x], out, k) => {
    k.use(HASH32);
    // Seed and step are constants of the entry point, not of the module: two masks in one fused
    // kernel would declare two different SEEDs.
    return wgsl`${keepAlive(x)} // x only gives the shape; the reference uses it the same way (the binding stays in the layout)
  const mask_seed = ${seed}u;
  const mask_step = ${u32(DROPOUT_STEP)}u;
  var h = hash32(mask_seed);
  h = hash32(h ^ mask_step);
  h = hash32(h ^ i);
  ${out.set("i", wgsl`select(0.0, ${exactF32(1 / (1 - rate))}, (h >> 8u) >= ${threshold}u)`)}`;
  });
};
