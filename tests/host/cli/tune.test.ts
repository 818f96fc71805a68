// `dlc tune`: times the training step's GEMM problems on this device, writes
// the per-device cache, and on a second run finds them all cached.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dlc } from "../../helpers/cli.js";
import { limitFor } from "../../helpers/time_limits.js";

describe("dlc tune", () => {
  // Each run about 3 s on an idle 2-core machine; the test waits for two.
  it("caches one choice per GEMM problem, then times nothing again", { timeout: 2 * limitFor(3) + 30_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "dlc-tune-cli-"));
    const net = join(dir, "t.net");
    writeFileSync(net, "network t {\n  input x: [12]\n  output logits = x |> dense(5) |> relu |> dense(3)\n}\ntrain t { loss cross_entropy(logits, label)\n  optimizer sgd(lr = 0.1) }\n");
    const run = () => dlc(["tune", net, "--batch", "4", "--reps", "1"], { env: { DLC_TUNE_CACHE: join(dir, "cache.json") }, timeoutMs: limitFor(3) });
    const first = await run();
    expect(first.code, first.stderr).toBe(0);
    // Two dense layers: forward, data gradient of the second, both weight gradients.
    expect(first.stdout).toMatch(/^5 GEMM problems timed \(0 already cached/);
    const cache = JSON.parse(readFileSync(join(dir, "cache.json"), "utf8")) as { devices: Record<string, Record<string, unknown>> };
    const [device] = Object.values(cache.devices);
    expect(Object.keys(device!).sort()).toEqual(["dense 4x3x5x1", "dense 4x5x12x1", "dense_grad_input 4x5x3x1", "dense_grad_weight 3x5x4x1", "dense_grad_weight 5x12x4x1"]);
    const second = await run();
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/^0 GEMM problems timed \(5 already cached/);
  });
});
