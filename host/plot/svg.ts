// The chart of curves.ts as one SVG document: d3-scale for the axes (nice
// domains, ticks and their number formats) and d3-shape for the paths; the
// markup is written here, so nothing needs a browser or a DOM.
//
// Layout: the title and the run's settings, one legend for every panel,
// then the panels in rows (a head per row, loss left, accuracy right). Each
// panel has its title and the last epoch's values, a frame, grid lines at
// the ticks, the x axis in epochs and the y axis named after the metric. A
// curve is one <path class="series"> (data-series says which); epoch-level
// curves also get a marker per epoch. Train is blue, validation orange and
// dashed, so that the two differ without colour too.
//
// The y range of a loss panel comes from the epoch-level curves and the
// 99th percentile of the per-step one, so that a few wild steps (the first
// ones, typically) do not flatten the rest; what lies beyond is clipped at
// the frame. Accuracy runs from a nice value below its lowest point to 100%.

import { scaleLinear, scaleLog } from "d3-scale";
import { line } from "d3-shape";
import { ROLE_LABEL, type Chart, type Panel, type Point, type Series, type SeriesRole } from "./curves.js";

export interface SvgOptions {
  /** Loss axes on a log scale (values ≤ 0 are left out). */
  readonly logLoss?: boolean;
}

const FONT = "DejaVu Sans, Helvetica, Arial, sans-serif";
const PANEL = { width: 500, height: 330, left: 70, right: 22, top: 58, bottom: 50 };
const PAD = 28;
const GAP = 24;
const HEADER = 118;

const STYLE: Readonly<Record<SeriesRole, { colour: string; width: number; opacity: number; dash?: string; marker: boolean }>> = {
  "train-step": { colour: "#5b8fd6", width: 1, opacity: 0.45, marker: false },
  "train-epoch": { colour: "#1c4e9c", width: 2.5, opacity: 1, marker: true },
  val: { colour: "#e0700b", width: 2.5, opacity: 1, dash: "7 4", marker: true },
};

/** Text for SVG markup: the five XML specials escaped, control characters dropped. */
export function xml(text: string): string {
  return text.replace(/\p{Cc}/gu, "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const fixed = (v: number) => String(Math.round(v * 100) / 100);

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))]!;
}

interface YAxis {
  readonly at: (v: number) => number;
  readonly ticks: readonly { v: number; label: string }[];
  readonly label: string;
  /** Values the scale can show (a log axis cannot show 0). */
  readonly shows: (v: number) => boolean;
}

function yAxisOf(p: Panel, inner: number, opts: SvgOptions): YAxis {
  const byRole = (r: SeriesRole) => p.series.filter((s) => s.role === r).flatMap((s) => s.points.map((q) => q.y));
  const epochLevel = [...byRole("train-epoch"), ...byRole("val")];
  const steps = byRole("train-step");
  if (p.metric === "accuracy") {
    const all = [...epochLevel, ...steps];
    const lo = Math.max(0, Math.min(...all));
    const s = scaleLinear().domain([lo, 1]).range([inner, 0]).nice(6);
    const [d0] = s.domain() as [number, number];
    s.domain([Math.max(0, d0), 1]);
    const f = s.tickFormat(6, "%");
    return { at: s, ticks: s.ticks(6).map((v) => ({ v, label: f(v) })), label: "accuracy", shows: () => true };
  }
  const top = Math.max(...epochLevel, ...(steps.length > 0 ? [quantile(steps, 0.99)] : []));
  if (opts.logLoss) {
    const positive = [...epochLevel, ...steps].filter((v) => v > 0);
    const lo = positive.length > 0 ? Math.min(...positive) : 1e-3;
    const s = scaleLog().domain([lo, Math.max(top, lo * 10)]).range([inner, 0]).nice();
    const f = s.tickFormat(6, "~g");
    const ticks = s.ticks(6).flatMap((v) => (f(v) === "" ? [] : [{ v, label: f(v) }]));
    return { at: s, ticks, label: "loss (log scale)", shows: (v) => v > 0 };
  }
  const s = scaleLinear().domain([0, top > 0 ? top : 1]).range([inner, 0]).nice(6);
  const f = s.tickFormat(6);
  return { at: s, ticks: s.ticks(6).map((v) => ({ v, label: f(v) })), label: "loss", shows: () => true };
}

