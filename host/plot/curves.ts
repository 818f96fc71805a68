// What `dlc plot` draws, before any drawing: panels of curves from a
// training log (read_log.ts). The x axis is the epoch for every curve:
//
// - train, per step: a step record at batch b of B in epoch e sits at
//   e − 1 + b/B (so epoch 2's steps fill the interval 1…2);
// - train, epoch mean: the epoch's own loss (the sample-weighted mean of
//   its steps) at the middle of its interval, e − 0.5, over the steps it
//   averages;
// - validation: measured after the epoch, at its end, e.
//
// A log without step records (only epochs) puts every curve at e.
//
// Panels: per head its loss and, for heads that count it (cross_entropy),
// its accuracy; with several heads a panel of the weighted total loss comes
// first. Rows are heads (total first), columns loss then accuracy.

import type { RunInfo, TrainingLog, Values } from "./read_log.js";

export type SeriesRole = "train-step" | "train-epoch" | "val";

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Series {
  readonly role: SeriesRole;
  readonly points: readonly Point[];
}

export interface Panel {
  /** The head, or undefined for the total. */
  readonly head?: string;
  readonly metric: "loss" | "accuracy";
  readonly title: string;
  readonly series: readonly Series[];
}

export interface Chart {
  readonly title: string;
  readonly subtitle: string;
  /** Rows of one or two panels (loss, accuracy). */
  readonly rows: readonly (readonly Panel[])[];
  /** Epochs the x axis spans: the run's planned epochs where the log says them (a growing log fills its axis), else the epochs logged. */
  readonly epochs: number;
}

export const ROLE_LABEL: Readonly<Record<SeriesRole, string>> = {
  "train-step": "train, per step",
  "train-epoch": "train, epoch mean",
  val: "validation",
};

/** At most this many points per per-step curve; longer runs are averaged in equal groups of consecutive records. */
export const MAX_STEP_POINTS = 1500;

type Pick = (v: Values) => number | undefined;

function thin(points: readonly Point[]): Point[] {
  if (points.length <= MAX_STEP_POINTS) return [...points];
  const group = Math.ceil(points.length / MAX_STEP_POINTS);
  const out: Point[] = [];
  for (let at = 0; at < points.length; at += group) {
    const part = points.slice(at, at + group);
    out.push({ x: part.at(-1)!.x, y: part.reduce((s, p) => s + p.y, 0) / part.length });
  }
  return out;
}

function seriesOf(log: TrainingLog, pick: Pick): Series[] {
  const hasSteps = log.steps.length > 0;
  const out: Series[] = [];
  const step = log.steps.flatMap((s) => {
    const y = pick(s);
    return y === undefined ? [] : [{ x: s.epoch - 1 + s.batch / s.batches, y }];
  });
  if (step.length > 0) out.push({ role: "train-step", points: thin(step) });
  const epoch = log.epochs.flatMap((e) => {
    const y = pick(e);
    return y === undefined ? [] : [{ x: hasSteps ? e.epoch - 0.5 : e.epoch, y }];
  });
  if (epoch.length > 0) out.push({ role: "train-epoch", points: epoch });
  const val = log.epochs.flatMap((e) => {
    const y = e.val ? pick(e.val) : undefined;
    return y === undefined ? [] : [{ x: e.epoch, y }];
  });
  if (val.length > 0) out.push({ role: "val", points: val });
  return out;
}

function headsOf(log: TrainingLog): string[] {
  const names = new Set<string>(log.run?.kinds.keys() ?? []);
  for (const r of [...log.steps, ...log.epochs]) for (const h of r.heads.keys()) names.add(h);
  return [...names];
}

/** "2 epochs, 188 steps", or "1 of 2 epochs, 167 steps" while a run goes on. */
function progress(run: RunInfo | undefined, log: TrainingLog): string {
  const done = log.epochs.at(-1)?.epoch ?? 0;
  const planned = run?.epochs;
  const epochs = planned !== undefined && done < planned ? `${done} of ${planned} epochs` : `${done} epoch${done === 1 ? "" : "s"}`;
  const steps = log.steps.at(-1)?.step;
  return steps === undefined ? epochs : `${epochs}, ${steps} step${steps === 1 ? "" : "s"}`;
}

function subtitle(run: RunInfo | undefined, log: TrainingLog): string {
  if (!run) return progress(run, log);
  const parts = [
    run.samples === undefined ? "" : `${run.samples} samples${run.valSamples === undefined ? "" : ` (validation ${run.valSamples})`}`,
    run.batch === undefined ? "" : `batch ${run.batch}`,
    run.optimizer === undefined ? "" : `${run.optimizer}${run.lr === undefined ? "" : ` lr ${Number(run.lr.toPrecision(4))}`}${run.schedule ? ` (${run.schedule})` : ""}`,
    run.seed === undefined ? "" : `seed ${run.seed}`,
    progress(run, log),
  ];
  return parts.filter((s) => s).join("  ·  ");
}

/** The chart of a log (see the header). */
export function chartOf(log: TrainingLog, name?: string): Chart {
  const heads = headsOf(log);
  const kind = (h: string) => log.run?.kinds.get(h);
  const rows: Panel[][] = [];
  const lossTitle = (h: string) => `${h}: ${kind(h) ? `${kind(h)} ` : ""}loss`;
  if (heads.length !== 1) rows.push([{ metric: "loss", title: heads.length === 0 ? "loss" : "total loss (weighted sum of the heads)", series: seriesOf(log, (v) => v.loss) }]);
  for (const h of heads) {
    const row: Panel[] = [{ head: h, metric: "loss", title: lossTitle(h), series: seriesOf(log, (v) => v.heads.get(h)?.loss) }];
    const accuracy = seriesOf(log, (v) => v.heads.get(h)?.accuracy);
    if (accuracy.length > 0) row.push({ head: h, metric: "accuracy", title: `${h}: accuracy`, series: accuracy });
    rows.push(row);
  }
  const last = Math.max(0, ...log.epochs.map((e) => e.epoch), ...log.steps.map((s) => s.epoch - 1 + s.batch / s.batches));
  const network = log.run?.network ?? name ?? "training";
  const span = Math.max(1, Math.ceil(last), log.run?.epochs ?? 0);
  return { title: `${network}: training curves`, subtitle: subtitle(log.run, log), rows: rows.filter((r) => r.some((p) => p.series.length > 0)), epochs: span };
}
