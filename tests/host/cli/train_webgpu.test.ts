// `dlc train --backend webgpu` and `dlc eval` end to end, as a user runs
// them: JSON lines per epoch, the checkpoint after every epoch, --resume
// continuing at the next epoch, eval printing the accuracy, a resume from a
// weights-only checkpoint said to be inexact, and a corrupt checkpoint
// refused.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTinyData } from "../../../examples/tiny-train/make_data.js";
import { checkFile } from "../../../compiler/pipeline.js";
import { loadCheckpoint } from "../../../runtime/checkpoint/checkpoint.js";
import { dlc as runDlc, root } from "../../helpers/cli.js";
import { limitFor } from "../../helpers/time_limits.js";
import { MLP_TRAINED, writeMlpData } from "./train_cli_helpers.js";

const NET = "examples/tiny-train/net.net";
const tmp = mkdtempSync(join(tmpdir(), "dlc-train-webgpu-"));
const out = join(tmp, "run");
beforeAll(() => makeTinyData(tmp));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// A hang fails; a slow machine does not (tests/helpers/time_limits.ts): the longest run is ~20 s idle.
const dlc = (args: string[]) => runDlc(args, { timeoutMs: limitFor(20) });

interface Epoch {
  epoch: number;
  epochs: number;
  loss: number;
  samples: number;
  heads: Record<string, { accuracy?: number }>;
  val?: { heads: Record<string, { accuracy?: number }> };
}

/** The progress of progress_line.ts off a terminal: the count before, the same count and the time after, once. */
function expectCompileLines(stderr: string): void {
  const lines = stderr.split("\n").filter((l) => l.includes("compil"));
  expect(lines).toHaveLength(2);
  const [, n] = /^compiling (\d+) kernels…$/.exec(lines[0]!) ?? [];
  expect(Number(n)).toBeGreaterThan(0);
  expect(lines[1]).toMatch(new RegExp(`^compiled ${n} kernels in \\d+\\.\\d s$`));
}

const data = () => ["--data", join(tmp, "train"), "--val", join(tmp, "val")];

