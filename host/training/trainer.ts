// Training on WebGPU from a training graph: compiles it to a program
// (compiler/codegen/program.ts: the step's kernels, the fused optimizer over
// the flat parameter buffer, the batch norms' running statistics, all in one
// submit) and runs it. A compiled module does the same from its NAME.json.

import { buildTrainingProgram, type ProgramOptions } from "../../compiler/codegen/program.js";
import { type Program } from "../../core/program/program.js";
import type { TrainingGraph } from "../../compiler/passes/autodiff.js";
import { ProgramRunner } from "../../runtime/webgpu/program.js";

export class GpuTrainer {
  private constructor(
    readonly program: Program,
    private readonly runner: ProgramRunner,
  ) {}

  static async create(device: GPUDevice, training: TrainingGraph, batch: number, opts: ProgramOptions = {}): Promise<GpuTrainer> {
    const program = buildTrainingProgram(training, batch, opts);
    return new GpuTrainer(program, await ProgramRunner.create(device, program));
  }

  /** Bytes of the activation arena (values other than parameters and gradients). */
  get arenaBytes(): number {
    return this.program.memory.arenaBytes;
  }

  loadParams(values: ReadonlyMap<string, Float32Array>): void {
    this.runner.writeParams(values);
  }

  /** One step at learning rate `lr`; with `readLosses`, each loss then the total. "resident": train on the batch already on the device. */
  async step(feeds: ReadonlyMap<string, Float32Array | Int32Array> | "resident", lr: number, readLosses = false): Promise<number[] | undefined> {
    const names = [...(this.program.losses ?? []).map((l) => `loss.${l.name}`), "loss"];
    const got = await this.runner.run(feeds, { lr, read: readLosses ? names : [] });
    return readLosses ? names.map((n) => got.get(n)![0]!) : undefined;
  }

  readParams(): Promise<Map<string, Float32Array>> {
    return this.runner.readParams();
  }

  /** The optimizer's state by PyTorch's names (checkpoints), and its restoration (resume). */
  readOptimizerState(): Promise<Map<string, Float32Array>> {
    return this.runner.readOptimizerState();
  }

  writeOptimizerState(state: ReadonlyMap<string, Float32Array | Float64Array>): void {
    this.runner.writeOptimizerState(state);
  }

  /** Steps taken (Adam's bias correction counts them); set it when resuming. */
  get steps(): number {
    return this.runner.steps;
  }

  set steps(t: number) {
    this.runner.steps = t;
  }

  /** The parameter buffer, to share with an inference runner (validation) on the same weights. */
  get parameterBuffer(): GPUBuffer {
    return this.runner.buffer("parameters");
  }

  destroy(): void {
    this.runner.destroy();
  }
}
