import { describe, expect, it } from "vitest";
import { checkFile } from "../../../compiler/pipeline.js";
import { forwardView, type View } from "../../../host/graph/view.js";
import { foldView } from "../../../host/graph/fold.js";
import { toDot } from "../../../host/graph/dot.js";

// The DOT text of `dlc graph` for a small network with blocks nested two
// deep, a residual add, two heads and two losses: clusters, labels, edge
// shapes, outputs and losses, and folding by depth. Checked on the text
// Graphviz reads, statement by statement (dot.ts writes one per line).

const FILE = "tests/host/graph/two_heads.net";

function compiled() {
  const r = checkFile(FILE);
  if (!r.graph || !r.analysis) throw new Error(`${FILE}: ${r.diagnostics.map((d) => d.message).join("; ")}`);
  return { graph: r.graph, analysis: r.analysis };
}

interface Statements {
  /** Node id → its attribute text. */
  readonly nodes: Map<string, string>;
  readonly edges: { from: string; to: string; attrs: string }[];
  /** Cluster labels, in order, with the nodes declared directly inside each. */
  readonly clusters: { label: string; nodes: string[] }[];
}

/** The statements of toDot's text. */
function statements(dot: string): Statements {
  const nodes = new Map<string, string>();
  const edges: Statements["edges"] = [];
  const clusters: Statements["clusters"] = [];
  const open: { label: string; nodes: string[] }[] = [];
  for (const line of dot.split("\n")) {
    const t = line.trim();
    const edge = t.match(/^"([^"]+)" -> "([^"]+)"(?: \[(.*)\])?;$/);
    const node = t.match(/^"([^"]+)" \[(.*)\];$/);
    if (t.startsWith("subgraph cluster_")) open.push({ label: "", nodes: [] });
    else if (t.startsWith("id=") && open.length) open[open.length - 1]!.label = t.match(/label=<<b>([^<]*)<\/b>>/)![1]!;
    else if (t === "}" && open.length) clusters.push(open.pop()!);
    else if (edge) edges.push({ from: edge[1]!, to: edge[2]!, attrs: edge[3] ?? "" });
    else if (node) {
      nodes.set(node[1]!, node[2]!);
      if (open.length) open[open.length - 1]!.nodes.push(node[1]!);
    }
  }
  return { nodes, edges, clusters };
}

const keyOf = (v: View, name: string) => v.nodes.find((n) => n.name === name)!.key;

