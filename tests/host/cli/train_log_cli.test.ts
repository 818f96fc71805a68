// `dlc train --log FILE` and the output of `dlc train` off a terminal, on
// the float64 reference backend with the tiny network of
// train_cli_helpers.ts (12 samples, batches of 4): the log's records say
// what the run printed (its epochs' losses exactly, its steps summing to
// them), --log-every groups steps, a log that cannot be written stops the
// run before training, and a run whose stderr is not a terminal prints
// plain lines only: no bar, no cursor moves.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { limitFor } from "../../helpers/time_limits.js";
import { dlc, expectClean, writeMlpData, MLP_TRAINED, SAMPLES } from "./train_cli_helpers.js";

const tmp = mkdtempSync(join(tmpdir(), "dlc-train-log-cli-"));
const net = join(tmp, "mlp.net");
const data = join(tmp, "data");
beforeAll(() => {
  writeFileSync(net, MLP_TRAINED);
  writeMlpData(data);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const ref = (...more: string[]) => ["train", net, "--data", data, "--backend", "reference", "--epochs", "2", ...more];

type Rec = Record<string, unknown> & { type: string; epoch?: number; samples?: number; loss?: number; steps?: number; heads?: Record<string, { loss: number; accuracy?: number }> };
const lines = (text: string) => text.trimEnd().split("\n").map((l) => JSON.parse(l) as Rec);

// A few CLI runs of ~1 s each; the limit catches hangs only.
const LIMIT = limitFor(8);

describe("dlc train --log", () => {
  it("writes the run, each step, each epoch as --json prints it, and the end; steps sum to their epoch", { timeout: LIMIT }, async () => {
    const log = join(tmp, "run.jsonl");
    const r = await dlc(ref("--json", "--val", data, "--log", log));
    expect(r.code, r.stderr).toBe(0);
    const printed = lines(r.stdout);
    const recs = lines(readFileSync(log, "utf8"));
    expect(recs.map((x) => x.type)).toEqual(["run", "step", "step", "step", "epoch", "step", "step", "step", "epoch", "end"]);
    expect(recs[0]).toMatchObject({ type: "run", version: 1, network: "mlp", backend: "reference", samples: SAMPLES, valSamples: SAMPLES, epochs: 2, batch: 4, stepsPerEpoch: 3, seed: 0, optimizer: "sgd", lr: 0.05, every: 1, heads: { logits: { kind: "cross_entropy", weight: 1 } } });
    const epochs = recs.filter((x) => x.type === "epoch");
    // The epoch records hold exactly what the run printed, validation included.
    epochs.forEach((e, i) => {
      const { type, step, samplesPerSecond, elapsed, ...metrics } = e;
      expect(type).toBe("epoch");
      expect(step).toBe(3 * (i + 1));
      expect(samplesPerSecond).toBeGreaterThan(0);
      expect(elapsed).toBeGreaterThanOrEqual(0);
      expect(metrics).toEqual(printed[i]);
      expect(metrics.val).toBeDefined();
    });
    // Each epoch's steps: their sample-weighted mean is the epoch's loss and accuracy.
    for (const e of epochs) {
      const steps = recs.filter((x) => x.type === "step" && x.epoch === e.epoch);
      expect(steps.map((s) => s.batch)).toEqual([1, 2, 3]);
      const n = steps.reduce((a, s) => a + s.samples!, 0);
      expect(n).toBe(SAMPLES);
      const mean = (f: (s: Rec) => number) => steps.reduce((a, s) => a + f(s) * s.samples!, 0) / n;
      expect(mean((s) => s.loss!)).toBeCloseTo(e.loss!, 12);
      expect(mean((s) => s.heads!.logits!.loss)).toBeCloseTo(e.heads!.logits!.loss, 12);
      expect(mean((s) => s.heads!.logits!.accuracy!)).toBeCloseTo(e.heads!.logits!.accuracy!, 12);
    }
    expect(recs.at(-1)).toMatchObject({ type: "end", ok: true, steps: 6 });
  });

  it("a log that cannot be written is exit 1 with its path, before any training; --log-every must be ≥ 1", { timeout: LIMIT }, async () => {
    const folder = join(tmp, "a-folder");
    mkdirSync(folder);
    const [isFolder, missing, zero] = await Promise.all([dlc(ref("--log", folder)), dlc(ref("--log", join(tmp, "no", "log.jsonl"))), dlc(ref("--log", join(tmp, "z.jsonl"), "--log-every", "0"))]);
    for (const r of [isFolder, missing]) {
      expect(r.code, r.stderr).toBe(1);
      expectClean(r);
      expect(r.stdout).toBe(""); // nothing trained
    }
    expect(isFolder.stderr).toContain(`--log: cannot write '${folder}'`);
    expect(missing.stderr).toContain(`cannot write '${join(tmp, "no", "log.jsonl")}'`);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain("--log-every expects a positive integer, got '0'");
  });
});

describe("dlc train off a terminal, with --log-every", () => {
  it("prints the plain lines (the run, one line per epoch, done; no bar, no escape sequences) and logs a record per two steps", { timeout: LIMIT }, async () => {
    const log = join(tmp, "every.jsonl");
    const r = await dlc(ref("--val", data, "--log", log, "--log-every", "2"));
    expect(r.code, r.stderr).toBe(0);
    // --log-every 2: a record per two steps, and the epoch's last step alone.
    const steps = lines(readFileSync(log, "utf8")).filter((x) => x.type === "step");
    expect(steps.map((s) => [s.epoch, s.step, s.steps, s.samples])).toEqual([[1, 2, 2, 8], [1, 3, 1, 4], [2, 5, 2, 8], [2, 6, 1, 4]]);
    const out = r.stdout.trimEnd().split("\n");
    expect(out).toHaveLength(4);
    expect(out[0]).toMatch(/^training mlp on 12 samples \(validation 12\): 2 epoch\(s\), batch 4, seed 0, sgd lr 0\.05; reference backend \(float64\)$/);
    expect(out[1]).toMatch(/^epoch 1\/2 {2}lr 0\.05 {2}train loss [\d.]+ \[logits [\d.]+ acc \d+\.\d%\] {2}val loss [\d.]+ \[logits [\d.]+ acc \d+\.\d%\] {2}\(\d+\.\d\d s\)$/);
    expect(out[2]).toMatch(/^epoch 2\/2 /);
    expect(out[3]).toMatch(/^done: 6 steps in \d+\.\d\d s$/);
    for (const text of [r.stdout, r.stderr]) {
      expect(text).not.toContain("\r");
      expect(text).not.toContain("\x1b");
      expect(text).not.toContain("ETA");
    }
  });
});
