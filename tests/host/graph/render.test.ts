import { describe, expect, it } from "vitest";
import { checkFile } from "../../../compiler/pipeline.js";
import { forwardView } from "../../../host/graph/view.js";
import { foldView } from "../../../host/graph/fold.js";
import { toDot } from "../../../host/graph/dot.js";
import { layoutSvg, LayoutError } from "../../../host/graph/layout.js";
import { toHtml, type HoverCard } from "../../../host/graph/html.js";
import { limitFor } from "../../helpers/time_limits.js";

// The picture as Graphviz (WebAssembly) lays it out: every box's text in
// the SVG, and the HTML page self-contained with a hover card per box.

const FILE = "tests/host/graph/two_heads.net";

function view(depth?: number) {
  const r = checkFile(FILE);
  if (!r.graph || !r.analysis) throw new Error(`${FILE} does not compile`);
  const v = forwardView(r.graph, r.analysis);
  return depth === undefined ? v : foldView(v, depth);
}

/** The text Graphviz drew: every <text> element's content, entities decoded. */
function texts(svg: string): string[] {
  const decode = (s: string) => s.replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d))).replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => decode(m[1]!));
}

/** The <g class="node"> groups of the SVG, by id, with the text inside each. */
function nodeGroups(svg: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of svg.matchAll(/<g id="([^"]+)" class="node">([\s\S]*?)<\/g>/g)) out.set(m[1]!, texts(m[2]!));
  return out;
}

describe("dlc graph: SVG and HTML", () => {
  it("renders every box with its name, op, shape and costs", { timeout: limitFor(2) }, async () => {
    const v = view();
    const svg = await layoutSvg(toDot(v));
    expect(svg).toMatch(/^<\?xml/);
    const groups = nodeGroups(svg);
    expect([...groups.keys()].sort()).toEqual(v.nodes.map((n) => n.key).sort());
    for (const n of v.nodes) {
      const lines = groups.get(n.key)!.join(" ");
      expect(lines, n.key).toContain(n.name.split(".").pop()!);
      if (n.role !== "loss") expect(lines, n.key).toContain(n.shape.length ? n.shape.join("×") : "scalar");
    }
    expect(groups.get(v.nodes.find((n) => n.name === "stem.conv1")!.key)!.join(" ")).toContain("216 params · 13.8 K MACs");
    // Cluster titles are drawn too.
    expect(texts(svg)).toEqual(expect.arrayContaining(["stem", "body", "conv_bn1"]));
    // And the edges' shapes.
    expect(texts(svg)).toContain("8×8×8");
  });

  it("folded at depth 0, renders the blocks as boxes with their op counts", { timeout: limitFor(2) }, async () => {
    const svg = await layoutSvg(toDot(view(0)));
    const groups = nodeGroups(svg);
    expect(groups.get("block:body")!.join(" ")).toContain("block · 7 ops");
    expect(groups.has("n4")).toBe(false);
  });

  it("writes one self-contained HTML page: no URL, the SVG inline, a hover card per box", { timeout: limitFor(2) }, async () => {
    const v = view();
    const html = toHtml(v, await layoutSvg(toDot(v)));
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    // Nothing is fetched: no URL of any scheme, no src or href, no external stylesheet or module.
    expect(html).not.toMatch(/https?:|\/\/[a-z0-9.-]+\/|\bsrc=|\bhref=|@import|<link\b/i);
    expect(html).not.toContain("<?xml");
    expect(html).not.toContain("<!DOCTYPE svg");
    expect(html).toMatch(/<div id="view"><svg[\s>]/);
    // One inline script of code and one of JSON data; the data parses and covers every box.
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map((s) => s[1]!.trim())).toEqual(['type="application/json" id="dlc-hover"', ""]);
    const cards = JSON.parse(scripts[0]![2]!) as Record<string, HoverCard>;
    expect(Object.keys(cards).sort()).toEqual(v.nodes.map((n) => n.key).sort());
    const conv = cards[v.nodes.find((n) => n.name === "body.conv1")!.key]!;
    expect(conv.title).toBe("body.conv1");
    const rows = new Map(conv.rows);
    expect(rows.get("output shape")).toBe("[8, 8, 8]");
    expect(rows.get("params")).toBe("576");
    expect(rows.get("MACs")).toBe("36.9 K (36,864)");
    expect(rows.get("receptive field")).toBe("11 /2 (size /jump, input pixels)");
    expect(rows.get("activation")).toBe("2.00 KiB per sample");
    expect(rows.get("parameter memory")).toBe("2.25 KiB");
    // The script wires what it needs: the cards, pan, zoom and hover.
    const code = scripts[1]![2]!;
    for (const hook of ['getElementById("dlc-hover")', '"wheel"', '"pointermove"', '"mouseenter"', "viewBox"]) expect(code).toContain(hook);
  });

  it("keeps a name that looks like markup inert in the page's data", () => {
    const v = view();
    const sneaky = { ...v, nodes: v.nodes.map((n, i) => (i === 1 ? { ...n, name: "</script><script>alert(1)</script>" } : n)) };
    const html = toHtml(sneaky, "<svg></svg>");
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).toContain("\\u003c/script>\\u003cscript>alert(1)\\u003c/script>");
  });

  it("reports Graphviz's own message for text it cannot lay out", { timeout: limitFor(2) }, async () => {
    await expect(layoutSvg("digraph { a -> }")).rejects.toThrow(LayoutError);
    await expect(layoutSvg("digraph { a -> }")).rejects.toThrow(/syntax error/);
  });
});
