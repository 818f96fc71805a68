// The DDP example (examples/distributed/): lenet5 exported to PyTorch and
// trained by train_ddp.py under torchrun with 2 processes (gloo, CPU) takes
// the steps one process takes on the same global batches: the losses of
// every step agree within 1e-5, and so do the weights written back as dlc
// checkpoints; `dlc eval` reads the 2-process checkpoint.

import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { exportPytorchFiles } from "../../../../host/export/pytorch/command.js";
import { writeFilesTogether } from "../../../../host/export/pytorch/write_files.js";
import { writeNpy } from "../../../../host/data/npy.js";
import { Rng } from "../../../../core/tensor/rng.js";
import { loadCheckpoint } from "../../../../runtime/checkpoint/checkpoint.js";
import { relativeError } from "../../../helpers/gpu_parity.js";
import { dlc, root } from "../../../helpers/cli.js";
import { limitFor } from "../../../helpers/time_limits.js";
import { runPython } from "./torch_python.js";

const EXAMPLE = join(root, "examples/distributed");
const NET = join(EXAMPLE, "lenet5_ddp.net");
const SAMPLES = 96;
const BATCH = 32;
const STEPS = 3;

describe("examples/distributed: DistributedDataParallel on the exported module", () => {
  const dir = mkdtempSync(join(tmpdir(), "dlc-export-ddp-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    `2 processes take the 1-process steps on the same global batch (${STEPS} steps of ${BATCH})`,
    async () => {
      const { files, graph } = exportPytorchFiles(NET, { out: dir, net: "lenet5" });
      writeFilesTogether(files);
      // A data folder in dlc's layout: image.npy [N, 1, 32, 32] float32, label.npy [N] int64.
      const data = join(dir, "data");
      mkdirSync(data);
      const rng = new Rng(4);
      writeNpy(join(data, "image.npy"), [SAMPLES, 1, 32, 32], Float32Array.from({ length: SAMPLES * 1024 }, () => rng.normal()), "float32");
      writeNpy(join(data, "label.npy"), [SAMPLES], Array.from({ length: SAMPLES }, (_, i) => i % 10), "int64");

      const train = async (procs: number) => {
        const out = join(dir, `w${procs}.safetensors`);
        const log = join(dir, `log${procs}.jsonl`);
        const args = [join(EXAMPLE, "torchrun.py"), "--standalone", `--nproc_per_node=${procs}`, join(EXAMPLE, "train_ddp.py")];
        const r = await runPython([...args, "--module", join(dir, "lenet5.py"), "--data", data, "--out", out, "--batch", String(BATCH), "--steps", String(STEPS), "--log", log], { timeoutMs: limitFor(15) });
        expect(r.code, r.stderr.slice(-3000)).toBe(0);
        expect(r.stdout).toContain(`${STEPS} steps of ${BATCH} (${BATCH / procs} per process)`);
        const losses = readFileSync(log, "utf8").trim().split("\n").map((l) => (JSON.parse(l) as { loss: number }).loss);
        return { out, losses };
      };
      const one = await train(1);
      const two = await train(2);
      expect(two.losses).toHaveLength(STEPS);
      for (let s = 0; s < STEPS; s++) expect(relativeError([two.losses[s]!], [one.losses[s]!]), `step ${s + 1}: ${two.losses[s]} and ${one.losses[s]}`).toBeLessThan(1e-5);
      // The steps changed the weights, the same way in both runs.
      const a = loadCheckpoint(one.out, graph!).params;
      const b = loadCheckpoint(two.out, graph!).params;
      for (const [name, v] of a) expect(relativeError(b.get(name)!, v), name).toBeLessThan(1e-5);
      expect(Math.abs(one.losses[STEPS - 1]! - one.losses[0]!)).toBeGreaterThan(1e-4);

      // Back in dlc: eval reads the checkpoint the 2-process run wrote.
      const ev = await dlc(["eval", NET, "--net", "lenet5", "--weights", two.out, "--data", data, "--backend", "reference", "--json"], { timeoutMs: limitFor(5) });
      expect(ev.code, ev.stderr).toBe(0);
      expect((JSON.parse(ev.stdout) as { loss: number }).loss).toBeGreaterThan(0);
    },
    limitFor(40),
  );
});
