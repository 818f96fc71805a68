// The live training chart (uPlot): the loss of each step on the left axis,
// the batch accuracy in percent on the right, against the step number.
// The series are kept here as plain arrays; `series()` hands them out (the
// page's test reads the loss curve from it, window.playground in hooks.ts).

import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface ChartSeries {
  readonly steps: readonly number[];
  readonly loss: readonly number[];
  /** Percent; null where the network has no accuracy (no cross_entropy head). */
  readonly accuracy: readonly (number | null)[];
}

export class TrainingChart {
  private readonly steps: number[] = [];
  private readonly loss: number[] = [];
  private readonly accuracy: (number | null)[] = [];
  private readonly plot: uPlot;

  constructor(private readonly into: HTMLElement) {
    this.plot = new uPlot(
      {
        width: this.width(),
        height: 220,
        scales: { x: { time: false }, loss: { range: (_u, _min, max) => [0, max > 0 ? max * 1.05 : 1] }, acc: { range: [0, 100] } },
        series: [
          { label: "step" },
          { label: "loss", scale: "loss", stroke: "#dc2626", width: 2, value: (_u, v) => (v == null ? "–" : v.toFixed(4)) },
          { label: "accuracy %", scale: "acc", stroke: "#2563eb", width: 2, value: (_u, v) => (v == null ? "–" : v.toFixed(1)) },
        ],
        axes: [
          { label: "step" },
          { scale: "loss", label: "loss" },
          { scale: "acc", side: 1, label: "batch accuracy %", grid: { show: false } },
        ],
        legend: { live: false },
      },
      [[], [], []],
      into,
    );
    new ResizeObserver(() => this.plot.setSize({ width: this.width(), height: 220 })).observe(into);
  }

  private width(): number {
    return Math.max(240, this.into.clientWidth);
  }

  clear(): void {
    this.steps.length = 0;
    this.loss.length = 0;
    this.accuracy.length = 0;
    this.plot.setData([[], [], []]);
  }

  add(step: number, loss: number, accuracy: number | undefined): void {
    this.steps.push(step);
    this.loss.push(loss);
    this.accuracy.push(accuracy === undefined ? null : 100 * accuracy);
    this.plot.setData([this.steps, this.loss, this.accuracy]);
  }

  /** The series the chart holds (uPlot's own data, copied). */
  series(): ChartSeries {
    const [steps, loss, accuracy] = this.plot.data as unknown as [number[], number[], (number | null)[]];
    return { steps: [...steps], loss: [...loss], accuracy: [...accuracy] };
  }
}
