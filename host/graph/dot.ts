// A picture's DOT text: one box per node with a compact label (name and op,
// output shape, parameters and MACs), blocks as nested clusters, edges
// labelled with the shape they carry (where it says something: see
// `labelled`), colours by op family (family.ts) and
// the fused kernels of --train drawn heavy in a colour per kernel. Graphviz
// lays it out (layout.ts); nothing here knows about SVG.

import { si, thousands } from "../cli/format.js";
import { familyOf, PALETTE } from "./family.js";
import type { View, ViewEdge, ViewNode } from "./view.js";

// Graphviz in WebAssembly has no fonts: it sizes text from its built-in
// metrics, which it has for Helvetica (and Times and Courier). Any viewer's
// Helvetica or its metric twins (Arial, Liberation Sans) then fit the boxes.
// Bold text is written <b>…</b>, the one way its wider metrics are used
// ("Helvetica-Bold" as a font name is measured as a narrower fallback).
const FONT = "Helvetica";

/** Colours of fused kernels, cycled by kernel number: saturated, to stand out from the pale fills. */
const KERNEL_COLOURS = ["#dc2626", "#2563eb", "#059669", "#d97706", "#7c3aed", "#db2777", "#0891b2", "#65a30d"];

export const kernelColour = (k: number): string => KERNEL_COLOURS[k % KERNEL_COLOURS.length]!;

