// What `dlc plot` does once its options are parsed (plot.ts registers it):
// read the log (host/plot/read_log.ts), make the chart (curves.ts), draw it
// (svg.ts; png.ts for .png) and write it atomically. Every problem with the
// input is exit 1 with one message and no file written.

import { FileReadError } from "../../core/io/read_regular_file.js";
import { FileWriteError, writeFileAtomic } from "../../core/io/write_file_atomic.js";
import { quoted } from "../../core/diagnostics/printable.js";
import { readTrainingLog, PlotInputError } from "../plot/read_log.js";
import { chartOf } from "../plot/curves.js";
import { chartSvg } from "../plot/svg.js";
import { defaultPlotOut, plotFormatOf, type PlotCliOptions } from "./plot_options.js";
import { fail, notice } from "./output.js";

export async function runPlot(logPath: string, o: PlotCliOptions): Promise<number> {
  const out = o.out ?? defaultPlotOut(logPath);
  const format = plotFormatOf(out);
  let svg: string;
  let what: string;
  try {
    const log = readTrainingLog(logPath);
    for (const n of log.notes) notice("note", `${logPath}: ${n}`);
    const chart = chartOf(log);
    svg = chartSvg(chart, { logLoss: o.logY === true });
    const panels = chart.rows.reduce((n, r) => n + r.length, 0);
    what = `${panels} panel${panels === 1 ? "" : "s"}, ${log.steps.length} step and ${log.epochs.length} epoch record${log.epochs.length === 1 ? "" : "s"}`;
  } catch (e) {
    if (e instanceof PlotInputError || e instanceof FileReadError) return fail(e.message, 1);
    throw e;
  }
  try {
    const bytes = format === "svg" ? new TextEncoder().encode(svg) : await (await import("../plot/png.js")).svgToPng(svg);
    writeFileAtomic(out, bytes);
  } catch (e) {
    if (e instanceof FileWriteError) return fail(e.message, 1);
    throw e;
  }
  process.stderr.write(`wrote '${quoted(out)}': ${what}\n`);
  return 0;
}
