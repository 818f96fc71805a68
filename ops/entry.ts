// One op's entry in the registry: every facet an op has, required by the
// type, so that an op folder missing one does not compile. Each folder's
// index.ts builds its entry; implementations.ts lists them.
//
// - def: ops/<name>/op.ts, the definition with the facts generic passes read
//   (ops/contract.ts);
// - kernel: ops/<name>/kernel.ts as a module, `{ lower, pointwise?, derivative? }`
//   (ops/lowering.ts);
// - reference: ops/<name>/reference.ts as a module, `{ kernel, derivative?,
//   runningStats? }` (ops/reference_kernel.ts), written independently of
//   the WGSL.
// `input` is the one op with neither kernel nor reference kernel: its value
// is the caller's data. It is an entry of its own kind, so that no other op
// can leave them out.

import type { OpDef } from "./contract.js";
import type { KernelModule } from "./lowering.js";
import type { ReferenceModule } from "./reference_kernel.js";

export interface OpEntry {
  readonly kind: "op";
  readonly def: OpDef;
  readonly kernel: KernelModule;
  readonly reference: ReferenceModule;
}

/** A network input: fed, never computed. */
export interface InputEntry {
  readonly kind: "input";
  readonly def: OpDef;
}

export type RegistryEntry = OpEntry | InputEntry;
