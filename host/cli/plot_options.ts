// Command-line values of `dlc plot`, shared by its registration (plot.ts)
// and its runner (plot_run.ts). Light on purpose: registering the command
// loads this file on every `dlc` start.

import { UsageError } from "./options.js";

export type PlotFormat = "svg" | "png";

export interface PlotCliOptions {
  out?: string;
  logY?: boolean;
}

/** The picture's format from its name; a UsageError for any other ending. */
export function plotFormatOf(out: string): PlotFormat {
  const lower = out.toLowerCase();
  if (lower.endsWith(".svg")) return "svg";
  if (lower.endsWith(".png")) return "png";
  throw new UsageError(`-o expects a file ending in .svg or .png; got '${out}'`);
}

/** Without -o: the log's name with .svg for .jsonl (or .svg added). */
export function defaultPlotOut(log: string): string {
  return `${log.replace(/\.jsonl?$/i, "")}.svg`;
}
