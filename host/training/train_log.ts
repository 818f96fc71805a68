// `dlc train --log FILE.jsonl`: a training run as JSON lines, one object a
// line, written while the run goes so that it can be watched (`tail -f`,
// `dlc plot` at any time). The format (version 1; docs/training.md shows
// it with examples):
//
//   {"type":"run", …}    once at the start of every run: what trains, on
//                        what, with what (RunRecord);
//   {"type":"step", …}   every `every` steps (--log-every, default 1), and
//                        at the end of each epoch for the steps left over:
//                        the sample-weighted means over the steps it covers
//                        (StepRecord);
//   {"type":"epoch", …}  after every epoch: the epoch's EpochMetrics exactly
//                        as `--json` prints them (validation included),
//                        plus the global step and the throughput
//                        (EpochRecord);
//   {"type":"end", …}    when the run stops, finished or not (EndRecord).
//
// A fresh run truncates FILE; a run with --resume appends to it, so that the
// curves continue (a new "run" record with `resume` marks the seam; a reader
// keeps the later record of a step or epoch logged twice).
//
// Every record is one writeSync of a whole line: nothing is buffered in the
// process, so a reader sees each record as soon as it is made, and a run
// that is killed leaves whole lines only (but for a crash inside the one
// write). Losses are totals weighted as the training section weights them
// ("loss") and each head's own mean ("heads"), as EvalMetrics.

import { closeSync, openSync, writeSync } from "node:fs";
import { FileWriteError } from "../../core/io/write_file_atomic.js";
import { fsCode, fsReason } from "../../core/io/fs_reason.js";
import type { EpochMetrics, EvalMetrics, HeadMetrics, StepMetrics } from "./loop.js";

export const LOG_VERSION = 1;

export interface RunRecord {
  readonly type: "run";
  readonly version: number;
  /** When the run started, ISO 8601 (UTC). */
  readonly started: string;
  readonly network: string;
  readonly file: string;
  readonly backend: string;
  /** Training samples, and validation samples when there is validation data. */
  readonly samples: number;
  readonly valSamples?: number;
  readonly epochs: number;
  readonly batch: number;
  readonly stepsPerEpoch: number;
  readonly seed: number;
  readonly optimizer: string;
  /** The base learning rate (a schedule changes it per epoch: see each record's lr). */
  readonly lr: number;
  readonly schedule?: string;
  /** Per head: its loss and its weight in the total. */
  readonly heads: Readonly<Record<string, { readonly kind: string; readonly weight: number }>>;
  /** Steps per "step" record. */
  readonly every: number;
  /** A resumed run: the epochs and steps already done. */
  readonly resume?: { readonly epoch: number; readonly step: number };
}

export interface StepRecord extends EvalMetrics {
  readonly type: "step";
  readonly epoch: number;
  /** Global step of the last step covered (1-based). */
  readonly step: number;
  /** That step's batch in its epoch, 1-based, of `batches`. */
  readonly batch: number;
  readonly batches: number;
  /** Steps covered (`every`, fewer at an epoch's end). */
  readonly steps: number;
  readonly lr: number;
  /** Samples trained per second over the steps covered. */
  readonly samplesPerSecond: number;
  /** Seconds since the run started (its "run" record), to the millisecond. */
  readonly elapsed: number;
}

export interface EpochRecord extends EpochMetrics {
  readonly type: "epoch";
  /** Global steps taken at the epoch's end. */
  readonly step: number;
  /** Training samples per second over the epoch's steps (validation not counted). */
  readonly samplesPerSecond: number;
  readonly elapsed: number;
}

export interface EndRecord {
  readonly type: "end";
  /** false when the run stopped on an error (a diverging loss, a device or file error). */
  readonly ok: boolean;
  readonly steps: number;
  readonly elapsed: number;
  readonly error?: string;
}

export type LogRecord = RunRecord | StepRecord | EpochRecord | EndRecord;

/** Sample-weighted sums of EvalMetrics over several steps. */
class Span {
  samples = 0;
  steps = 0;
  seconds = 0;
  private loss = 0;
  private readonly heads = new Map<string, { kind: string; loss: number; accuracy?: number }>();

  add(m: EvalMetrics, seconds: number): void {
    this.samples += m.samples;
    this.steps++;
    this.seconds += seconds;
    this.loss += m.loss * m.samples;
    for (const [name, h] of Object.entries(m.heads)) {
      const sum = this.heads.get(name) ?? { kind: h.kind, loss: 0, ...(h.accuracy === undefined ? {} : { accuracy: 0 }) };
      sum.loss += h.loss * m.samples;
      if (h.accuracy !== undefined) sum.accuracy = (sum.accuracy ?? 0) + h.accuracy * m.samples;
      this.heads.set(name, sum);
    }
  }

