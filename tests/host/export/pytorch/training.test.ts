// Training parity: three SGD-with-momentum steps of lenet5 (dlc's assumed
// training: cross-entropy, sgd(lr = 0.1, momentum = 0.9)) and of
// multitask_localization (its training section: cross-entropy plus 0.5 ·
// smooth L1, sgd with momentum and weight decay, a cosine schedule, the
// trunk frozen) in dlc on WebGPU and in PyTorch with the exported module's
// make_optimizer, loss_fn and train_step, from the same weights (random,
// with non-trivial BN statistics) on the same batch. The losses of every
// step and every tensor afterwards (BN running statistics included, written
// by the module's save_weights and read back by dlc's checkpoint loader)
// agree within 1e-4 relative.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assumedTrainSpec, checkFile } from "../../../../compiler/pipeline.js";
import { elementCount } from "../../../../core/ir/graph.js";
import { Rng } from "../../../../core/tensor/rng.js";
import { optimizerHyper } from "../../../../core/optim/optimizers.js";
import { learningRate } from "../../../../host/training/schedules.js";
import { GpuTrainer } from "../../../../host/training/trainer.js";
import { exportPytorchFiles } from "../../../../host/export/pytorch/command.js";
import { writeFilesTogether } from "../../../../host/export/pytorch/write_files.js";
import { loadCheckpoint, saveCheckpoint } from "../../../../runtime/checkpoint/checkpoint.js";
import { encodeSafetensors, type SafeTensor } from "../../../../runtime/checkpoint/safetensors.js";
import { relativeError, sharedDevice } from "../../../helpers/gpu_parity.js";
import { root } from "../../../helpers/cli.js";
import { limitFor } from "../../../helpers/time_limits.js";
import { randomParams } from "./cases.js";
import { jsonLines, runPython } from "./torch_python.js";

const BATCH = 3;
const STEPS = 3;
const SCRIPT = join(import.meta.dirname, "train.py");

interface Case {
  readonly file: string;
  /** A smaller input than the file's where the network allows it: the same layers, less to run on SwiftShader. */
  readonly inputs?: Map<string, number[]>;
}

const CASES: readonly Case[] = [
  { file: join(root, "stdlib/models/lenet5.net") },
  { file: join(root, "stdlib/models/multitask_localization.net"), inputs: new Map([["image", [3, 64, 64]]]) },
];

describe("training the exported module in PyTorch", () => {
  const dir = mkdtempSync(join(tmpdir(), "dlc-export-train-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const c of CASES) {
    it(
      `${c.file.split("/").pop()}: ${STEPS} steps give dlc's (WebGPU) losses and weights`,
      async () => {
        const r = checkFile(c.file, { inputs: c.inputs, train: true });
        expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([]);
        const g = r.graph!;
        const t = r.training!;
        const spec = g.train ?? assumedTrainSpec(g);
        const start = randomParams(g, 5).f32;

        // One batch: normal images, class labels below the class count, box targets in [0, 1).
        const rng = new Rng(9);
        const feeds = new Map<string, Float32Array | Int32Array>();
        const io = new Map<string, SafeTensor>();
        for (const id of t.graph.inputs) {
          const n = t.graph.nodes[id]!;
          const count = BATCH * elementCount(n.shape);
          const loss = t.losses.find((l) => l.spec.label === n.name);
          const label = loss !== undefined;
          const shape = [BATCH, ...n.shape];
          if (n.dtype === "i32") {
            const classes = t.graph.nodes[t.graph.nodes[loss!.node]!.inputs[0]!]!.shape[0]!;
            const v = Int32Array.from({ length: count }, () => Math.floor(rng.uniform() * classes));
            feeds.set(n.name, v);
            io.set(`label.${n.name}`, { dtype: "I64", shape, data: BigInt64Array.from(v, (x) => BigInt(x)) });
          } else {
            const v = Float32Array.from({ length: count }, () => (label ? rng.uniform() : rng.normal()));
            feeds.set(n.name, v);
            io.set(`${label ? "label" : "input"}.${n.name}`, { dtype: "F32", shape, data: v });
          }
        }

        // dlc on WebGPU, at the rate of epoch 0.
        const lr = learningRate(optimizerHyper(spec.optimizer).lr, spec.schedule, 0, Number(spec.settings.epochs));
        const { device } = await sharedDevice();
        const trainer = await GpuTrainer.create(device, t, BATCH);
        trainer.loadParams(new Map([...start].map(([k, v]) => [k, Float32Array.from(v)])));
        const dlcLosses: number[] = [];
        for (let s = 0; s < STEPS; s++) dlcLosses.push((await trainer.step(feeds, lr, true))!.at(-1)!);
        const dlcAfter = await trainer.readParams();
        trainer.destroy();

        // PyTorch, from the same weights, with what dlc export wrote.
        const key = g.name;
        const { files } = exportPytorchFiles(c.file, { out: dir, inputs: c.inputs });
        expect(files.map((f) => f.path)).toEqual([join(dir, `${key}.py`)]);
        writeFilesTogether(files);
        saveCheckpoint(join(dir, `${key}.start.safetensors`), g, start, { epoch: 0, step: 0, seed: 5 });
        const ioPath = join(dir, `${key}.io.safetensors`);
        writeFileSync(ioPath, encodeSafetensors(io));
        const after = join(dir, `${key}.after.safetensors`);
        const run = await runPython([SCRIPT, join(dir, `${key}.py`), join(dir, `${key}.start.safetensors`), ioPath, String(STEPS), after], { timeoutMs: limitFor(10) });
        const [py] = jsonLines<{ losses: number[]; frozen: string[] }>(run);

        for (let s = 0; s < STEPS; s++) expect(relativeError([py!.losses[s]!], [dlcLosses[s]!]), `loss of step ${s + 1}: PyTorch ${py!.losses[s]}, dlc ${dlcLosses[s]}`).toBeLessThan(1e-4);
        // Steps that change nothing would agree trivially.
        expect(Math.abs(dlcLosses[STEPS - 1]! - dlcLosses[0]!)).toBeGreaterThan(1e-3);
        const torchAfter = loadCheckpoint(after, g).params;
        for (const [name, v] of dlcAfter) expect(relativeError(torchAfter.get(name)!, v), name).toBeLessThan(1e-4);
        // Frozen layers stay frozen in PyTorch too.
        expect(py!.frozen).toEqual([...g.params.values()].filter((p) => p.kind !== "buffer" && !p.trainable).map((p) => p.name).sort());
      },
      limitFor(40),
    );
  }
});