describe("dlc graph: DOT", () => {
  const { graph, analysis } = compiled();
  const view = forwardView(graph, analysis);
  const s = statements(toDot(view));

  it("draws one box per IR node, with its name, op, output shape, params and MACs", () => {
    for (const [i, n] of graph.nodes.entries()) {
      const attrs = s.nodes.get(`n${i}`);
      expect(attrs, n.name).toBeDefined();
      expect(attrs).toContain(`<b>${n.name.split(".").pop()}</b>`);
      expect(attrs).toContain(n.shape.join("×"));
    }
    // An explicitly named layer also shows its op; an auto-named one (conv1) does not repeat it.
    expect(s.nodes.get(keyOf(view, "cls"))).toContain(">dense<");
    const conv = s.nodes.get(keyOf(view, "stem.conv1"))!;
    expect(conv).toContain("3×3 /2");
    expect(conv).toContain("216 params · 13.8 K MACs");
  });

  it("puts every block instance in a cluster of its own, nested as the blocks are", () => {
    const labels = s.clusters.map((c) => c.label).sort();
    expect(labels).toEqual(["body", "conv_bn1", "stem"]);
    const inner = s.clusters.find((c) => c.label === "conv_bn1")!;
    expect(inner.nodes.sort()).toEqual(["body.conv_bn1.conv1", "body.conv_bn1.bn1", "body.conv_bn1.relu1"].map((n) => keyOf(view, n)).sort());
    const body = s.clusters.find((c) => c.label === "body")!;
    expect(body.nodes).toContain(keyOf(view, "body.add1"));
    expect(body.nodes).not.toContain(keyOf(view, "body.conv_bn1.conv1"));
    // Top-level nodes are in no cluster.
    for (const c of s.clusters) expect(c.nodes).not.toContain(keyOf(view, "gap1"));
  });

  it("labels edges with shapes where values branch, meet or cross a block's border, and not inside a plain chain", () => {
    const edge = (a: string, b: string) => s.edges.find((e) => e.from === keyOf(view, a) && e.to === keyOf(view, b))!;
    // Into the add (a merge) and out of stem (a border): labelled.
    expect(edge("body.bn1", "body.add1").attrs).toContain('label="8×8×8"');
    expect(edge("stem.relu1", "body.add1").attrs).toContain('label="8×8×8"');
    expect(edge("body.relu1", "gap1").attrs).toContain('label="8×8×8"');
    // gap1 feeds both heads: each edge says what it carries.
    expect(edge("gap1", "cls").attrs).toContain('label="8"');
    expect(edge("gap1", "reg").attrs).toContain('label="8"');
    // conv → bn inside one block: the box already shows the shape.
    expect(edge("stem.conv1", "stem.bn1").attrs).not.toContain("label=");
    // One edge per input of every node, no more.
    const irEdges = graph.nodes.reduce((a, n) => a + n.inputs.length, 0);
    expect(s.edges.filter((e) => e.from.startsWith("n") && e.to.startsWith("n")).length).toBe(irEdges);
  });

  it("shows both heads as outputs and the training section's losses with their weights", () => {
    expect(s.edges).toContainEqual(expect.objectContaining({ from: keyOf(view, "cls"), to: "out:logits" }));
    expect(s.edges).toContainEqual(expect.objectContaining({ from: keyOf(view, "sigmoid1"), to: "out:box" }));
    expect(s.edges).toContainEqual(expect.objectContaining({ from: "out:logits", to: "loss:logits" }));
    expect(s.edges).toContainEqual(expect.objectContaining({ from: "out:box", to: "loss:box" }));
    expect(s.nodes.get("loss:logits")).toContain("cross_entropy");
    expect(s.nodes.get("loss:box")).toContain("vs target · ×0.5");
    // The weighted total reads both losses.
    expect(s.edges.filter((e) => e.to === "loss:").map((e) => e.from).sort()).toEqual(["loss:box", "loss:logits"]);
    expect(s.nodes.get("loss:")).toContain("logits + 0.5·box");
  });

  it("--depth 0 folds each top-level block into one box with the totals of its nodes", () => {
    const folded = foldView(view, 0);
    const f = statements(toDot(folded));
    expect(f.clusters).toEqual([]);
    for (const block of ["stem", "body"]) {
      const members = graph.nodes.filter((n) => n.name.startsWith(`${block}.`));
      const box = folded.nodes.find((n) => n.key === `block:${block}`)!;
      // Totals summed here from the analysis, node by node.
      expect(box.params).toBe(members.reduce((a, n) => a + analysis.nodes[n.id]!.params, 0));
      expect(box.macs).toBe(members.reduce((a, n) => a + analysis.nodes[n.id]!.macs, 0));
      expect(box.members).toBe(members.length);
      expect(f.nodes.get(`block:${block}`)).toContain(`block · ${members.length} ops`);
      for (const m of members) expect(f.nodes.has(`n${m.id}`)).toBe(false);
    }
    // stem → body: one edge (the residual reads stem's value twice inside body); a plain chain, so no label.
    const between = f.edges.filter((e) => e.from === "block:stem" && e.to === "block:body");
    expect(between).toHaveLength(1);
    expect(between[0]!.attrs).not.toContain("label=");
    expect(f.edges).toContainEqual(expect.objectContaining({ from: "block:body", to: keyOf(view, "gap1") }));
    // gap1 still branches to both heads.
    expect(f.edges.find((e) => e.from === keyOf(view, "gap1") && e.to === keyOf(view, "cls"))!.attrs).toContain('label="8"');
    // Nothing else changes: the heads and losses stay.
    expect(f.nodes.has("loss:box")).toBe(true);
  });

  it("--depth 1 folds only the block nested in body, inside body's cluster", () => {
    const f = statements(toDot(foldView(view, 1)));
    expect(f.clusters.map((c) => c.label).sort()).toEqual(["body", "stem"]);
    expect(f.clusters.find((c) => c.label === "body")!.nodes).toContain("block:body.conv_bn1");
    // A depth beyond the deepest block folds nothing.
    expect(toDot(foldView(view, 5))).toBe(toDot(view));
  });
});
