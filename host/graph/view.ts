// What `dlc graph` draws, before any drawing: boxes with their numbers,
// the blocks that contain them, and the values that flow between them.
// Built from the forward graph here and from the training graph in
// train_view.ts; folded by fold.ts; written as DOT by dot.ts. Keeping the
// picture's facts apart from DOT lets tests check them without Graphviz
// and lets the HTML's hover cards read the same numbers as the labels.

import { bytesOf, elementCount, type Graph, type LossSpec, type Shape } from "../../core/ir/graph.js";
import type { Analysis } from "../../compiler/passes/analyse.js";
import { fieldText } from "../cli/format.js";
import { blockPath } from "./blocks.js";
import { opDetail } from "./op_detail.js";

export type NodeRole = "input" | "label" | "op" | "output" | "loss" | "block";

/** A multi-node kernel of the compiled training step (train_view.ts): its position and how many graph nodes it computes. */
export interface KernelMark {
  readonly index: number;
  readonly size: number;
  /** Other multi-node kernels that recompute this value where they read it. */
  readonly alsoIn: readonly number[];
}

export interface ViewNode {
  /** Unique; the DOT node id and the key of the HTML's hover data. */
  readonly key: string;
  /** The IR node's full dotted name, a block's path, or an output's or loss's name. */
  readonly name: string;
  /** The name in the box when it is not the last segment of `name` (a backward node: ∇ and its forward node's). */
  readonly shown?: string;
  /** Op name; "block" for a folded block; "output" and the loss kind for those roles. */
  readonly op: string;
  /** Short attribute summary shown after the op ("3×3 /2"), or "" when there is nothing worth showing. */
  readonly detail: string;
  readonly role: NodeRole;
  /** The blocks around the node, outermost first (the cluster path). */
  readonly block: readonly string[];
  /** Part of the backward pass: drawn in the backward copies of its blocks. */
  readonly backward: boolean;
  readonly shape: Shape;
  readonly params: number;
  readonly macs: number;
  readonly flops: number;
  /** Bytes of its output values per sample (for a block: of all its values). */
  readonly activationBytes: number;
  /** Receptive field in input pixels, as the summary prints it; "" when it has none. */
  readonly field: string;
  /** IR nodes it stands for: 1, or a folded block's count. */
  readonly members: number;
  readonly kernel?: KernelMark;
  /** Extra lines for the hover card (a loss's label and weight). */
  readonly notes?: readonly string[];
}

export interface ViewEdge {
  readonly from: string;
  readonly to: string;
  /** The value's per-sample shape. */
  readonly shape: Shape;
  /** Both ends computed by this multi-node kernel (train_view.ts). */
  readonly fused?: number;
}

export interface View {
  readonly network: string;
  readonly nodes: readonly ViewNode[];
  readonly edges: readonly ViewEdge[];
  /** True for the training graph's picture. */
  readonly training: boolean;
}

export const nodeKey = (id: number): string => `n${id}`;
export const outputKey = (name: string): string => `out:${name}`;
export const lossKey = (name: string): string => `loss:${name}`;

/** Where a box is drawn: its blocks, its pass, its role when not the op's, the name it shows when not its own. */
export interface Place {
  readonly block: readonly string[];
  readonly backward: boolean;
  readonly role?: NodeRole;
  readonly shown?: string;
}

/** One box per IR node of a graph, with its analysed costs; `place` says where each is drawn. */
export function irNodes(g: Graph, a: Analysis, place: (id: number) => Place): ViewNode[] {
  return g.nodes.map((n, i) => {
    const c = a.nodes[i]!;
    const at = place(i);
    return {
      key: nodeKey(i),
      name: n.name,
      op: n.op,
      detail: opDetail(n.op, n.attrs),
      role: at.role ?? (n.op === "input" ? "input" : "op"),
      ...(at.shown !== undefined ? { shown: at.shown } : {}),
      block: at.block,
      backward: at.backward,
      shape: n.shape,
      params: c.params,
      macs: c.macs,
      flops: c.flops,
      activationBytes: elementCount(n.shape) * bytesOf(n.dtype),
      field: fieldText(a.receptiveFields[i]!),
      members: 1,
    };
  });
}

/** One edge per input of every IR node. */
export function irEdges(g: Graph): ViewEdge[] {
  return g.nodes.flatMap((n) => n.inputs.map((i): ViewEdge => ({ from: nodeKey(i), to: nodeKey(n.id), shape: g.nodes[i]!.shape })));
}

/** An output box per network output, fed by the node that computes it. */
export function outputBoxes(g: Graph, nodeOf: (id: number) => number): { nodes: ViewNode[]; edges: ViewEdge[] } {
  const nodes: ViewNode[] = [];
  const edges: ViewEdge[] = [];
  for (const o of g.outputs) {
    const src = g.nodes[o.node]!;
    nodes.push(marker(outputKey(o.name), o.name, "output", "output", src.shape));
    edges.push({ from: nodeKey(nodeOf(o.node)), to: outputKey(o.name), shape: src.shape });
  }
  return { nodes, edges };
}

/** A box with no costs of its own: an output or a loss. */
export function marker(key: string, name: string, op: string, role: NodeRole, shape: Shape, notes?: readonly string[]): ViewNode {
  return { key, name, op, detail: "", role, block: [], backward: false, shape, params: 0, macs: 0, flops: 0, activationBytes: 0, field: "", members: 1, ...(notes ? { notes } : {}) };
}

/**
 * The forward picture: every node in its blocks, an output box per output,
 * and, when the network has a training section, a box per loss (with its
 * label and weight) and their weighted total, so that multi-task training
 * is visible without --train.
 */
export function forwardView(g: Graph, a: Analysis): View {
  const nodes = irNodes(g, a, (id) => ({ block: blockPath(g.nodes[id]!.name), backward: false }));
  const edges = irEdges(g);
  const outs = outputBoxes(g, (id) => id);
  nodes.push(...outs.nodes);
  edges.push(...outs.edges);
  const losses = g.train?.losses ?? [];
  for (const l of losses) {
    const key = lossKey(l.output);
    nodes.push({ ...marker(key, `loss.${l.output}`, l.kind, "loss", [], [`label: ${l.label} ${formatDims(l.labelShape)} ${l.labelDType}`, `weight: ${l.weight}`]), detail: lossDetail(l) });
    edges.push({ from: outputKey(l.output), to: key, shape: g.nodes[g.outputs.find((o) => o.name === l.output)!.node]!.shape });
  }
  if (losses.length > 1) {
    const detail = totalDetail(losses);
    nodes.push({ ...marker(lossKey(""), "loss", "weighted_sum", "loss", [], [`total: ${detail}`]), detail });
    for (const l of losses) edges.push({ from: lossKey(l.output), to: lossKey(""), shape: [] });
  }
  return { network: g.name, nodes, edges, training: false };
}

/** What a loss box says under its name: its label and, unless 1, its weight. */
export function lossDetail(l: Pick<LossSpec, "label" | "weight">): string {
  return `vs ${l.label}${l.weight === 1 ? "" : ` · ×${l.weight}`}`;
}

/** The weighted total of several losses: "logits + 0.3·aux1". */
export function totalDetail(ls: readonly Pick<LossSpec, "output" | "weight">[]): string {
  return ls.map((l) => `${l.weight === 1 ? "" : `${l.weight}·`}${l.output}`).join(" + ");
}

/** [3, 224, 224] as "[3, 224, 224]"; a scalar as "[]". */
export function formatDims(shape: Shape): string {
  return `[${shape.join(", ")}]`;
}
