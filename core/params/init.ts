// Parameter initialisation as plain data, and the sampler that draws from
// it deterministically (docs/autodiff.md, "Reference executor"). Which spec
// each parameter gets is decided from the op definitions, in the compiler
// (compiler/passes/init_rules.ts); a compiled module carries the specs and
// draws with sampleParams, so the runtime needs no compiler.
//
// One generator (rng.ts, seeded by `seed`) is drawn from in the specs'
// order (graph.params insertion order), element by element in row-major
// order; only the normal weights draw from it, so constants do not shift
// the stream.

import { Rng } from "../tensor/rng.js";
import { zeros, type Precision, type Tensor } from "../tensor/tensor.js";

/**
 * How one parameter starts: a constant, or normal draws (mean 0) whose
 * standard deviation may change every `block` entries (a connection table's
 * links). A normal with one fixed std (nn.init.normal_) is one std whose
 * block is the whole tensor.
 */
export type InitSpec = { readonly fill: number } | { readonly stds: readonly number[]; readonly block: number };

/** Draws parameters from their specs with one generator seeded by `seed`, in the specs' order. */
export function sampleParams(specs: ReadonlyMap<string, InitSpec>, shapes: ReadonlyMap<string, readonly number[]>, seed: number, precision: Precision = "f64"): Map<string, Tensor> {
  const rng = new Rng(seed);
  const out = new Map<string, Tensor>();
  for (const [name, spec] of specs) {
    const t = zeros(shapes.get(name)!, precision);
    if ("fill" in spec) t.data.fill(spec.fill);
    else for (let i = 0; i < t.data.length; i++) t.data[i] = rng.normal() * spec.stds[Math.floor(i / spec.block)]!;
    out.set(name, t);
  }
  return out;
}
