// Receptive fields over the whole DAG. For each spatial node and each axis:
// size (input pixels one output pixel sees), jump (input pixels between
// neighbouring outputs) and start (centre of the first output's field, in
// input pixel coordinates). Where branches meet, the field is the largest
// over all paths, never a single-chain assumption.

import type { Graph } from "../../core/ir/graph.js";
import { lookupOp } from "../../ops/registry.js";

export interface FieldAxis {
  readonly size: number;
  readonly jump: number;
  readonly start: number;
}

/** `null`: no spatial meaning; "global": every output sees the whole input. */
export type ReceptiveField = { readonly h: FieldAxis; readonly w: FieldAxis } | "global" | null;

function axis(f: { h: FieldAxis; w: FieldAxis }, i: 0 | 1): FieldAxis {
  return i === 0 ? f.h : f.w;
}

export function receptiveFields(g: Graph): ReceptiveField[] {
  const rf: ReceptiveField[] = [];
  for (const n of g.nodes) {
    if (n.op === "input") {
      const one = { size: 1, jump: 1, start: 0 };
      rf.push(n.shape.length === 3 ? { h: one, w: one } : null);
      continue;
    }
    const ins = n.inputs.map((i) => rf[i]!);
    const spatialIns = ins.filter((f): f is { h: FieldAxis; w: FieldAxis } => f !== null && f !== "global");
    if (ins.some((f) => f === "global")) {
      rf.push("global");
      continue;
    }
    if (spatialIns.length === 0) {
      rf.push(null);
      continue;
    }
    const op = lookupOp(n.op)!;
    const map = op.spatial({ inputs: n.inputs.map((i) => g.nodes[i]!.shape), attrs: n.attrs, opNamed: lookupOp });
    if (map.kind === "global" || n.shape.length !== 3) {
      rf.push("global");
      continue;
    }
    // The widest input field wins; ties keep the first input's alignment.
    const widest = (i: 0 | 1): FieldAxis => spatialIns.map((f) => axis(f, i)).reduce((a, b) => (b.size > a.size ? b : a));
    const [h, w] = ([0, 1] as const).map((i) => {
      const inAx = widest(i);
      const jump = spatialIns.reduce((a, f) => Math.max(a, axis(f, i).jump), -Infinity);
      const base = { ...inAx, jump };
      switch (map.kind) {
        case "pointwise":
          return base;
        case "window": {
          const eff = map.dilation[i] * (map.kernel[i] - 1) + 1;
          return { size: base.size + (eff - 1) * base.jump, jump: base.jump * map.stride[i], start: base.start + ((eff - 1) / 2 - map.pad[i]) * base.jump };
        }
        case "upsample": {
          const f = map.factor[i];
          return { size: base.size + (map.kernel[i] - 1) * base.jump, jump: base.jump / f, start: base.start + base.jump * (0.5 / f - 0.5 + map.pad[i] / f) };
        }
      }
    }) as [FieldAxis, FieldAxis];
    rf.push({ h, w });
  }
  return rf;
}
