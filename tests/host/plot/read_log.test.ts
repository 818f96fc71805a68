// host/plot/read_log.ts and curves.ts: a training log read record by record
// (errors by line number), a growing log's unfinished last line left out,
// runs and resumes, and the panels and curves made from it.

import { describe, expect, it } from "vitest";
import { parseTrainingLog, PlotInputError } from "../../../host/plot/read_log.js";
import { chartOf, MAX_STEP_POINTS } from "../../../host/plot/curves.js";
import { fixtureRecords, fixtureText } from "./log_fixture.js";

const parse = (text: string) => parseTrainingLog("run.jsonl", text);
const jsonl = (recs: readonly object[]) => recs.map((r) => JSON.stringify(r) + "\n").join("");

function refused(text: string): string {
  try {
    parse(text);
  } catch (e) {
    expect(e).toBeInstanceOf(PlotInputError);
    return (e as Error).message;
  }
  throw new Error("expected the log to be refused");
}

describe("parseTrainingLog", () => {
  it("reads the run, the steps and the epochs with their validation", () => {
    const log = parse(fixtureText({ twoHeads: true }));
    expect(log.run?.network).toBe("fixture");
    expect([...log.run!.kinds]).toEqual([["logits", "cross_entropy"], ["box", "mse"]]);
    expect(log.steps.map((s) => s.step)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(log.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(log.epochs[0]!.heads.get("logits")).toEqual({ loss: 1, accuracy: 0.6 });
    expect(log.epochs[0]!.val!.heads.get("box")!.loss).toBeCloseTo(0.09, 12);
    expect(log.notes).toEqual([]);
  });

  it("refuses an empty file, text that is not JSON lines, and a log with no loss, saying where", () => {
    expect(refused("")).toBe("'run.jsonl' is empty: expected the JSON lines that `dlc train --log` writes");
    expect(refused("\n  \n")).toContain("is empty");
    expect(refused("epoch,loss\n1,0.5\n")).toContain("'run.jsonl' line 1: not JSON (epoch,loss)");
    expect(refused(`${JSON.stringify(fixtureRecords()[0])}\n[1, 2]\n`)).toContain("line 2: not a JSON object");
    expect(refused(jsonl([fixtureRecords()[0]!, { type: "end", ok: true }]))).toContain("'run.jsonl' has no step or epoch record with a loss: nothing to plot");
    expect(refused(jsonl([{ hello: "world" }]))).toContain("has no step or epoch record with a loss");
  });

  it("refuses records whose fields are missing or of the wrong kind, by line", () => {
    const step = fixtureRecords()[1]!;
    expect(refused(jsonl([step, { ...step, loss: "0.5" }]))).toContain(`line 2: the step record's "loss" is "0.5", expected a finite number`);
    expect(refused(jsonl([{ ...step, epoch: undefined }]))).toContain(`line 1: the step record's "epoch" is missing, expected a number > 0`);
    expect(refused(jsonl([{ ...step, batch: 9, batches: 4 }]))).toContain("line 1: the step record's batch 9 is beyond its epoch's 4");
    expect(refused(jsonl([{ ...step, heads: { logits: { accuracy: 1 } } }]))).toContain("line 1: the step record's head 'logits' has no finite \"loss\"");
    const epoch = fixtureRecords()[5]!;
    expect(epoch.type).toBe("epoch");
    expect(refused(jsonl([{ ...epoch, val: 3 }]))).toContain(`line 1: the epoch record's "val" is not an object`);
    expect(refused(jsonl([{ ...epoch, val: { loss: null } }]))).toContain(`line 1: the epoch record's validation "loss" is null, expected a finite number`);
  });

  it("leaves out an unfinished last line of a growing log, with a note; an unfinished line elsewhere is an error", () => {
    const text = fixtureText();
    const cut = text.slice(0, text.length - 20); // the end record, half written
    const log = parse(cut);
    expect(log.epochs).toHaveLength(3);
    expect(log.notes).toEqual([`line ${text.split("\n").length - 1} is incomplete (a run still writing it?) and was left out`]);
    expect(refused(cut + "\n")).toContain("not JSON");
  });

  it("a new run starts over; a resumed run continues, its later records replacing repeated steps and epochs", () => {
    const recs = fixtureRecords({ epochs: 2 });
    const again = jsonl([...recs, ...fixtureRecords({ epochs: 1 })]);
    expect(parse(again).epochs.map((e) => e.epoch)).toEqual([1]);
    // Resumed after epoch 1: epoch 2 is logged twice, the later one kept.
    const resumed = [{ ...recs[0]!, resume: { epoch: 1, step: 4 } }, ...recs.slice(6).map((r) => (r.type === "epoch" ? { ...r, loss: 0.125 } : r))];
    const log = parse(jsonl([...recs, ...resumed]));
    expect(log.epochs.map((e) => [e.epoch, e.loss])).toEqual([[1, 1], [2, 0.125]]);
    expect(log.steps).toHaveLength(8);
  });
});

describe("chartOf", () => {
  it("one head: a loss and an accuracy panel, each with the per-step, epoch and validation curves where the epochs put them", () => {
    const chart = chartOf(parse(fixtureText()));
    expect(chart.title).toBe("fixture: training curves");
    expect(chart.subtitle).toBe("32 samples (validation 16)  ·  batch 8  ·  sgd lr 0.1  ·  seed 0  ·  3 epochs, 12 steps");
    expect(chart.rows.map((r) => r.map((p) => p.title))).toEqual([["logits: cross_entropy loss", "logits: accuracy"]]);
    const [loss] = chart.rows[0]!;
    expect(loss!.series.map((s) => s.role)).toEqual(["train-step", "train-epoch", "val"]);
    // Step b of 4 in epoch e at e − 1 + b/4; the epoch's mean at its middle; validation at its end.
    expect(loss!.series[0]!.points.slice(0, 5).map((p) => p.x)).toEqual([0.25, 0.5, 0.75, 1, 1.25]);
    expect(loss!.series[1]!.points.map((p) => [p.x, p.y])).toEqual([[0.5, 1], [1.5, 2 / 3], [2.5, 0.5]]);
    expect(loss!.series[2]!.points.map((p) => p.x)).toEqual([1, 2, 3]);
    expect(chart.epochs).toBe(3);
  });

  it("several heads: the weighted total first, then a row per head, accuracy only where the head has it", () => {
    const chart = chartOf(parse(fixtureText({ twoHeads: true, noVal: true })));
    expect(chart.rows.map((r) => r.map((p) => `${p.head ?? "total"}/${p.metric}`))).toEqual([["total/loss"], ["logits/loss", "logits/accuracy"], ["box/loss"]]);
    expect(chart.rows[2]![0]!.title).toBe("box: mse loss");
    expect(chart.rows.flat().every((p) => p.series.every((s) => s.role !== "val"))).toBe(true);
  });

  it("a run still going: the x axis spans its planned epochs; a very long run's steps are averaged down", () => {
    const partial = fixtureRecords({ epochs: 10 }).slice(0, 8);
    const chart = chartOf(parse(jsonl(partial)));
    expect(chart.epochs).toBe(10);
    expect(chart.subtitle).toContain("1 of 10 epochs, 6 steps");
    const long = chartOf(parse(fixtureText({ epochs: 2, batches: 2000 })));
    const steps = long.rows[0]![0]!.series[0]!.points;
    expect(steps.length).toBeLessThanOrEqual(MAX_STEP_POINTS);
    expect(steps.length).toBeGreaterThan(MAX_STEP_POINTS / 2);
    expect(steps.at(-1)!.x).toBe(2);
  });
});
