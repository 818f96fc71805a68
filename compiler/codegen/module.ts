// What `dlc compile` writes: a manifest (NAME.json) holding the network's
// programs (inference; with --train also the training step and the
// training-mode forward), its inputs, outputs, labels and parameters with
// their initialisation; an ES module (NAME.js) and its types (NAME.d.ts)
// that depend only on dlc's runtime; and each kernel's WGSL for review.

import type { Graph, ParamKind } from "../../core/ir/graph.js";
import { buildTrainingGraph } from "../passes/autodiff.js";
import { assumedTrainSpec } from "../pipeline.js";
import { initSpecs, type InitSpec } from "../../core/params/init.js";
import { layoutParams } from "../../core/params/layout.js";
import { headNames } from "../../core/ir/head_names.js";
import { buildInferenceProgram, buildTrainingProgram, PROGRAM_ALIGN, type Program } from "./program.js";

export interface ManifestTensor {
  readonly name: string;
  /** Per sample (the module's batch is `batch`). */
  readonly shape: readonly number[];
  readonly dtype: "f32" | "i32";
}

export interface ModuleManifest {
  readonly format: "dlc-module";
  readonly version: 1;
  readonly network: string;
  readonly className: string;
  readonly source: string;
  readonly batch: number;
  readonly inputs: readonly ManifestTensor[];
  readonly outputs: readonly ManifestTensor[];
  readonly labels: readonly ManifestTensor[];
  readonly losses: readonly string[];
  readonly params: readonly { readonly name: string; readonly shape: readonly number[]; readonly kind: ParamKind; readonly trainable: boolean }[];
  readonly init: { readonly seed: number; readonly specs: readonly (readonly [string, InitSpec])[] };
  readonly training?: { readonly lr: number; readonly optimizer: string };
  readonly programs: { readonly infer: Program; readonly trainForward?: Program; readonly train?: Program };
}

/** resnet18 → Resnet18, multitask_localization → MultitaskLocalization. */
export function className(network: string): string {
  const name = network
    .split(/[^A-Za-z0-9]+/)
    .filter((p) => p)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join("");
  return /^[0-9]/.test(name) ? `Net${name}` : name || "Net";
}

export function buildModule(fwd: Graph, opts: { batch: number; train: boolean; source: string; fuse?: boolean }): ModuleManifest {
  const fusion = { fuse: opts.fuse };
  const perSample = (id: number): ManifestTensor => ({ name: fwd.nodes[id]!.name, shape: [...fwd.nodes[id]!.shape], dtype: fwd.nodes[id]!.dtype });
  let programs: ModuleManifest["programs"];
  let labels: ManifestTensor[] = [];
  let losses: string[] = [];
  let training: ModuleManifest["training"];
  let paramsGraph = fwd;
  if (opts.train) {
    const spec = fwd.train ?? assumedTrainSpec(fwd);
    const t = buildTrainingGraph(fwd, { train: spec });
    const tf = buildTrainingGraph(fwd, { train: spec, forwardOnly: true });
    // checkFile(…, { train: true }) reported any problem of the training graph before this point.
    if (Array.isArray(t) || Array.isArray(tf)) throw new Error(`internal: the training graph of '${fwd.name}' failed after checking`);
    const train = buildTrainingProgram(t, opts.batch, fusion);
    // Every program of the module shares the training step's parameter layout (and buffer).
    const layout = layoutParams(t.graph, new Set(t.gradients.keys()), PROGRAM_ALIGN / 4);
    programs = { infer: buildInferenceProgram(fwd, opts.batch, layout, fusion), trainForward: buildInferenceProgram(tf.graph, opts.batch, layout, fusion), train };
    labels = spec.losses.filter((l, i, all) => all.findIndex((m) => m.label === l.label) === i).map((l) => ({ name: l.label, shape: [...l.labelShape], dtype: l.labelDType }));
    losses = headNames(spec.losses);
    training = { lr: spec.optimizer.attrs.lr as number, optimizer: spec.optimizer.kind };
    paramsGraph = t.graph;
  } else {
    programs = { infer: buildInferenceProgram(fwd, opts.batch, undefined, fusion) };
  }
  return {
    format: "dlc-module",
    version: 1,
    network: fwd.name,
    className: className(fwd.name),
    source: opts.source,
    batch: opts.batch,
    inputs: fwd.inputs.map(perSample),
    outputs: fwd.outputs.map((o) => ({ name: o.name, shape: [...fwd.nodes[o.node]!.shape], dtype: fwd.nodes[o.node]!.dtype })),
    labels,
    losses,
    params: [...paramsGraph.params.values()].map((p) => ({ name: p.name, shape: [...p.shape], kind: p.kind, trainable: p.trainable })),
    init: { seed: typeof fwd.train?.settings.seed === "number" ? fwd.train.settings.seed : 0, specs: [...initSpecs(fwd)] },
    training,
    programs,
  };
}

