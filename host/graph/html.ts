// The .html form of a picture: one self-contained file (no external URL, no
// script or font fetched) holding the SVG inline, each node's hover data as
// JSON, a legend of the colours, and a small script for pan (drag), zoom
// (wheel, around the pointer), fit (double-click) and a hover card per node
// (name, op, shape, parameters, MACs, FLOPs, receptive field, memory, kernel).

import { bytes, si, thousands } from "../cli/format.js";
import { PALETTE, type Family } from "./family.js";
import { kernelColour, titleOf } from "./dot.js";
import type { View, ViewNode } from "./view.js";

/** One hover card: a heading and label/value rows, formatted here so that the page's script only shows them. */
export interface HoverCard {
  readonly title: string;
  readonly rows: readonly (readonly [string, string])[];
  /** Colour of the kernel that computes it (--train), for the card's accent. */
  readonly accent?: string;
}

export function hoverCard(n: ViewNode): HoverCard {
  const rows: [string, string][] = [];
  rows.push(["op", [n.role === "block" ? `block of ${thousands(n.members)} ops` : n.op, n.detail].filter((s) => s).join(" ")]);
  if (n.backward) rows.push(["pass", "backward"]);
  rows.push(["output shape", n.shape.length ? `[${n.shape.join(", ")}]` : "scalar"]);
  if (n.params) rows.push(["params", thousands(n.params)]);
  if (n.macs) rows.push(["MACs", `${si(n.macs)} (${thousands(n.macs)})`]);
  if (n.flops) rows.push(["FLOPs", si(n.flops)]);
  if (n.field) rows.push(["receptive field", n.field === "global" ? "global" : `${n.field} (size /jump, input pixels)`]);
  if (n.activationBytes) rows.push([n.role === "block" ? "activations (all values)" : "activation", `${bytes(n.activationBytes)} per sample`]);
  if (n.params) rows.push(["parameter memory", bytes(n.params * 4)]);
  if (n.kernel) {
    rows.push(["kernel", `${n.kernel.index}: ${n.kernel.size} nodes fused`]);
    if (n.kernel.alsoIn.length) rows.push(["recomputed in", n.kernel.alsoIn.map((k) => `kernel ${k}`).join(", ")]);
  }
  for (const note of n.notes ?? []) {
    const colon = note.indexOf(": ");
    rows.push(colon > 0 ? [note.slice(0, colon), note.slice(colon + 2)] : ["", note]);
  }
  return { title: n.name, rows, ...(n.kernel ? { accent: kernelColour(n.kernel.index) } : {}) };
}

/** Text for an HTML element's content or a double-quoted attribute. */
function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** JSON that is safe inside a <script> element: no "</script>" or "<!--" can form. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/**
 * Graphviz's SVG made fit to sit inside HTML: no XML prolog, doctype or
 * comments, and no namespace declarations (the HTML parser puts <svg> in
 * the SVG namespace itself), so that no URL remains in the page.
 */
export function inlineSvg(svg: string): string {
  return svg
    .replace(/<\?xml[^>]*\?>/g, "")
    .replace(/<!DOCTYPE[^>]*>/gi, "")
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/\s+xmlns(:\w+)?="[^"]*"/g, "")
    .trim();
}

const LEGEND: readonly [Family, string][] = [
  ["input", "input / output"],
  ["conv", "convolution"],
  ["dense", "dense"],
  ["norm", "normalisation"],
  ["activation", "activation"],
  ["pool", "pooling"],
  ["merge", "add / concat / scale"],
  ["shape", "reshape / other"],
  ["loss", "loss"],
  ["block", "folded block"],
];

const STYLE = `
html,body{margin:0;height:100%;font:13px/1.4 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#1c1917;background:#fff}
header{position:fixed;top:0;left:0;right:0;padding:6px 12px;background:rgba(255,255,255,.92);border-bottom:1px solid #e7e5e4;z-index:2}
header h1{font-size:14px;margin:0 0 2px 0}
header .hint{color:#78716c;font-size:12px}
.legend{display:inline-flex;flex-wrap:wrap;gap:4px 10px;margin-left:12px;font-size:12px;vertical-align:middle}
.legend span{display:inline-flex;align-items:center;gap:4px}
.legend i{display:inline-block;width:12px;height:12px;border-radius:3px;border:1.5px solid}
#view{position:fixed;top:72px;left:0;right:0;bottom:0;cursor:grab;touch-action:none}
#view.dragging{cursor:grabbing}
#view svg{width:100%;height:100%;display:block}
g.node{cursor:default}
g.node.hover path,g.node.hover polygon{stroke-width:3}
#card{position:fixed;display:none;pointer-events:none;z-index:3;min-width:220px;max-width:420px;background:#fff;border:1px solid #d6d3d1;border-left:4px solid #57534e;border-radius:6px;box-shadow:0 4px 16px rgba(0,0,0,.15);padding:8px 10px;font-size:12px}
#card h2{font-size:13px;margin:0 0 4px 0;word-break:break-all}
#card table{border-collapse:collapse}
#card td{padding:1px 8px 1px 0;vertical-align:top}
#card td:first-child{color:#78716c;white-space:nowrap}
`;

