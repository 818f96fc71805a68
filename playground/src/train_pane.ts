// The training pane: Train and Stop, a status line (kernels compiling, then
// step, epoch, loss, accuracy and the step time), the live chart, and the
// data the network trains on. Where WebGPU cannot be had the pane says why
// and the rest of the page goes on working.

import { TrainingChart } from "./chart.js";
import { gpuDevice } from "./gpu.js";
import { TrainingRun, type RunEnd, type StepPoint } from "./training.js";

export interface TrainPaneElements {
  readonly train: HTMLButtonElement;
  readonly stop: HTMLButtonElement;
  readonly status: HTMLElement;
  readonly note: HTMLElement;
  readonly chart: HTMLElement;
}

/** Mean step time over the last few steps: one step's time on a shared machine jumps about. */
const WINDOW = 10;

export class TrainPane {
  readonly chart: TrainingChart;
  private run: TrainingRun | undefined;
  private times: number[] = [];
  private state: "idle" | "running" | "stopping" = "idle";
  private lastEnd: RunEnd | undefined;
  /** The status of the last step, kept for the closing line. */
  private lastStep = "";

  constructor(
    private readonly el: TrainPaneElements,
    private readonly text: () => string,
  ) {
    this.chart = new TrainingChart(el.chart);
    el.train.addEventListener("click", () => void this.start());
    el.stop.addEventListener("click", () => this.stopRun());
    this.show("idle");
  }

  /** "idle", "running" or "stopping", and how the last run ended. */
  get phase(): { state: string; end: RunEnd | undefined } {
    return { state: this.state, end: this.lastEnd };
  }

  private show(state: "idle" | "running" | "stopping"): void {
    this.state = state;
    this.el.train.disabled = state !== "idle";
    this.el.stop.disabled = state !== "running";
  }

  private status(text: string): void {
    this.el.status.textContent = text;
  }

  private note(text: string, kind: "error" | "info"): void {
    this.el.note.textContent = text;
    this.el.note.className = `note ${kind}`;
    this.el.note.hidden = text === "";
  }

  private stopRun(): void {
    if (!this.run || this.state !== "running") return;
    this.run.stop();
    this.show("stopping");
    this.status(`${this.lastStep} · stopping after this step…`);
  }

  private onStep(p: StepPoint): void {
    this.times.push(p.ms);
    if (this.times.length > WINDOW) this.times.shift();
    const ms = this.times.reduce((a, b) => a + b, 0) / this.times.length;
    this.chart.add(p.step, p.loss, p.accuracy);
    const acc = p.accuracy === undefined ? "" : ` · accuracy ${(100 * p.accuracy).toFixed(0)}%`;
    this.lastStep = `step ${p.step} · epoch ${p.epoch} of ${p.epochs} · loss ${p.loss.toFixed(4)}${acc} · ${ms.toFixed(0)} ms/step (${Math.round((1000 * p.batch) / ms)} samples/s)`;
    this.status(this.lastStep);
  }

  async start(): Promise<void> {
    if (this.state !== "idle") return;
    this.show("running");
    this.note("", "info");
    this.chart.clear();
    this.times = [];
    this.lastStep = "";
    this.status("asking the browser for a WebGPU device…");
    const gpu = await gpuDevice();
    if ("problem" in gpu) {
      this.note(gpu.problem, "error");
      this.status("not trained");
      this.show("idle");
      return;
    }
    const run = new TrainingRun();
    this.run = run;
    this.status(`compiling the training step for ${gpu.adapter}…`);
    const end = await run.run(this.text(), gpu.device, {
      compiling: (done, total) => this.status(`compiling kernels on ${gpu.adapter}: ${done} of ${total}`),
      step: (p) => this.onStep(p),
    });
    this.lastEnd = end;
    this.run = undefined;
    if (end.kind === "failed") {
      this.note(end.message, "error");
      this.status("not trained");
    } else {
      const how = `${end.kind === "done" ? "done" : "stopped"} after ${end.steps} steps`;
      this.status(this.lastStep ? `${this.lastStep} · ${how}` : how);
    }
    this.show("idle");
  }
}
