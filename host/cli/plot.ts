// `dlc plot LOG.jsonl [-o OUT.svg|OUT.png] [--log-y]`: the loss and accuracy
// curves of a `dlc train --log` file. This file registers the command and
// checks -o (plot_options.ts); the work (reading, drawing, rasterising) is in plot_run.ts,
// loaded only when the command runs, so that `dlc --help` loads no charting.
//
// Exit 0 with the picture written, 1 when the log cannot be read or plotted
// or the picture cannot be written (nothing is written then: the file is
// replaced atomically or not at all), 2 on usage errors.

import type { Command } from "commander";
import { usage } from "./options.js";
import { plotFormatOf, type PlotCliOptions } from "./plot_options.js";

/** Adds `dlc plot` to the program. */
export function registerPlotCommand(program: Command): void {
  program
    .command("plot")
    .description(
      "draw the loss and accuracy curves per head (train per step, train per epoch, validation) of a `dlc train --log` file, as SVG or PNG; see docs/training.md",
    )
    .argument("<log>", "the JSON lines file that `dlc train --log` wrote (it may still be growing)")
    .option("-o, --out <file>", "the picture: FILE.svg or FILE.png, written atomically (default: the log's name with .svg)", usage((v: string) => (plotFormatOf(v), v)))
    .option("--log-y", "loss axes on a logarithmic scale")
    .action(async (log: string, o: PlotCliOptions) => {
      const { runPlot } = await import("./plot_run.js");
      process.exitCode = await runPlot(log, o);
    });
}
