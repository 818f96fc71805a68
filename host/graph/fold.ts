// Folding by depth, as torchinfo's `depth`: a node inside more than N
// levels of blocks is counted into its enclosing block at level N + 1,
// which then stands for all of them with their totals. Depth 0 folds every
// top-level block into one row (or box); a large depth folds nothing.
// `dlc summary --depth` folds the table's rows with `groupByBlock`,
// `dlc graph --depth` folds a picture with `foldView`.

import type { ViewEdge, ViewNode, View } from "./view.js";

export interface Placed {
  /** Blocks around the item, outermost first. */
  readonly block: readonly string[];
  /** Items of another pass (backward) fold into their own copy of a block. */
  readonly backward?: boolean;
}

export interface Group {
  /** The folded block's path; undefined for an item that stays itself. */
  readonly block?: readonly string[];
  readonly backward: boolean;
  /** Indices of the items, in order. */
  readonly members: number[];
}

/**
 * Items grouped for depth N, in order of first appearance: an item nested
 * in at most N blocks is a group of its own; deeper ones join the group of
 * their block at level N + 1.
 */
export function groupByBlock(items: readonly Placed[], depth: number): Group[] {
  const groups: Group[] = [];
  const byKey = new Map<string, Group>();
  items.forEach((it, i) => {
    const backward = it.backward === true;
    if (it.block.length <= depth) {
      groups.push({ backward, members: [i] });
      return;
    }
    const block = it.block.slice(0, depth + 1);
    const key = `${backward ? "b" : "f"}:${block.join(".")}`;
    let g = byKey.get(key);
    if (!g) {
      g = { block, backward, members: [] };
      byKey.set(key, g);
      groups.push(g);
    }
    g.members.push(i);
  });
  return groups;
}

/**
 * The member that stands for a folded group's value: the last one read
 * outside the group; else (a block that ends the graph, or a backward block
 * whose gradients all go to parameters) the last one nobody reads.
 */
export function exitOf(members: readonly number[], readers: (i: number) => readonly number[]): number {
  const inside = new Set(members);
  const last = (keep: (r: readonly number[]) => boolean) => [...members].reverse().find((m) => keep(readers(m)));
  return last((r) => r.some((j) => !inside.has(j))) ?? last((r) => r.length === 0) ?? members[members.length - 1]!;
}

export const blockKey = (block: readonly string[], backward: boolean): string => `block:${backward ? "grad:" : ""}${block.join(".")}`;

function sum(nodes: readonly ViewNode[], f: (n: ViewNode) => number): number {
  return nodes.reduce((a, n) => a + f(n), 0);
}

/** The picture with blocks deeper than `depth` folded into one box each, with their totals; edges between the same boxes merged per value. */
export function foldView(v: View, depth: number): View {
  const index = new Map(v.nodes.map((n, i) => [n.key, i]));
  const readers: number[][] = v.nodes.map(() => []);
  for (const e of v.edges) readers[index.get(e.from)!]!.push(index.get(e.to)!);
  const groups = groupByBlock(v.nodes, depth);
  const keyOf = new Array<string>(v.nodes.length);
  const nodes: ViewNode[] = groups.map((g) => {
    if (!g.block) {
      const n = v.nodes[g.members[0]!]!;
      keyOf[g.members[0]!] = n.key;
      return n;
    }
    const key = blockKey(g.block, g.backward);
    for (const m of g.members) keyOf[m] = key;
    const members = g.members.map((m) => v.nodes[m]!);
    const exit = v.nodes[exitOf(g.members, (i) => readers[i]!)]!;
    return {
      key,
      name: g.block.join("."),
      op: "block",
      detail: "",
      role: "block",
      block: g.block.slice(0, -1),
      backward: g.backward,
      shape: exit.shape,
      params: sum(members, (n) => n.params),
      macs: sum(members, (n) => n.macs),
      flops: sum(members, (n) => n.flops),
      activationBytes: sum(members, (n) => n.activationBytes),
      field: exit.field,
      members: sum(members, (n) => n.members),
    };
  });
  const seen = new Set<string>();
  const edges: ViewEdge[] = [];
  for (const e of v.edges) {
    const from = keyOf[index.get(e.from)!]!;
    const to = keyOf[index.get(e.to)!]!;
    if (from === to) continue;
    // One edge per value between two boxes: a block reading one tensor in two places draws one arrow.
    const id = `${from}\u0000${to}\u0000${e.from}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const keepsFusion = e.fused !== undefined && from === e.from && to === e.to;
    edges.push({ from, to, shape: e.shape, ...(keepsFusion ? { fused: e.fused } : {}) });
  }
  return { ...v, nodes, edges };
}
