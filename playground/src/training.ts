// One training run in the page: the editor's network compiled to its
// training program and trained on WebGPU with `dlc train`'s own loop
// (host/training/gpu_loop.ts trainWebGpu: the same initial weights, data
// order, optimizer and schedule from the seed and the training section),
// on the built-in data set (shapes_data.ts). Each step reports its loss,
// its batch accuracy and its wall time; Stop ends the run after the step
// in flight (the loop's step callback throws, and the loop frees its
// buffers on the way out).

import { checkFile } from "../../compiler/pipeline.js";
import { trainWebGpu } from "../../host/training/gpu_loop.js";
import { TrainingError, type StepMetrics } from "../../host/training/loop.js";
import { renderDiagnostics } from "../../core/diagnostics/render.js";
import { SOURCE_NAME } from "./check.js";
import { fitShapes, shapesDataset } from "./shapes_data.js";

export interface StepPoint {
  /** Global step, 1-based. */
  readonly step: number;
  readonly epoch: number;
  readonly epochs: number;
  readonly loss: number;
  /** The batch's accuracy (the first cross_entropy head). */
  readonly accuracy: number | undefined;
  /** Wall time of this step: its submit, the kernels and the read-back of the losses. */
  readonly ms: number;
  readonly batch: number;
}

export interface RunEvents {
  /** Kernels made so far, of `total` (pipelines compile before the first step). */
  compiling(done: number, total: number): void;
  step(p: StepPoint): void;
}

export type RunEnd = { kind: "done"; steps: number } | { kind: "stopped"; steps: number } | { kind: "failed"; message: string };

class Stopped extends Error {}

export class TrainingRun {
  private stopAsked = false;
  private steps = 0;

  /** Asks the run to end after the step in flight. */
  stop(): void {
    this.stopAsked = true;
  }

  get stopping(): boolean {
    return this.stopAsked;
  }

  /** Trains the network of `text` on `device` until its epochs are done, `maxSteps` steps are taken, or stop(). */
  async run(text: string, device: GPUDevice, events: RunEvents, maxSteps = Infinity): Promise<RunEnd> {
    const r = checkFile(SOURCE_NAME, { text, train: true });
    const errors = r.diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0 || !r.graph || !r.training) {
      return { kind: "failed", message: errors.length ? renderDiagnostics(errors, { colour: false }) : "the network has no training graph" };
    }
    const fit = fitShapes(r.graph);
    if ("problem" in fit) return { kind: "failed", message: fit.problem };
    const settings = r.graph.train!.settings;
    const batch = Number(settings.batch);
    const data = shapesDataset(fit.image, fit.label);
    let last = performance.now();
    try {
      await trainWebGpu(r.graph, r.training, data, {
        device,
        epochs: Number(settings.epochs),
        batch,
        seed: Number(settings.seed),
        onCompile: (done, total) => {
          events.compiling(done, total);
          last = performance.now();
        },
        onStep: (s: StepMetrics) => {
          const now = performance.now();
          const head = Object.values(s.last.heads).find((h) => h.accuracy !== undefined);
          this.steps = s.step;
          events.step({ step: s.step, epoch: s.epoch, epochs: s.epochs, loss: s.last.loss, accuracy: head?.accuracy, ms: now - last, batch: s.last.samples });
          last = now;
          if (this.stopAsked || s.step >= maxSteps) throw new Stopped();
        },
      });
      return { kind: "done", steps: this.steps };
    } catch (e) {
      if (e instanceof Stopped) return { kind: "stopped", steps: this.steps };
      if (e instanceof TrainingError) return { kind: "failed", message: e.message };
      return { kind: "failed", message: `training failed: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
}