// Plain browser script, no library: the viewBox is the camera.
const SCRIPT = `
(function () {
  var cards = JSON.parse(document.getElementById("dlc-hover").textContent);
  var view = document.getElementById("view");
  var svg = view.querySelector("svg");
  var card = document.getElementById("card");
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  Array.prototype.forEach.call(svg.querySelectorAll("title"), function (t) { t.remove(); });
  var b = svg.viewBox.baseVal;
  var home = { x: b.x, y: b.y, w: b.width, h: b.height };
  var cam = { x: home.x, y: home.y, w: home.w, h: home.h };
  function apply() { svg.setAttribute("viewBox", cam.x + " " + cam.y + " " + cam.w + " " + cam.h); }
  function scale() { return Math.max(cam.w / view.clientWidth, cam.h / view.clientHeight); }
  function toGraph(ev) {
    var r = view.getBoundingClientRect(), s = scale();
    var ox = (view.clientWidth * s - cam.w) / 2, oy = (view.clientHeight * s - cam.h) / 2;
    return { x: cam.x - ox + (ev.clientX - r.left) * s, y: cam.y - oy + (ev.clientY - r.top) * s };
  }
  function start() {
    // The header's height varies with the legend's wrapping.
    view.style.top = document.querySelector("header").offsetHeight + "px";
    // A graph that fits opens whole; a larger one at its print size (Graphviz's units are points: 3/4 of a pixel), centred at its top.
    var w = view.clientWidth * 0.75, h = view.clientHeight * 0.75;
    if (home.w <= w && home.h <= h) cam = { x: home.x, y: home.y, w: home.w, h: home.h };
    else cam = { x: home.x + (home.w - w) / 2, y: home.y, w: w, h: h };
    apply();
  }
  view.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var p = toGraph(ev), k = Math.exp(ev.deltaY * 0.0015);
    cam.x = p.x - (p.x - cam.x) * k; cam.y = p.y - (p.y - cam.y) * k; cam.w *= k; cam.h *= k;
    apply();
  }, { passive: false });
  var drag = null;
  view.addEventListener("pointerdown", function (ev) { drag = { x: ev.clientX, y: ev.clientY }; view.classList.add("dragging"); view.setPointerCapture(ev.pointerId); });
  view.addEventListener("pointermove", function (ev) {
    if (!drag) return;
    var s = scale();
    cam.x -= (ev.clientX - drag.x) * s; cam.y -= (ev.clientY - drag.y) * s;
    drag = { x: ev.clientX, y: ev.clientY };
    apply();
  });
  function stop() { drag = null; view.classList.remove("dragging"); }
  view.addEventListener("pointerup", stop);
  view.addEventListener("pointercancel", stop);
  view.addEventListener("dblclick", function () {
    cam = { x: home.x, y: home.y, w: home.w, h: home.h };
    apply();
  });
  function show(ev, c) {
    card.textContent = "";
    var h = document.createElement("h2");
    h.textContent = c.title;
    card.appendChild(h);
    var t = document.createElement("table");
    c.rows.forEach(function (r) {
      var tr = t.insertRow();
      tr.insertCell().textContent = r[0];
      tr.insertCell().textContent = r[1];
    });
    card.appendChild(t);
    card.style.borderLeftColor = c.accent || "#57534e";
    card.style.display = "block";
    place(ev);
  }
  function place(ev) {
    var x = ev.clientX + 16, y = ev.clientY + 16;
    if (x + card.offsetWidth > window.innerWidth) x = ev.clientX - card.offsetWidth - 16;
    if (y + card.offsetHeight > window.innerHeight) y = Math.max(0, window.innerHeight - card.offsetHeight - 4);
    card.style.left = x + "px"; card.style.top = y + "px";
  }
  Array.prototype.forEach.call(svg.querySelectorAll("g.node"), function (g) {
    var c = cards[g.id];
    if (!c) return;
    g.addEventListener("mouseenter", function (ev) { g.classList.add("hover"); show(ev, c); });
    g.addEventListener("mousemove", place);
    g.addEventListener("mouseleave", function () { g.classList.remove("hover"); card.style.display = "none"; });
  });
  start();
})();
`;

/** The page: header with title, hint and legend; the SVG; the hover data; the script. */
export function toHtml(v: View, svg: string): string {
  const cards: Record<string, HoverCard> = {};
  for (const n of v.nodes) cards[n.key] = hoverCard(n);
  const legend = LEGEND.map(([f, label]) => `<span><i style="background:${PALETTE[f].fill};border-color:${PALETTE[f].border}"></i>${escapeHtml(label)}</span>`).join("");
  const fused = v.training ? `<span><i style="background:#fff;border-color:${kernelColour(0)};border-width:3px"></i>fused kernel (heavy edges inside)</span><span><i style="background:#fff;border-style:dashed;border-color:#57534e"></i>backward</span>` : "";
  const title = titleOf(v);
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    `<header><h1>${escapeHtml(title)}</h1><span class="hint">wheel: zoom · drag: pan · double-click: whole graph · hover a box for its numbers</span><span class="legend">${legend}${fused}</span></header>`,
    `<div id="view">${inlineSvg(svg)}</div>`,
    '<div id="card"></div>',
    `<script type="application/json" id="dlc-hover">${scriptJson(cards)}</script>`,
    `<script>${SCRIPT}</script>`,
    "</body>",
    "</html>",
  ].join("\n") + "\n";
}
