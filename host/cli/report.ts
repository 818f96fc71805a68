// What `dlc summary` prints: a torchinfo-like table and totals, or one JSON
// object with the fields the issue tracker's contract names.

import { compactTable } from "./table.js";
import type { Graph } from "../../core/ir/graph.js";
import type { Analysis, TrainingAnalysis } from "../../compiler/passes/analyse.js";
import type { ReceptiveField } from "../../compiler/passes/receptive_field.js";
import { escapeControl } from "../../core/diagnostics/printable.js";
import { bytes, fieldText, si, thousands } from "./format.js";

function fieldJson(f: ReceptiveField) {
  if (f === null || f === "global") return f;
  return { size: [f.h.size, f.w.size], jump: [f.h.jump, f.w.jump], start: [f.h.start, f.w.start] };
}

export function summaryJson(g: Graph, a: Analysis) {
  return {
    network: g.name,
    inputs: g.inputs.map((i) => ({ name: g.nodes[i]!.name, shape: [...g.nodes[i]!.shape], dtype: g.nodes[i]!.dtype })),
    outputs: g.outputs.map((o) => ({ name: o.name, shape: [...g.nodes[o.node]!.shape] })),
    nodes: g.nodes.map((n, i) => ({
      name: n.name,
      op: n.op,
      shape: [...n.shape],
      params: a.nodes[i]!.params,
      macs: a.nodes[i]!.macs,
      flops: a.nodes[i]!.flops,
      receptiveField: fieldJson(a.receptiveFields[i]!),
    })),
    totals: {
      params: a.totals.params,
      trainableParams: a.totals.trainableParams,
      buffers: a.totals.buffers,
      macs: a.totals.macs,
      flops: a.totals.flops,
      activationBytes: a.memory.activationBytes,
      activationSumBytes: a.memory.activationSumBytes,
      paramBytes: a.memory.paramBytes,
      trainingBytes: a.memory.trainingBytes,
      trainingBatch: a.memory.batch,
    },
  };
}

function nodeTable(g: Graph, a: Analysis): string {
  const rows: string[][] = [["Node", "Op", "Output shape", "Params", "MACs", "Receptive field"]];
  g.nodes.forEach((n, i) => {
    const c = a.nodes[i]!;
    // Names come from the source; the lexer admits no control characters, but the table must not trust that.
    rows.push([escapeControl(n.name), n.op, `[${n.shape.join(", ")}]`, c.params ? thousands(c.params) : "", c.macs ? si(c.macs) : "", fieldText(a.receptiveFields[i]!)]);
  });
  return compactTable(rows, ["left", "left", "left", "right", "right", "right"]);
}

/** The table and totals; `folded` (summary_depth.ts, with --depth) replaces the row per node. */
export function summaryText(g: Graph, a: Analysis, folded?: string): string {
  const table = folded ?? nodeTable(g, a);
  const t = a.totals;
  const m = a.memory;
  const lines = [
    `network ${escapeControl(g.name)}`,
    table,
    `Total params:             ${thousands(t.params)}`,
    `Trainable params:         ${thousands(t.trainableParams)}`,
    `Non-trainable params:     ${thousands(t.params - t.trainableParams)}`,
    ...(t.buffers ? [`Buffers (not params):     ${thousands(t.buffers)}`] : []),
    `MACs (conv/dense/matmul): ${si(t.macs)} (${thousands(t.macs)})`,
    `FLOPs (2×MACs + other):   ${si(t.flops)}`,
    `Activations per sample:   ${bytes(m.activationBytes)} peak, ${bytes(m.activationSumBytes)} summed`,
    `Parameters size:          ${bytes(m.paramBytes)}`,
    `Training memory estimate: ${bytes(m.trainingBytes)} at batch ${m.batch} (every activation kept; --train plans it)`,
    `Receptive field: size /jump in input pixels`,
  ];
  return lines.join("\n") + "\n";
}

/** What the compiled WebGPU step of a training graph uses (codegen/program.ts), beside the graph-level plan. */
export interface CompiledStep {
  readonly kernels: number;
  readonly arenaBytes: number;
  readonly lowerBoundBytes: number;
}

export function trainingText(t: TrainingAnalysis, step?: CompiledStep): string {
  const m = t.memory;
  return [
    `Training step (${t.nodes} nodes):`,
    `  FLOPs per sample:       ${si(t.flops)} (forward ${si(t.forwardFlops)}, backward ${si(t.backwardFlops)})`,
    `  Memory at batch ${m.batch}:     ${bytes(m.totalBytes)}`,
    `    activations planned:  ${bytes(m.plannedBytes)} (liveness lower bound ${bytes(m.lowerBoundBytes)}; ${bytes(m.naiveValueBytes)} if every value had its own buffer)`,
    `    weights, gradients and optimizer state: ${bytes(m.stateBytes)}`,
    ...(step
      ? [`  Compiled WebGPU step:   ${thousands(step.kernels)} kernels; activations ${bytes(step.arenaBytes)} after fusion (liveness lower bound ${bytes(step.lowerBoundBytes)}; gradients in their own buffer)`]
      : []),
  ].join("\n") + "\n";
}
