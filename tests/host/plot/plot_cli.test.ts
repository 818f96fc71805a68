// `dlc plot`: the SVG's structure (a path per curve, its points where the
// data puts them, axes and legend named) made in process, then the command
// as a user runs it: SVG and PNG files, the default name, and bad input
// refused with one message, exit 1 and no file written.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseTrainingLog } from "../../../host/plot/read_log.js";
import { chartOf } from "../../../host/plot/curves.js";
import { chartSvg, xml } from "../../../host/plot/svg.js";
import { PNG_SCALE } from "../../../host/plot/png.js";
import { dlc as runDlc } from "../../helpers/cli.js";
import { limitFor } from "../../helpers/time_limits.js";
import { fixtureRecords, fixtureText } from "./log_fixture.js";
import { loadedBy } from "../cli/train_cli_helpers.js";

const tmp = mkdtempSync(join(tmpdir(), "dlc-plot-"));
const log = join(tmp, "run.jsonl");
beforeAll(() => writeFileSync(log, fixtureText({ twoHeads: true })));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const dlc = (args: string[]) => runDlc(args, { timeoutMs: limitFor(4) });

/** Each <path class="series"> as its data-series name and its points (the M/L commands d3-shape writes). */
function paths(svg: string): Map<string, { x: number; y: number }[]> {
  const out = new Map<string, { x: number; y: number }[]>();
  for (const m of svg.matchAll(/<path class="series" data-series="([^"]+)" d="([^"]*)"/g)) {
    const points = [...m[2]!.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((p) => ({ x: Number(p[1]), y: Number(p[2]) }));
    expect(out.has(m[1]!), `two paths named ${m[1]}`).toBe(false);
    out.set(m[1]!, points);
  }
  return out;
}

const count = (text: string, part: string) => text.split(part).length - 1;

describe("chartSvg", () => {
  it("draws one path per curve of every panel, with its points in order, named axes, titles and one legend", () => {
    const chart = chartOf(parseTrainingLog("run.jsonl", fixtureText({ twoHeads: true })));
    const svg = chartSvg(chart);
    const drawn = paths(svg);
    const expected = chart.rows.flat().flatMap((p) => p.series.map((s) => `${p.head ?? "total"}/${p.metric}/${s.role}`));
    expect([...drawn.keys()].sort()).toEqual(expected.sort());
    // total loss, logits loss and accuracy, box loss: 4 panels of 3 curves.
    expect(drawn.size).toBe(12);
    // 12 steps, 3 epochs: a point each.
    expect(drawn.get("logits/loss/train-step")).toHaveLength(12);
    expect(drawn.get("logits/loss/val")).toHaveLength(3);
    // Along x in order; the falling loss goes down the page (y grows), the rising accuracy up.
    for (const pts of drawn.values()) expect(pts.map((p) => p.x)).toEqual([...pts.map((p) => p.x)].sort((a, b) => a - b));
    const down = (pts: { y: number }[]) => pts.every((p, i) => i === 0 || p.y > pts[i - 1]!.y);
    const up = (pts: { y: number }[]) => pts.every((p, i) => i === 0 || p.y < pts[i - 1]!.y);
    expect(down(drawn.get("logits/loss/val")!)).toBe(true);
    expect(up(drawn.get("logits/accuracy/val")!)).toBe(true);
    // Axes: an x label per panel, y labels by metric; titles; the legend's three entries once each.
    expect(count(svg, `class="axis-label"`)).toBe(8);
    expect(count(svg, ">epoch</text>")).toBe(4);
    expect(count(svg, ">loss</text>")).toBe(3);
    expect(count(svg, ">accuracy</text>")).toBe(1);
    expect(svg).toContain(">fixture: training curves</text>");
    for (const title of ["total loss (weighted sum of the heads)", "logits: cross_entropy loss", "logits: accuracy", "box: mse loss"]) expect(svg).toContain(`>${title}</text>`);
    for (const entry of ["train, per step", "train, epoch mean", "validation"]) expect(count(svg, `>${entry}</text>`)).toBe(1);
    // Accuracy ticks as percentages, ending at 100%.
    expect(svg).toContain(">100%</text>");
  });

  it("--log-y: loss axes on a log scale, named so", () => {
    const svg = chartSvg(chartOf(parseTrainingLog("run.jsonl", fixtureText())), { logLoss: true });
    expect(svg).toContain(">loss (log scale)</text>");
    expect(paths(svg).get("logits/loss/train-step")).toHaveLength(12);
  });

  it("escapes names from the log", () => {
    expect(xml(`a<b>&"c'\x1b`)).toBe("a&#60;b&#62;&#38;&#34;c&#39;");
    const recs = fixtureRecords();
    const svg = chartSvg(chartOf(parseTrainingLog("x", [{ ...recs[0], network: "<net>" }, ...recs.slice(1)].map((r) => JSON.stringify(r)).join("\n"))));
    expect(svg).toContain("&#60;net&#62;: training curves");
    expect(svg).not.toContain("<net>");
  });
});

describe("dlc plot", () => {
  it("writes the SVG (by default beside the log) and a PNG of it at twice its size", { timeout: limitFor(8) }, async () => {
    const svgOut = join(tmp, "curves.svg");
    const pngOut = join(tmp, "curves.png");
    const [svg, png, byDefault] = await Promise.all([dlc(["plot", log, "-o", svgOut]), dlc(["plot", log, "-o", pngOut]), dlc(["plot", log])]);
    for (const r of [svg, png, byDefault]) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain("4 panels, 12 step and 3 epoch records");
    }
    const text = readFileSync(svgOut, "utf8");
    expect(paths(text).size).toBe(12);
    expect(readFileSync(join(tmp, "run.svg"), "utf8")).toBe(text);
    const [, width, height] = /<svg [^>]*width="(\d+)" height="(\d+)"/.exec(text)!;

    const bytes = readFileSync(pngOut);
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // IHDR: width and height, big-endian, at bytes 16 and 20.
    expect(bytes.readUInt32BE(16)).toBe(PNG_SCALE * Number(width));
    expect(bytes.readUInt32BE(20)).toBe(PNG_SCALE * Number(height));
    expect(bytes.length).toBeGreaterThan(20_000);
    // Drawn, not blank: a white page with dark text and coloured curves on it.
    const stats = await sharp(bytes).stats();
    expect(stats.channels.map((c) => c.max)).toEqual([255, 255, 255]); // RGB, flattened on white
    expect(Math.min(...stats.channels.slice(0, 3).map((c) => c.min))).toBeLessThan(60);
    expect(stats.channels[2]!.mean).toBeGreaterThan(200);
  });

  it("refuses what it cannot plot: exit 1, one message, nothing written (an existing picture kept)", { timeout: limitFor(8) }, async () => {
    const write = (name: string, text: string) => {
      writeFileSync(join(tmp, name), text);
      return join(tmp, name);
    };
    const csv = write("table.csv", "epoch,loss\n1,0.5\n");
    const empty = write("empty.jsonl", "");
    const noLoss = write("noloss.jsonl", JSON.stringify(fixtureRecords()[0]) + "\n" + JSON.stringify({ type: "end", ok: true }) + "\n");
    const folder = join(tmp, "a-folder.jsonl");
    mkdirSync(folder);
    const kept = write("kept.svg", "mine");
    const cases = [
      [csv, "line 1: not JSON (epoch,loss)"],
      [empty, "is empty"],
      [noLoss, "has no step or epoch record with a loss"],
      [join(tmp, "missing.jsonl"), "no such file"],
      [folder, "it is a folder"],
    ] as const;
    const runs = await Promise.all(cases.map(([input]) => dlc(["plot", input, "-o", kept])));
    runs.forEach((r, i) => {
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain(cases[i]![1]);
      expect(r.stderr).not.toContain("    at ");
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stdout).toBe("");
    });
    expect(readFileSync(kept, "utf8")).toBe("mine");
    for (const base of ["table", "empty", "noloss"]) expect(existsSync(join(tmp, `${base}.svg`))).toBe(false);

    const badName = await dlc(["plot", log, "-o", join(tmp, "curves.pdf")]);
    expect(badName.code).toBe(2);
    expect(badName.stderr).toContain("-o expects a file ending in .svg or .png");
    expect(existsSync(join(tmp, "curves.pdf"))).toBe(false);
  });
});

describe("registering dlc plot", () => {
  it("loads no charting: plot.ts reaches neither d3, sharp nor host/plot/ through static imports", () => {
    const loaded = loadedBy("host/cli/plot.ts");
    expect(loaded).toContain("host/cli/plot_options.ts");
    expect([...loaded].filter((f) => /^(d3-|sharp$|host\/plot\/)/.test(f))).toEqual([]);
    // The walk does follow imports: the runner loads them.
    expect(loadedBy("host/cli/plot_run.ts")).toContain("d3-scale");
  });
});
