// The progress bar of `dlc train` on a terminal: one live line on stderr per
// epoch (bar_text.ts says what it shows), drawn by cli-progress, which owns
// the terminal side: moving to the line's start, clearing what the last
// redraw left, cutting the line at the terminal's width, and clearing the
// line when the epoch ends so that the epoch's own line (stdout) takes its
// place. Redraws are at most every `intervalMs` (a tiny model trains
// thousands of steps a second, a terminal need not show them all) and always
// on an epoch's last step; the clock is injectable so that tests need no
// waiting. The reference backend trains without yielding to the event loop,
// so every redraw is made here, from step(), rather than by a timer.
//
// The caller decides where it is drawn: on a terminal only, never with
// --json (train_run.ts). Off a terminal dlc prints the plain epoch lines.

import cliProgress from "cli-progress";
import type { StepMetrics } from "../../training/loop.js";
import { barText, type BarState } from "./bar_text.js";

/** What the bar writes to: process.stderr, or a test's stream that says it is a terminal. */
export type BarStream = NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number };

export interface EpochBarOptions {
  readonly stream: BarStream;
  /** The run evaluates validation data after each epoch: the full bar then says so. */
  readonly validates?: boolean;
  /** Milliseconds between redraws (default 100). */
  readonly intervalMs?: number;
  /** Milliseconds, for the redraw interval (default performance.now). */
  readonly now?: () => number;
}

const BAR_CHARS = 24;

export class EpochBar {
  private bar: cliProgress.SingleBar | undefined;
  private state: BarState | undefined;
  private epoch = 0;
  private drawnAt = -Infinity;

  constructor(private readonly opts: EpochBarOptions) {}

  /** After every step: starts the epoch's bar on its first step, then moves it. */
  step(s: StepMetrics): void {
    const last = s.batch === s.batches;
    this.state = { epoch: s.epoch, epochs: s.epochs, batch: s.batch, batches: s.batches, seconds: s.seconds, running: s.running, validating: last && this.opts.validates === true };
    if (this.bar === undefined || this.epoch !== s.epoch) {
      this.stop();
      this.epoch = s.epoch;
      this.bar = new cliProgress.SingleBar({
        stream: this.opts.stream,
        format: (options, params) => (this.state ? barText(this.state, cliProgress.Format.BarFormat(params.progress, options)) : ""),
        barsize: BAR_CHARS,
        barCompleteChar: "█",
        barIncompleteChar: "░",
        // Cut at the terminal's width by cli-progress rather than by turning the terminal's wrapping off,
        // which a run killed mid-epoch would leave off.
        linewrap: true,
        clearOnComplete: true,
        hideCursor: false,
        // Redraws come from step(); the library's own timer only repeats the last one.
        synchronousUpdate: false,
      });
      this.bar.start(s.batches, s.batch);
      this.drawnAt = this.now();
      return;
    }
    this.bar.update(s.batch);
    const t = this.now();
    if (last || t - this.drawnAt >= (this.opts.intervalMs ?? 100)) {
      this.bar.render();
      this.drawnAt = t;
    }
  }

  /** Clears the line (the epoch's end, or an error); the next step starts a new bar. */
  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }

  private now(): number {
    return (this.opts.now ?? (() => performance.now()))();
  }
}
