// The module manifest (NAME.json of `dlc compile`): the network's programs,
// its inputs, outputs, labels and parameters with their initialisation.
// compiler/codegen/module.ts writes it; runtime/model.ts runs it.

import type { ParamKind } from "../ir/graph.js";
import type { InitSpec } from "../params/init.js";
import type { Program } from "./program.js";

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