describe("dlc train --backend webgpu and dlc eval", () => {
  it("trains 2 epochs with a checkpoint after each, resumes at epoch 3, evaluates it", { timeout: limitFor(40) }, async () => {
    const log = join(tmp, "run.jsonl");
    const first = await dlc(["train", NET, ...data(), "--backend", "webgpu", "--epochs", "2", "--json", "--out", out, "--log", log]);
    expect(first.code, first.stderr).toBe(0);
    const lines = first.stdout.trim().split("\n");
    // --json: stdout holds the epochs' objects and nothing else; compiling is reported on stderr (two plain lines, not a terminal).
    expect(lines).toHaveLength(2);
    expect(first.stdout).not.toContain("compil");
    expectCompileLines(first.stderr);
    const epochs = lines.map((l) => JSON.parse(l) as Epoch);
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(epochs[1]!.samples).toBe(240);
    expect(epochs[1]!.val!.heads.logits!.accuracy).toBeGreaterThanOrEqual(0.85);
    // --log on WebGPU: 15 step records an epoch whose sample-weighted mean is the epoch's loss, and the epochs as printed.
    const recs = readFileSync(log, "utf8").trimEnd().split("\n").map((l) => JSON.parse(l) as { type: string; epoch?: number; samples?: number; loss?: number });
    for (const e of epochs) {
      const steps = recs.filter((r) => r.type === "step" && r.epoch === e.epoch);
      expect(steps).toHaveLength(15);
      expect(steps.reduce((a, r) => a + r.loss! * r.samples!, 0) / e.samples).toBeCloseTo(e.loss, 9);
      expect(recs.find((r) => r.type === "epoch" && r.epoch === e.epoch)).toMatchObject(e);
    }

    const graph = checkFile(join(root, NET)).graph!;
    const ckpt = loadCheckpoint(join(out, "last.safetensors"), graph);
    expect(ckpt.counters).toEqual({ epoch: 2, step: 30, seed: 0 });
    expect(ckpt.optimizerKind).toBe("sgd");
    expect([...ckpt.params.keys()]).toContain("bn1.running_var");
    expect(ckpt.optimizer.get("conv1.weight/momentum_buffer")!.length).toBe(8 * 9);

    const [resumed, evaluated] = await Promise.all([
      dlc(["train", NET, ...data(), "--epochs", "3", "--json", "--resume", join(out, "last.safetensors"), "--out", join(tmp, "resumed")]),
      dlc(["eval", NET, "--weights", join(out, "last.safetensors"), "--data", join(tmp, "val")]),
    ]);
    expect(resumed.code, resumed.stderr).toBe(0);
    // A webgpu checkpoint carries the momentum buffers: the resume is exact, and nothing says otherwise.
    expect(resumed.stderr).not.toContain("warning");
    const more = resumed.stdout.trim().split("\n").map((l) => JSON.parse(l) as Epoch);
    expect(more.map((e) => [e.epoch, e.epochs])).toEqual([[3, 3]]);
    expect(more[0]!.loss).toBeLessThan(epochs[0]!.loss);
    expect(loadCheckpoint(join(tmp, "resumed", "last.safetensors"), graph).counters).toEqual({ epoch: 3, step: 45, seed: 0 });

    expect(evaluated.code, evaluated.stderr).toBe(0);
    expectCompileLines(evaluated.stderr);
    expect(evaluated.stdout).not.toContain("compil");
    expect(evaluated.stdout).toMatch(/on 60 samples: loss [\d.]+ \[logits [\d.]+ acc \d+\.\d%\]/);
    const acc = Number(/acc (\d+\.\d)%/.exec(evaluated.stdout)![1]);
    // Eval mode on the same weights: the validation accuracy of epoch 2.
    expect(acc).toBeCloseTo(100 * epochs[1]!.val!.heads.logits!.accuracy!, 1);
  });

  it("resuming a reference-backend checkpoint (weights only) with momentum says it is not exact, and continues the run in its own --out", { timeout: limitFor(12) }, async () => {
    const mlp = join(tmp, "mlp.net");
    const mlpData = join(tmp, "mlp-data");
    const run = join(tmp, "mlp-run");
    writeFileSync(mlp, MLP_TRAINED);
    writeMlpData(mlpData);
    const first = await dlc(["train", mlp, "--data", mlpData, "--backend", "reference", "--epochs", "1", "--out", run]);
    expect(first.code, first.stderr).toBe(0);
    const ckpt = join(run, "last.safetensors");
    const graph = checkFile(mlp).graph!;
    expect(loadCheckpoint(ckpt, graph).optimizer.size).toBe(0);

    const resumed = await dlc(["train", mlp, "--data", mlpData, "--epochs", "2", "--resume", ckpt, "--out", run]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`warning: ${ckpt} holds weights only, no optimizer state`);
    expect(resumed.stderr).toContain("sgd's momentum buffers start from zero at step 3");
    const after = loadCheckpoint(ckpt, graph);
    expect(after.counters).toEqual({ epoch: 2, step: 6, seed: 0 });
    expect(after.optimizer.get("dense2.weight/momentum_buffer")!.length).toBe(3 * 8); // the webgpu run saved its state
  });

  it("refuses a corrupt checkpoint for --resume and --weights", async () => {
    const bad = join(tmp, "bad.safetensors");
    writeFileSync(bad, Buffer.concat([Buffer.from([200, 0, 0, 0, 0, 0, 0, 0]), Buffer.from('{"conv1.weight": ')]));
    const [resume, evaluated] = await Promise.all([
      dlc(["train", NET, "--data", join(tmp, "train"), "--epochs", "3", "--resume", bad]),
      dlc(["eval", NET, "--weights", bad, "--data", join(tmp, "val")]),
    ]);
    for (const r of [resume, evaluated]) {
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain(bad);
      expect(r.stderr).not.toContain("    at ");
      expect(r.stdout).toBe("");
    }
    expect(readFileSync(bad).length).toBe(25); // untouched
  });
});
