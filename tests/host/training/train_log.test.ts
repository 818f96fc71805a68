// host/training/train_log.ts: the records of `dlc train --log`, written a
// line at a time; --log-every's sample-weighted means; a new run replacing
// the file and a resumed one appending; files that cannot be opened.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FileWriteError } from "../../../core/io/write_file_atomic.js";
import type { EpochMetrics, EvalMetrics, StepMetrics } from "../../../host/training/loop.js";
import { TrainLog, type LogRecord } from "../../../host/training/train_log.js";

const tmp = mkdtempSync(join(tmpdir(), "dlc-train-log-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const RUN = { network: "two", file: "two.net", backend: "reference", samples: 10, epochs: 1, batch: 4, stepsPerEpoch: 3, seed: 0, optimizer: "sgd", lr: 0.1, heads: { logits: { kind: "cross_entropy", weight: 1 }, box: { kind: "mse", weight: 0.5 } } };

function batch(samples: number, ce: number, acc: number, mse: number): EvalMetrics {
  return { samples, loss: ce + 0.5 * mse, heads: { logits: { kind: "cross_entropy", loss: ce, accuracy: acc }, box: { kind: "mse", loss: mse } } };
}

/** Batches of 4, 4 and 2 samples, 1 s each. */
const BATCHES = [batch(4, 1.0, 0.25, 0.4), batch(4, 0.6, 0.5, 0.2), batch(2, 0.3, 1.0, 0.1)];

function steps(): StepMetrics[] {
  // The epoch's running metrics differ from the batch's own: the log writes the batch's.
  return BATCHES.map((last, k) => ({ epoch: 1, epochs: 1, step: k + 1, batch: k + 1, batches: 3, lr: 0.1, seconds: k + 1, last, running: batch(4 * (k + 1), 9, 0.9, 9) }));
}

const records = (path: string) => readFileSync(path, "utf8").trimEnd().split("\n").map((l) => JSON.parse(l) as LogRecord & Record<string, unknown>);

describe("TrainLog", () => {
  it("writes the run, every step, the epoch and the end, each as soon as it is given", () => {
    const path = join(tmp, "every.jsonl");
    let t = 100;
    const log = TrainLog.open(path, { append: false, now: () => t });
    log.run(RUN);
    expect(records(path).map((r) => r.type)).toEqual(["run"]);
    for (const s of steps()) {
      t += 1;
      log.step(s);
      // Nothing buffered: the record is in the file once step() returns.
      expect(records(path).at(-1)).toMatchObject({ type: "step", step: s.step });
    }
    const epoch: EpochMetrics = { epoch: 1, epochs: 1, lr: 0.1, steps: 3, seconds: 3.5, ...batch(10, 0.7, 0.5, 0.26), val: batch(6, 0.5, 0.75, 0.2) };
    log.epoch(epoch);
    log.end();
    log.end(); // a second end writes nothing
    const r = records(path);
    expect(r.map((x) => x.type)).toEqual(["run", "step", "step", "step", "epoch", "end"]);
    expect(r[0]).toMatchObject({ type: "run", version: 1, every: 1, ...RUN });
    expect(Date.parse(r[0]!.started as string)).not.toBeNaN();
    expect(r[1]).toEqual({ type: "step", epoch: 1, step: 1, batch: 1, batches: 3, steps: 1, lr: 0.1, ...BATCHES[0], samplesPerSecond: 4, elapsed: 1 });
    expect(r[3]).toMatchObject({ step: 3, samples: 2, samplesPerSecond: 2, elapsed: 3 });
    // The epoch record is the epoch's metrics unchanged, plus where and how fast; throughput over the steps' 3 s, not the 3.5 s with validation.
    expect(r[4]).toEqual({ type: "epoch", step: 3, ...epoch, samplesPerSecond: Number((10 / 3).toPrecision(4)), elapsed: 3 });
    expect(r[5]).toEqual({ type: "end", ok: true, steps: 3, elapsed: 3 });
  });

  it("--log-every N: one record per N steps with their sample-weighted means, the epoch's remainder at its end", () => {
    const path = join(tmp, "two.jsonl");
    const log = TrainLog.open(path, { append: false, every: 2, now: () => 0 });
    log.run(RUN);
    for (const s of steps()) log.step(s);
    log.end("training diverged");
    const r = records(path).filter((x) => x.type === "step");
    expect(r.map((x) => [x.step, x.steps, x.samples])).toEqual([[2, 2, 8], [3, 1, 2]]);
    const first = r[0] as unknown as EvalMetrics;
    // Means weighted by samples (4 and 4): (1.0 + 0.6) / 2, and the total the same way.
    expect(first.heads.logits!.loss).toBeCloseTo(0.8, 12);
    expect(first.heads.logits!.accuracy).toBeCloseTo(0.375, 12);
    expect(first.heads.box!.loss).toBeCloseTo(0.3, 12);
    expect(first.loss).toBeCloseTo(0.8 + 0.5 * 0.3, 12);
    expect(records(path).at(-1)).toEqual({ type: "end", ok: false, steps: 3, elapsed: 0, error: "training diverged" });
  });

  it("replaces the file for a new run and appends for a resumed one", () => {
    const path = join(tmp, "resume.jsonl");
    writeFileSync(path, '{"type":"old"}\n');
    const fresh = TrainLog.open(path, { append: false });
    fresh.run(RUN);
    fresh.end();
    expect(records(path).map((r) => r.type)).toEqual(["run", "end"]);
    const resumed = TrainLog.open(path, { append: true });
    resumed.run({ ...RUN, resume: { epoch: 1, step: 3 } });
    resumed.end();
    expect(records(path).map((r) => r.type)).toEqual(["run", "end", "run", "end"]);
    expect(records(path)[2]).toMatchObject({ resume: { epoch: 1, step: 3 } });
    // A resumed run's end counts its steps from the checkpoint's.
    expect(records(path)[3]).toMatchObject({ steps: 3 });
  });

  it("a log whose run never started is left without records", () => {
    const path = join(tmp, "unstarted.jsonl");
    TrainLog.open(path, { append: false }).end("no data");
    expect(readFileSync(path, "utf8")).toBe("");
  });

  it("refuses a folder or a path under a missing folder with a FileWriteError naming it", () => {
    const folder = join(tmp, "a-folder");
    mkdirSync(folder);
    for (const path of [folder, join(tmp, "missing", "log.jsonl")]) {
      let caught: unknown;
      try {
        TrainLog.open(path, { append: false });
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(FileWriteError);
      expect((caught as FileWriteError).message).toContain(`cannot write '${path}'`);
    }
  });
});