const tsType = (t: ManifestTensor) => (t.dtype === "i32" ? "Int32Array" : "Float32Array");
const doc = (t: ManifestTensor, batch: number) => `/** [${[batch, ...t.shape].join(", ")}], ${t.dtype}, row-major */`;
const field = (name: string) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name));

/** The files of a compiled module, by path relative to the output folder. */
export function moduleFiles(m: ModuleManifest, fileStem: string): Map<string, string> {
  const files = new Map<string, string>();
  const C = m.className;
  const header = `// Generated by dlc from ${m.source} (network '${m.network}', batch ${m.batch}). Do not edit: run \`dlc compile\` again.`;
  files.set(`${fileStem}.json`, JSON.stringify(m));
  files.set(
    `${fileStem}.js`,
    `${header}
import { CompiledModel } from "dlc/runtime";
import manifest from "./${fileStem}.json" with { type: "json" };

export class ${C} extends CompiledModel {
  /** Acquires a WebGPU device (unless one is given), builds the pipelines and initialises the weights. */
  static create(options = {}) {
    return CompiledModel.instantiate(${C}, manifest, options);
  }
}

export default ${C};
`,
  );
  // Type aliases, not interfaces: CompiledModel constrains its inputs and
  // labels to Readonly<Record<string, …>>, and only an object type alias
  // gets the implicit index signature that satisfies it (an interface
  // fails strict tsc with TS2344).
  const block = (name: string, ts: readonly ManifestTensor[]) =>
    `export type ${C}${name} = {\n${ts.map((t) => `  ${doc(t, m.batch)}\n  readonly ${field(t.name)}: ${tsType(t)};`).join("\n")}\n};`;
  const params = m.params.map((p) => JSON.stringify(p.name)).join(" | ") || "never";
  files.set(
    `${fileStem}.d.ts`,
    `${header}
import { CompiledModel, type ModelOptions } from "dlc/runtime";

/** The inputs of one batch (the batch size, ${m.batch}, is fixed when compiling). */
${block("Inputs", m.inputs)}

${block("Outputs", m.outputs)}

${block("Labels", m.labels)}

export type ${C}Param = ${params};

export declare class ${C} extends CompiledModel<${C}Inputs, ${C}Outputs, ${C}Labels, ${C}Param> {
  static create(options?: ModelOptions): Promise<${C}>;
}

export default ${C};
`,
  );
  for (const [mode, program] of Object.entries(m.programs)) {
    if (!program) continue;
    program.kernels.forEach((k, i) => files.set(`kernels/${mode}/${String(i).padStart(3, "0")}_${k.label.replace(/[^A-Za-z0-9_.-]/g, "_")}.wgsl`, `${k.code}\n`));
    if (program.optimizer) files.set(`kernels/${mode}/optimizer.wgsl`, `${program.optimizer.kernel.code}\n`);
  }
  return files;
}