function xTicks(epochs: number): number[] {
  if (epochs <= 12) return Array.from({ length: Math.ceil(epochs) + 1 }, (_, i) => i);
  return scaleLinear().domain([0, epochs]).ticks(8).filter((t) => Number.isInteger(t));
}

/** "last epoch: train 0.0270 · val 0.0400" for the panel's header. */
function lastValues(p: Panel): string {
  const show = (v: number) => (p.metric === "accuracy" ? `${(100 * v).toFixed(1)}%` : String(Number(v.toPrecision(3))));
  const last = (r: SeriesRole) => p.series.find((s) => s.role === r)?.points.at(-1)?.y;
  const parts = [["train", last("train-epoch")], ["val", last("val")]].flatMap(([name, v]) => (v === undefined ? [] : [`${name} ${show(v as number)}`]));
  return parts.length > 0 ? `last epoch: ${parts.join(" · ")}` : "";
}

function panelSvg(p: Panel, chart: Chart, x0: number, y0: number, id: string, opts: SvgOptions): string {
  const w = PANEL.width - PANEL.left - PANEL.right;
  const h = PANEL.height - PANEL.top - PANEL.bottom;
  const x = scaleLinear().domain([0, chart.epochs]).range([0, w]);
  const y = yAxisOf(p, h, opts);
  const out: string[] = [];
  out.push(`<g class="panel" data-panel="${xml(p.head ?? "total")}/${p.metric}" transform="translate(${x0},${y0})">`);
  out.push(`<text x="${PANEL.left}" y="18" font-size="15" font-weight="bold" fill="#222">${xml(p.title)}</text>`);
  out.push(`<text x="${PANEL.left}" y="39" font-size="12" fill="#555">${xml(lastValues(p))}</text>`);
  out.push(`<g transform="translate(${PANEL.left},${PANEL.top})">`);
  out.push(`<clipPath id="${id}"><rect x="0" y="0" width="${w}" height="${h}"/></clipPath>`);
  out.push(`<rect x="0" y="0" width="${w}" height="${h}" fill="#fbfbfd"/>`);
  // Grid and ticks.
  const xs = xTicks(chart.epochs);
  for (const t of xs) {
    const at = fixed(x(t));
    out.push(`<line x1="${at}" x2="${at}" y1="0" y2="${h}" stroke="#e3e3e8"/>`);
    out.push(`<line x1="${at}" x2="${at}" y1="${h}" y2="${h + 5}" stroke="#444"/>`);
    out.push(`<text x="${at}" y="${h + 19}" font-size="12" fill="#333" text-anchor="middle">${t}</text>`);
  }
  for (const t of y.ticks) {
    const at = fixed(y.at(t.v));
    out.push(`<line x1="0" x2="${w}" y1="${at}" y2="${at}" stroke="#e3e3e8"/>`);
    out.push(`<line x1="-5" x2="0" y1="${at}" y2="${at}" stroke="#444"/>`);
    out.push(`<text x="-9" y="${at}" font-size="12" fill="#333" text-anchor="end" dominant-baseline="middle">${xml(t.label)}</text>`);
  }
  out.push(`<rect x="0" y="0" width="${w}" height="${h}" fill="none" stroke="#444"/>`);
  out.push(`<text class="axis-label" x="${fixed(w / 2)}" y="${h + 40}" font-size="13" fill="#222" text-anchor="middle">epoch</text>`);
  out.push(`<text class="axis-label" transform="translate(${-PANEL.left + 18},${fixed(h / 2)}) rotate(-90)" font-size="13" fill="#222" text-anchor="middle">${xml(y.label)}</text>`);
  // Curves: per-step first, so that the epoch-level ones are drawn over it;
  // lines are clipped at the frame, markers (whole, on the frame's edge at the last epoch) only left out beyond it.
  const order: SeriesRole[] = ["train-step", "train-epoch", "val"];
  const drawn = order.flatMap((role) => p.series.filter((q) => q.role === role));
  out.push(`<g clip-path="url(#${id})">`);
  for (const s of drawn) out.push(pathSvg(s, p, (v) => x(v), y));
  out.push(`</g>`);
  for (const s of drawn) if (STYLE[s.role].marker) out.push(markersSvg(s, (v) => x(v), y, h));
  out.push(`</g></g>`);
  return out.join("\n");
}

