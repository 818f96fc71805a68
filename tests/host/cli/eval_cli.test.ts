// `dlc eval` needs only the losses: a network without a training section is
// measured with the assumed ones (cross-entropy on class scores, mse
// elsewhere), per head, said once on stderr; --loss picks another for a
// one-head network; --allow-import reaches the compiler. Reference backend,
// a tiny network and 12 samples written here.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { limitFor } from "../../helpers/time_limits.js";
import { dlc, expectClean, MLP, MLP_TRAINED, SAMPLES, writeImportingMlp, writeMlpData } from "./train_cli_helpers.js";

const tmp = mkdtempSync(join(tmpdir(), "dlc-eval-cli-"));
const data = join(tmp, "data");
const plain = join(tmp, "plain", "mlp.net");
const trained = join(tmp, "trained", "mlp.net");
const TWO = "network two {\n  input x: [4]\n  h = x |> dense(8) |> relu\n  output logits = h |> dense(3)\n  output value = h |> dense(1)\n}\n";
const two = join(tmp, "two.net");
beforeAll(() => {
  mkdirSync(join(tmp, "plain"));
  mkdirSync(join(tmp, "trained"));
  writeFileSync(plain, MLP);
  writeFileSync(trained, MLP_TRAINED);
  writeFileSync(two, TWO);
  writeMlpData(data);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Metrics {
  samples: number;
  loss: number;
  heads: Record<string, { loss: number; accuracy?: number }>;
}

const LIMIT = limitFor(10);

describe("dlc eval without a training section", () => {
  it("measures the assumed cross-entropy, exactly as a training section saying so would", { timeout: LIMIT }, async () => {
    const out = join(tmp, "run");
    const train = await dlc(["train", plain, "--data", data, "--backend", "reference", "--epochs", "2", "--out", out]);
    expect(train.code, train.stderr).toBe(0);
    const weights = join(out, "last.safetensors");
    const ev = (file: string, ...more: string[]) => dlc(["eval", file, "--weights", weights, "--data", data, "--backend", "reference", ...more]);
    const [text, json, sectioned] = await Promise.all([ev(plain), ev(plain, "--json"), ev(trained, "--json")]);
    for (const r of [text, json, sectioned]) expect(r.code, r.stderr).toBe(0);
    expect(text.stderr.split("has no training section").length - 1).toBe(1);
    expect(text.stderr).toContain("measuring cross_entropy(logits, label)");
    expect(text.stdout).toMatch(new RegExp(`^mlp with .* \\(epoch 2, step 2\\) on ${SAMPLES} samples: loss [\\d.]+ \\[logits [\\d.]+ acc \\d+\\.\\d%\\]`));
    const m = JSON.parse(json.stdout) as Metrics;
    const s = JSON.parse(sectioned.stdout) as Metrics;
    expect(m.samples).toBe(SAMPLES);
    expect(m.heads.logits!.accuracy).toBeGreaterThanOrEqual(0);
    expect(m.heads).toEqual(s.heads);
    expect(sectioned.stderr).not.toContain("no training section");
  });

  it("reports every head of a multi-head network; --loss there is a usage error", { timeout: LIMIT }, async () => {
    const out = join(tmp, "two-run");
    // The two-head network's assumed labels: logits_label (classes) and value_label (a float per sample).
    writeMlpData(join(tmp, "two-data"), {
      logits_label: { shape: [SAMPLES], data: Array.from({ length: SAMPLES }, (_, i) => i % 3), int: true },
      value_label: { shape: [SAMPLES, 1], data: Array.from({ length: SAMPLES }, (_, i) => i / SAMPLES) },
    });
    const twoData = join(tmp, "two-data");
    const train = await dlc(["train", two, "--data", twoData, "--backend", "reference", "--out", out]);
    expect(train.code, train.stderr).toBe(0);
    const weights = join(out, "last.safetensors");
    const [ev, loss] = await Promise.all([
      dlc(["eval", two, "--weights", weights, "--data", twoData, "--backend", "reference", "--json"]),
      dlc(["eval", two, "--weights", weights, "--data", twoData, "--backend", "reference", "--loss", "mse"]),
    ]);
    expect(ev.code, ev.stderr).toBe(0);
    expect(ev.stderr).toContain("measuring cross_entropy(logits, logits_label), mse(value, value_label)"); // a [1] output is a score, not one class
    const m = JSON.parse(ev.stdout) as Metrics;
    expect(Object.keys(m.heads).sort()).toEqual(["logits", "value"]);
    expect(typeof m.heads.logits!.accuracy).toBe("number");
    expect(m.heads.value!.accuracy).toBeUndefined();
    expect(m.heads.value!.loss).toBeGreaterThan(0);
    expect(loss.code).toBe(2);
    expectClean(loss);
    expect(loss.stderr).toContain("'two' has 2 outputs (logits, value)");
    expect(loss.stdout).toBe("");
  });

  it("--loss measures another loss on a one-head network, and an unknown one is a usage error", { timeout: LIMIT }, async () => {
    const out = join(tmp, "run-mse");
    const train = await dlc(["train", plain, "--data", data, "--backend", "reference", "--out", out]);
    expect(train.code, train.stderr).toBe(0);
    const weights = join(out, "last.safetensors");
    const regress = join(tmp, "regress");
    writeMlpData(regress, { target: { shape: [SAMPLES, 3], data: Array.from({ length: SAMPLES * 3 }, (_, i) => (i % 5) / 5) } });
    const [mse, bad] = await Promise.all([
      dlc(["eval", plain, "--weights", weights, "--data", regress, "--backend", "reference", "--loss", "mse", "--json"]),
      dlc(["eval", plain, "--weights", weights, "--data", regress, "--backend", "reference", "--loss", "hinge"]),
    ]);
    expect(mse.code, mse.stderr).toBe(0);
    expect(mse.stderr).toContain("measuring mse(logits, target)");
    const m = JSON.parse(mse.stdout) as Metrics;
    expect(m.heads.logits!.accuracy).toBeUndefined(); // mse has no accuracy
    expect(m.heads.logits!.loss).toBeGreaterThan(0);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown loss 'hinge'");
  });

  it("--allow-import reaches the compiler", { timeout: LIMIT }, async () => {
    const { lib, file } = writeImportingMlp(tmp);
    const out = join(tmp, "run-import");
    const train = await dlc(["train", file, "--data", data, "--backend", "reference", "--out", out, "--allow-import", lib]);
    expect(train.code, train.stderr).toBe(0);
    const ev = (...more: string[]) => dlc(["eval", file, "--weights", join(out, "last.safetensors"), "--data", data, "--backend", "reference", ...more]);
    const [refused, allowed] = await Promise.all([ev(), ev("--allow-import", lib)]);
    expect(refused.code, refused.stderr).toBe(1);
    expectClean(refused);
    expect(refused.stderr).toContain("--allow-import");
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stdout).toContain(`on ${SAMPLES} samples`);
  });
});
