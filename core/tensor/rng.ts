// Seeded pseudo-random numbers for the reference executor: reproducible
// initialisation and dropout masks. Everything is 32-bit integer arithmetic
// (Math.imul, xor, shifts, >>> 0), so a WGSL kernel with u32 arithmetic
// (which wraps the same way) reproduces it bit for bit.

/** Reduces any number to the u32 it stands for: the integer part modulo 2³². */
function u32(v: number): number {
  return Math.trunc(v) >>> 0;
}

/**
 * A 32-bit integer finaliser (Chris Wellons' "lowbias32"):
 *   x ^= x >> 16; x *= 0x7feb352d; x ^= x >> 15; x *= 0x846ca68b; x ^= x >> 16
 * all in u32 arithmetic (multiplication modulo 2³²).
 */
export function hash32(x: number): number {
  x = u32(x);
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * The dropout uniform for element `index` (flat index in the batched tensor)
 * at training step `step`, in [0, 1):
 *
 *   h = hash32(seed)
 *   h = hash32(h ^ step)
 *   h = hash32(h ^ index)
 *   u = (h >> 8) / 2²⁴
 *
 * seed, step and index are taken as u32 (integer part modulo 2³²). Only the
 * top 24 bits are used, so u is exact in float32 as in float64 (a WGSL kernel
 * computes `f32(h >> 8u) / 16777216.0` and gets the same value). An element
 * is kept when u ≥ rate.
 */
export function dropoutKeep(seed: number, step: number, index: number): number {
  let h = hash32(seed);
  h = hash32((h ^ u32(step)) >>> 0);
  h = hash32((h ^ u32(index)) >>> 0);
  return (h >>> 8) / 16777216;
}

/** A seeded generator: mulberry32 for uniforms, Box–Muller for normals. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = u32(seed);
  }

  /** The next u32 (mulberry32). */
  nextU32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1), 2⁻³² resolution. */
  uniform(): number {
    return this.nextU32() / 4294967296;
  }

  /**
   * Standard normal by Box–Muller: two uniforms u1, u2 per draw (the sine
   * twin is discarded, so every call consumes exactly two uniforms):
   * √(−2 ln(1 − u1)) · cos(2π u2).
   */
  normal(): number {
    const u1 = this.uniform();
    const u2 = this.uniform();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }
}

/** A generator seeded by `seed` (same as `new Rng(seed)`). */
export function createRng(seed: number): Rng {
  return new Rng(seed);
}
