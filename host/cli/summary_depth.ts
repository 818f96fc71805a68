// `dlc summary --depth N`: the table folded by block, as torchinfo's depth.
// A node inside more than N blocks is counted into its block at level
// N + 1 (host/graph/fold.ts), whose row gives the totals of its nodes:
// parameters, MACs, FLOPs and the bytes of their values per sample; its
// shape and receptive field are those of the value the block hands on.

import { bytesOf, elementCount, type Graph, type Shape } from "../../core/ir/graph.js";
import type { Analysis } from "../../compiler/passes/analyse.js";
import { exitOf, groupByBlock } from "../graph/fold.js";
import { blockPath } from "../graph/blocks.js";
import { escapeControl } from "../../core/diagnostics/printable.js";
import { compactTable } from "./table.js";
import { fieldText } from "./format.js";
import { bytes, si, thousands } from "./format.js";

export interface FoldedRow {
  readonly name: string;
  /** The node's op, or "block" for a folded block. */
  readonly op: string;
  /** IR nodes in the row: 1, or the block's count. */
  readonly ops: number;
  readonly shape: Shape;
  readonly params: number;
  readonly macs: number;
  readonly flops: number;
  /** Bytes of the row's values per sample (a block: all of its nodes' outputs). */
  readonly activationBytes: number;
  readonly receptiveField: string;
}

export function foldedRows(g: Graph, a: Analysis, depth: number): FoldedRow[] {
  const readers: number[][] = g.nodes.map(() => []);
  for (const n of g.nodes) for (const i of n.inputs) readers[i]!.push(n.id);
  const groups = groupByBlock(g.nodes.map((n) => ({ block: blockPath(n.name) })), depth);
  return groups.map((grp) => {
    const exit = g.nodes[exitOf(grp.members, (i) => readers[i]!)]!;
    const total = (f: (i: number) => number) => grp.members.reduce((s, i) => s + f(i), 0);
    return {
      name: grp.block ? grp.block.join(".") : exit.name,
      op: grp.block ? "block" : exit.op,
      ops: grp.members.length,
      shape: exit.shape,
      params: total((i) => a.nodes[i]!.params),
      macs: total((i) => a.nodes[i]!.macs),
      flops: total((i) => a.nodes[i]!.flops),
      activationBytes: total((i) => elementCount(g.nodes[i]!.shape) * bytesOf(g.nodes[i]!.dtype)),
      receptiveField: fieldText(a.receptiveFields[exit.id]!),
    };
  });
}

/** The folded table: the summary's columns plus each row's activation memory per sample. */
export function foldedTable(rows: readonly FoldedRow[]): string {
  const cells: string[][] = [["Node", "Op", "Output shape", "Params", "MACs", "Activations", "Receptive field"]];
  for (const r of rows) {
    cells.push([
      escapeControl(r.name),
      r.op === "block" ? `block, ${thousands(r.ops)} ops` : r.op,
      `[${r.shape.join(", ")}]`,
      r.params ? thousands(r.params) : "",
      r.macs ? si(r.macs) : "",
      bytes(r.activationBytes),
      r.receptiveField,
    ]);
  }
  return compactTable(cells, ["left", "left", "left", "right", "right", "right", "right"]);
}
