// The compiler, top to bottom: each stage is a function from one structure
// to the next. A stage that reports an error stops the pipeline; warnings
// travel along to the end.

import { basename } from "node:path";
import { warning, type Diagnostic } from "../core/diagnostics/diagnostic.js";
import { DiagnosticList } from "../core/diagnostics/limit.js";
import { elaborate } from "./elaborate/elaborate.js";
import type { ElabTrace } from "./elaborate/evaluate.js";
import { importRoots, ModuleLoader, type FileReader } from "./elaborate/modules.js";
import type { Graph, LossSpec, TrainSpec } from "../core/ir/graph.js";
import { normaliseAttrs } from "../ops/attrs.js";
import { LOSSES } from "./elaborate/train.js";
import { analyse, analyseTraining, type Analysis, type TrainingAnalysis } from "./passes/analyse.js";
import { buildTrainingGraph, type TrainingGraph } from "./passes/autodiff.js";
import { inferShapes } from "./passes/infer_shapes.js";
import { verifyGraph } from "./passes/verify.js";

export interface CompileOptions {
  /** Network to build; default: the one named like the file, else the first. */
  readonly network?: string;
  /** Input shape overrides, per sample: image → [3, 64, 64]. */
  readonly inputs?: ReadonlyMap<string, readonly number[]>;
  /** Values for the network's parameters: classes → 10. */
  readonly params?: ReadonlyMap<string, number | boolean | string>;
  /** Batch size for training-memory estimates. */
  readonly batch?: number;
  /** Accept a file of blocks only (no network): checked for syntax and declarations. */
  readonly allowLibrary?: boolean;
  /**
   * Also derive the training graph (forward in training mode, losses,
   * backward); "auto" does so when the network has a training section.
   */
  readonly train?: boolean | "auto";
  /** With `train`, also differentiate with respect to the inputs (gradcheck). */
  readonly inputGradients?: boolean;
  /**
   * Folders beyond the main file's own folder that its imports may read
   * (`--allow-import DIR`); `std/` imports always stay inside stdlib/.
   */
  readonly allowImports?: readonly string[];
  /** Source text, when it does not come from the file system. */
  readonly text?: string;
  readonly reader?: FileReader;
  /** Told which source made which nodes while the network is elaborated (the language server's hover). */
  readonly trace?: ElabTrace;
}

export interface CompileResult {
  readonly graph?: Graph;
  readonly analysis?: Analysis;
  readonly diagnostics: readonly Diagnostic[];
  /** With `train`: the training graph and its costs. */
  readonly training?: TrainingGraph;
  readonly trainingAnalysis?: TrainingAnalysis;
  /** True when the file held only blocks and `allowLibrary` accepted it. */
  readonly library?: boolean;
}

export function checkFile(path: string, opts: CompileOptions = {}): CompileResult {
  // One list for the whole run: repeats are dropped and the count is capped
  // as they arrive, and no stage's list is ever spread into a call.
  const found = new DiagnosticList();
  const done = (r: Omit<CompileResult, "diagnostics"> = {}): CompileResult => ({ ...r, diagnostics: found.result() });
  const loader = new ModuleLoader(opts.reader, importRoots(path, opts));
  loader.loadMain(path, opts.text);
  found.addAll(loader.diagnostics);
  if (found.hasErrors) return done();

  if (opts.allowLibrary && !opts.network && loader.decls.mainNetworks.length === 0 && loader.decls.mainBlocks > 0) {
    return done({ library: true });
  }
  const inputs = new Map(Array.from(opts.inputs ?? [], ([k, v]) => [k, { shape: v }]));
  const stem = basename(path).replace(/\.net$/, "");
  const elaborated = elaborate(loader.decls, { network: opts.network, fileStem: stem, inputs, args: opts.params, trace: opts.trace });
  found.addAll(elaborated.diagnostics);
  const graph = elaborated.graph;
  if (!graph || found.hasErrors) return done();

  for (const pass of [verifyGraph, inferShapes, verifyGraph]) {
    found.addAll(pass(graph));
    if (found.hasErrors) return done();
  }
  const analysis = analyse(graph, { batch: opts.batch });
  if (!opts.train || (opts.train === "auto" && !graph.train)) return done({ graph, analysis });

  // Without a training section, costs of a training step assume the usual:
  // cross-entropy on class scores, mean-squared error elsewhere, SGD with momentum.
  const train = graph.train ?? assumedTrainSpec(graph);
  if (!graph.train) found.add(warning(`network '${graph.name}' has no training section: assuming ${train.losses.map((l) => `${l.kind}(${l.output})`).join(", ")} and sgd(momentum = 0.9)`, graph.span, { expected: `train ${graph.name} { … } to say how it trains` }));
  const training = buildTrainingGraph(graph, { inputGradients: opts.inputGradients, train });
  if (Array.isArray(training)) {
    found.addAll(training);
    return done({ graph, analysis });
  }
  for (const pass of [verifyGraph, inferShapes, verifyGraph]) {
    found.addAll(pass(training.graph));
    if (found.hasErrors) return done({ graph, analysis });
  }
  return done({ graph, analysis, training, trainingAnalysis: analyseTraining(training, graph, opts.batch) });
}

/** The training section a network without one is assumed to have, for costs. */
export function assumedTrainSpec(g: Graph): TrainSpec {
  return {
    losses: g.outputs.map((o): LossSpec => {
      const shape = g.nodes[o.node]!.shape;
      // One value per sample ([1], a dense(1) head) is a score to regress:
      // cross-entropy over a single class is 0 whatever the weights.
      const classes = shape.length === 1 && shape[0]! > 1;
      const label = g.outputs.length === 1 ? (classes ? "label" : "target") : `${o.name}_label`;
      // Its label type and attributes (the defaults) come from the loss itself.
      const kind = LOSSES.find((k) => k.name === (classes ? "cross_entropy" : "mse"))!;
      const want = kind.label(shape);
      if ("needs" in want) throw new Error(`internal: the assumed loss ${kind.name} cannot score output '${o.name}'`);
      return { kind: kind.name, output: o.name, label, labelShape: want.shape, labelDType: want.dtype, weight: 1, attrs: normaliseAttrs(kind, { positional: [], named: new Map() }) };
    }),
    optimizer: { kind: "sgd", attrs: { lr: 0.1, momentum: 0.9, nesterov: false, weight_decay: 0, decay_all: true } },
    frozen: [],
    settings: { epochs: 1, batch: 32, seed: 0, clip_norm: null },
  };
}
