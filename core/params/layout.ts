// Where parameters, their gradients and the optimizer's state live on the
// device: one flat buffer each, so that a single fused kernel updates every
// parameter. Tensors start at offsets aligned to the device's storage
// offset alignment (so each can be bound as a range); the gaps hold zeros.
//
// Order of the parameter buffer: first the parameters that train and are
// decayed, then those that train without decay, then the rest (frozen
// layers, parameters that no loss reaches, BN running statistics). The
// optimizer runs over the first two groups only, and the decay boundary
// is one constant in its kernel.

import { alignUp, elementCount, type Graph } from "../ir/graph.js";
import { isDecayed, optimizerHyper } from "../optim/optimizers.js";

export interface Slot {
  /** Offset in floats from the start of the flat buffer. */
  readonly offset: number;
  /** Element count. */
  readonly size: number;
}

export interface ParamLayout {
  readonly slots: ReadonlyMap<string, Slot>;
  /** Floats in the trained part (decayed, then undecayed): the optimizer's range. */
  readonly trainedLength: number;
  /** Floats in the decayed part, at the start. */
  readonly decayedLength: number;
  /** Floats in the whole parameter buffer. */
  readonly totalLength: number;
}

/**
 * `trained`: the parameters that receive a gradient (the keys of the
 * training graph's gradients). `alignFloats`: the storage offset alignment
 * in floats (256 bytes → 64).
 */
export function layoutParams(g: Graph, trained: ReadonlySet<string>, alignFloats: number): ParamLayout {
  const spec = g.train?.optimizer;
  const hyper = spec ? optimizerHyper(spec) : undefined;
  const all = [...g.params.values()];
  const decayed = all.filter((p) => trained.has(p.name) && hyper !== undefined && hyper.weightDecay > 0 && isDecayed({ name: p.name, kind: p.kind, shape: p.shape }, hyper));
  const undecayed = all.filter((p) => trained.has(p.name) && !decayed.includes(p));
  const rest = all.filter((p) => !trained.has(p.name));
  const slots = new Map<string, Slot>();
  let at = 0;
  const place = (ps: typeof all) => {
    for (const p of ps) {
      slots.set(p.name, { offset: at, size: elementCount(p.shape) });
      at = alignUp(at + elementCount(p.shape), alignFloats);
    }
  };
  place(decayed);
  const decayedLength = at;
  place(undecayed);
  const trainedLength = at;
  place(rest);
  return { slots, trainedLength, decayedLength, totalLength: Math.max(at, alignFloats) };
}