/** Text inside a DOT HTML-like label. */
function html(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A DOT double-quoted string. */
export function quote(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

/** 64×56×56; "scalar" for []. */
export function compactShape(shape: readonly number[]): string {
  return shape.length === 0 ? "scalar" : shape.join("×");
}

/** The name shown in a box: the last segment inside a cluster (the cluster names the rest). */
function shownName(n: ViewNode): string {
  if (n.shown !== undefined) return n.shown;
  if (n.role !== "op" && n.role !== "block") return n.name;
  const dot = n.name.lastIndexOf(".");
  return dot < 0 ? n.name : n.name.slice(dot + 1);
}

/** What follows the name on the first line: the op unless the name already says it (conv1), and its detail. */
function opText(n: ViewNode, name: string): string {
  if (n.role === "block") return `block · ${thousands(n.members)} ops`;
  if (n.role === "input" || n.role === "label") return n.role;
  if (n.role === "loss") return n.op;
  // Op names are [a-z0-9_]: safe inside a pattern. conv1 and conv1_2 (a shared layer's second use) are auto names.
  const autoNamed = n.role === "op" && new RegExp(`^${n.op}\\d*(_\\d+)?$`).test(name);
  return [autoNamed ? "" : n.op, n.detail].filter((s) => s !== "").join(" ");
}

/** The cost line: parameters and MACs where there are any. */
export function costText(n: Pick<ViewNode, "params" | "macs">): string {
  const parts: string[] = [];
  if (n.params) parts.push(`${si(n.params)} params`);
  if (n.macs) parts.push(`${si(n.macs)} MACs`);
  return parts.join(" · ");
}

/** The HTML-like label: bold name and op, the output shape, the costs, the kernel mark. */
export function nodeLabel(n: ViewNode): string {
  const name = shownName(n);
  const op = opText(n, name);
  // &#160;: a plain space next to a tag is dropped by Graphviz's HTML labels.
  const lines = [`<b>${html(name)}</b>${op ? `&#160;&#160;<font color="#57534e">${html(op)}</font>` : ""}`];
  // A loss is a scalar: its second line says what it compares and how it weighs.
  if (n.role !== "loss") lines.push(html(compactShape(n.shape)));
  else if (n.detail) lines.push(`<font point-size="9">${html(n.detail)}</font>`);
  const cost = costText(n);
  if (cost) lines.push(`<font point-size="9" color="#57534e">${html(cost)}</font>`);
  if (n.kernel) lines.push(`<font point-size="9" color="${kernelColour(n.kernel.index)}"><b>kernel ${n.kernel.index}</b> · ${n.kernel.size} nodes</font>`);
  return `<${lines.join("<br/>")}>`;
}

function nodeStatement(n: ViewNode, indent: string): string {
  const p = PALETTE[familyOf(n.op, n.role)];
  const ends = n.role === "input" || n.role === "label" || n.role === "output";
  const style = ["filled", ...(ends || n.role === "loss" ? [] : ["rounded"]), ...(n.backward ? ["dashed"] : []), ...(n.role === "block" ? ["bold"] : [])];
  const attrs: string[] = [`id=${quote(n.key)}`, `label=${nodeLabel(n)}`, `style="${style.join(",")}"`];
  // A backward node: white, in the border colour of the family of the op it differentiates.
  attrs.push(`fillcolor="${n.backward ? "#ffffff" : p.fill}"`);
  if (n.role === "loss") attrs.push("shape=octagon");
  if (n.kernel) attrs.push(`color="${kernelColour(n.kernel.index)}"`, "penwidth=2.6");
  else attrs.push(`color="${p.border}"`, ...(n.role === "block" || ends ? ["penwidth=1.6"] : []));
  return `${indent}${quote(n.key)} [${attrs.join(", ")}];`;
}

interface Cluster {
  readonly label: string;
  readonly nodes: ViewNode[];
  readonly children: Map<string, Cluster>;
  readonly backward: boolean;
}

/** Cluster fills by nesting depth, darkening a little at each level so nested blocks stay apart. */
const FORWARD_FILLS = ["#fafaf9", "#f5f5f4", "#efeeec", "#e7e5e4"];
const BACKWARD_FILLS = ["#fdf8f3", "#faf1e6", "#f6e9d8", "#f1e0ca"];

function clusterTree(v: View): Cluster {
  const root: Cluster = { label: "", nodes: [], children: new Map(), backward: false };
  for (const n of v.nodes) {
    // Forward and backward copies of a block are different clusters.
    let at = root;
    n.block.forEach((seg, i) => {
      const key = `${n.backward ? "b" : "f"}:${seg}`;
      let c = at.children.get(key);
      if (!c) {
        c = { label: n.block.slice(0, i + 1).join("."), nodes: [], children: new Map(), backward: n.backward };
        at.children.set(key, c);
      }
      at = c;
    });
    at.nodes.push(n);
  }
  return root;
}

function writeCluster(c: Cluster, depth: number, out: string[], counter: { n: number }): void {
  const indent = "  ".repeat(depth + 1);
  for (const child of c.children.values()) {
    const fills = child.backward ? BACKWARD_FILLS : FORWARD_FILLS;
    const seg = child.label.slice(child.label.lastIndexOf(".") + 1);
    out.push(`${indent}subgraph cluster_${counter.n++} {`);
    out.push(`${indent}  id=${quote(`cluster:${child.backward ? "grad:" : ""}${child.label}`)}; label=<<b>${html(child.backward ? `∇ ${seg}` : seg)}</b>>; tooltip=${quote(child.label)};`);
    out.push(`${indent}  style="rounded,filled"; fillcolor="${fills[Math.min(depth, fills.length - 1)]}"; color="#a8a29e"; fontsize=10; fontcolor="#57534e"; margin=10;`);
    writeCluster(child, depth + 1, out, counter);
    out.push(`${indent}}`);
  }
  for (const n of c.nodes) out.push(nodeStatement(n, indent));
}

/** The picture's title: the network and its totals. */
export function titleOf(v: View): string {
  const params = v.nodes.reduce((a, n) => a + n.params, 0);
  const macs = v.nodes.reduce((a, n) => a + n.macs, 0);
  return `${v.network}${v.training ? " (training step)" : ""} · ${si(params)} params · ${si(macs)} MACs`;
}

/**
 * Whether an edge carries its shape as a label. A box already shows the
 * shape it computes, so a label inside a plain chain (conv → bn → relu)
 * only repeats it; shapes are written where the box that computed the
 * value may be far away: where a value leaves or enters a block's cluster,
 * where it branches, and where values meet (add, concat), so that the
 * shapes of a merge are read at the merge.
 */
function labelled(e: ViewEdge, byKey: ReadonlyMap<string, ViewNode>, outs: ReadonlyMap<string, number>, ins: ReadonlyMap<string, number>): boolean {
  const a = byKey.get(e.from)!;
  const b = byKey.get(e.to)!;
  const crosses = a.backward !== b.backward || a.block.length !== b.block.length || a.block.some((s, i) => s !== b.block[i]);
  return crosses || (outs.get(e.from) ?? 0) > 1 || (ins.get(e.to) ?? 0) > 1;
}

/** The DOT text of a picture. */
export function toDot(v: View): string {
  const out: string[] = [];
  out.push(`digraph ${quote(v.network)} {`);
  // newrank ranks across cluster borders: straighter chains, and the backward pass of --train beside the forward one.
  out.push(`  graph [rankdir=TB, newrank=true, nodesep=0.22, ranksep=0.28, fontname=${quote(FONT)}, fontsize=14, labelloc=t, labeljust=l, label=<<b>${html(titleOf(v))}</b>>, bgcolor="#ffffff", pad=0.2];`);
  out.push(`  node [shape=box, style="rounded,filled", fontname=${quote(FONT)}, fontsize=10, margin="0.10,0.04", height=0.3, penwidth=1.2];`);
  out.push(`  edge [fontname=${quote(FONT)}, fontsize=8, fontcolor="#78716c", color="#78716c", arrowsize=0.6, penwidth=1];`);
  writeCluster(clusterTree(v), 0, out, { n: 0 });
  const byKey = new Map(v.nodes.map((n) => [n.key, n]));
  const outs = new Map<string, number>();
  const ins = new Map<string, number>();
  for (const e of v.edges) {
    outs.set(e.from, (outs.get(e.from) ?? 0) + 1);
    ins.set(e.to, (ins.get(e.to) ?? 0) + 1);
  }
  for (const e of v.edges) {
    const attrs: string[] = [];
    const a = byKey.get(e.from)!;
    const b = byKey.get(e.to)!;
    // A forward value the backward pass reads again: its shape is on its box already.
    const saved = !a.backward && b.backward;
    if (e.shape.length && !saved && labelled(e, byKey, outs, ins)) attrs.push(`label=${quote(compactShape(e.shape))}`);
    if (e.fused !== undefined) attrs.push("penwidth=2.6", `color="${kernelColour(e.fused)}"`);
    // The training picture as backprop is drawn: forward down, losses at the
    // bottom, the backward pass climbing back up beside the forward one.
    // Gradient edges are laid out reversed (arrows still point the way
    // values flow), and a saved forward value may sit on its reader's rank.
    if (a.backward && b.backward) {
      out.push(`  ${quote(e.to)} -> ${quote(e.from)} [${[...attrs, "dir=back"].join(", ")}];`);
      continue;
    }
    if (saved) attrs.push("minlen=0", "style=dashed", `color="#c4bfbb"`);
    out.push(`  ${quote(e.from)} -> ${quote(e.to)}${attrs.length ? ` [${attrs.join(", ")}]` : ""};`);
  }
  out.push("}");
  return out.join("\n") + "\n";
}