  metrics(): EvalMetrics {
    const n = this.samples;
    const heads: Record<string, HeadMetrics> = {};
    for (const [name, h] of this.heads) heads[name] = { kind: h.kind, loss: h.loss / n, ...(h.accuracy === undefined ? {} : { accuracy: h.accuracy / n }) };
    return { samples: n, loss: this.loss / n, heads };
  }
}

/** Per second, or 0 where no time passed (a step faster than the clock). */
const rate = (samples: number, seconds: number) => (seconds > 0 ? Number((samples / seconds).toPrecision(4)) : 0);

/** The writer of one run's records (see the header). */
export class TrainLog {
  private span = new Span();
  private epochSeconds = 0;
  private lastStep = 0;
  private started = false;
  private t0: number;

  private constructor(
    readonly path: string,
    private fd: number | undefined,
    private readonly every: number,
    private readonly now: () => number,
  ) {
    this.t0 = now();
  }

  /**
   * Opens `path` for a run: truncated, or appended to when `append` (a
   * resumed run). A FileWriteError names the path and the reason.
   */
  static open(path: string, opts: { append: boolean; every?: number; now?: () => number }): TrainLog {
    const every = opts.every ?? 1;
    if (!Number.isInteger(every) || every < 1) throw new RangeError(`TrainLog: every must be a whole number ≥ 1, got ${every}`);
    try {
      return new TrainLog(path, openSync(path, opts.append ? "a" : "w", 0o644), every, opts.now ?? (() => performance.now() / 1000));
    } catch (e) {
      if (fsCode(e) !== undefined) throw new FileWriteError(path, fsReason(e), { cause: e });
      throw e;
    }
  }

  /** Seconds since run(), to the millisecond. */
  private elapsed(): number {
    return Math.round((this.now() - this.t0) * 1000) / 1000;
  }

  private write(r: LogRecord): void {
    if (this.fd === undefined) return;
    try {
      writeSync(this.fd, JSON.stringify(r) + "\n");
    } catch (e) {
      if (fsCode(e) !== undefined) throw new FileWriteError(this.path, fsReason(e), { cause: e });
      throw e;
    }
  }

  /** The run's first record; `every` is filled in from open()'s. */
  run(r: Omit<RunRecord, "type" | "version" | "every" | "started">): void {
    this.lastStep = r.resume?.step ?? 0;
    this.started = true;
    this.t0 = this.now();
    this.write({ type: "run", version: LOG_VERSION, started: new Date().toISOString(), ...r, every: this.every });
  }

  step(s: StepMetrics): void {
    if (s.batch === 1) this.epochSeconds = 0;
    this.span.add(s.last, s.seconds - this.epochSeconds);
    this.epochSeconds = s.seconds;
    this.lastStep = s.step;
    if (this.span.steps === this.every || s.batch === s.batches) this.flushSteps(s);
  }

  private flushSteps(s: StepMetrics): void {
    const span = this.span;
    this.span = new Span();
    if (span.steps === 0) return;
    this.write({ type: "step", epoch: s.epoch, step: s.step, batch: s.batch, batches: s.batches, steps: span.steps, lr: s.lr, ...span.metrics(), samplesPerSecond: rate(span.samples, span.seconds), elapsed: this.elapsed() });
  }

  /**
   * After an epoch, with the metrics the loop reported. Training throughput
   * counts the epoch's steps only: `m.seconds` includes validation.
   */
  epoch(m: EpochMetrics): void {
    this.write({ type: "epoch", step: this.lastStep, ...m, samplesPerSecond: rate(m.samples, this.epochSeconds), elapsed: this.elapsed() });
  }

  /**
   * The last record, and the file closed; `error` when the run failed. A
   * log whose run never started (refused data, say) gets no record. Further
   * calls do nothing.
   */
  end(error?: string): void {
    if (this.fd === undefined) return;
    try {
      if (this.started) this.write({ type: "end", ok: error === undefined, steps: this.lastStep, elapsed: this.elapsed(), ...(error === undefined ? {} : { error }) });
    } finally {
      this.close();
    }
  }

  /** Closes the file without a record (after end(), or when writing it failed). */
  close(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    closeSync(fd);
  }
}