function pathSvg(s: Series, p: Panel, x: (v: number) => number, y: YAxis): string {
  const st = STYLE[s.role];
  const shown = s.points.filter((q) => y.shows(q.y));
  const path = line<Point>()
    .x((q) => x(q.x))
    .y((q) => y.at(q.y))
    .digits(2)(shown);
  const name = `${p.head ?? "total"}/${p.metric}/${s.role}`;
  const dash = st.dash ? ` stroke-dasharray="${st.dash}"` : "";
  return `<path class="series" data-series="${xml(name)}" d="${path ?? ""}" fill="none" stroke="${st.colour}" stroke-width="${st.width}" stroke-opacity="${st.opacity}" stroke-linejoin="round" stroke-linecap="round"${dash}/>`;
}

/** A marker per point inside the frame's height (a clipped outlier gets none). */
function markersSvg(s: Series, x: (v: number) => number, y: YAxis, h: number): string {
  const st = STYLE[s.role];
  const inside = s.points.filter((q) => y.shows(q.y) && y.at(q.y) >= -0.5 && y.at(q.y) <= h + 0.5);
  const dots = inside.map((q) => `<circle cx="${fixed(x(q.x))}" cy="${fixed(y.at(q.y))}" r="3.5"/>`);
  return [`<g class="markers" fill="#fff" stroke="${st.colour}" stroke-width="2">`, ...dots, `</g>`].join("\n");
}

function legendSvg(roles: readonly SeriesRole[], width: number): string {
  const item = 190;
  const x0 = Math.max(PAD, (width - item * roles.length) / 2);
  const parts = roles.map((role, i) => {
    const st = STYLE[role];
    const x = x0 + i * item;
    const dash = st.dash ? ` stroke-dasharray="${st.dash}"` : "";
    const marker = st.marker ? `<circle cx="${x + 17}" cy="0" r="3.5" fill="#fff" stroke="${st.colour}" stroke-width="2"/>` : "";
    return `<line x1="${x}" x2="${x + 34}" y1="0" y2="0" stroke="${st.colour}" stroke-width="${Math.max(2, st.width)}" stroke-opacity="${Math.max(0.6, st.opacity)}"${dash}/>${marker}<text x="${x + 42}" y="0" font-size="13" fill="#222" dominant-baseline="middle">${xml(ROLE_LABEL[role])}</text>`;
  });
  return `<g class="legend" transform="translate(0,${HEADER - 26})">${parts.join("")}</g>`;
}

/** The chart as an SVG document (see the header). */
export function chartSvg(chart: Chart, opts: SvgOptions = {}): string {
  const cols = Math.max(1, ...chart.rows.map((r) => r.length));
  const width = 2 * PAD + cols * PANEL.width + (cols - 1) * GAP;
  const height = HEADER + chart.rows.length * PANEL.height + (chart.rows.length - 1) * GAP + PAD;
  const roles = (["train-step", "train-epoch", "val"] as const).filter((r) => chart.rows.some((row) => row.some((p) => p.series.some((s) => s.role === r))));
  const body: string[] = [];
  chart.rows.forEach((row, i) => {
    row.forEach((p, j) => body.push(panelSvg(p, chart, PAD + j * (PANEL.width + GAP), HEADER + i * (PANEL.height + GAP), `clip-${i}-${j}`, opts)));
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}">`,
    `<title>${xml(chart.title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${PAD}" y="40" font-size="22" font-weight="bold" fill="#111">${xml(chart.title)}</text>`,
    `<text x="${PAD}" y="66" font-size="13" fill="#555">${xml(chart.subtitle)}</text>`,
    legendSvg(roles, width),
    ...body,
    `</svg>`,
    "",
  ].join("\n");
}
