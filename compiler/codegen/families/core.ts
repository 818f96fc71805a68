// Lowerings written first, as the pattern for the rest.
import type { KernelModule } from "../../../ops/lowering.js";
import * as add from "../../../ops/add/kernel.js";
import * as dense from "../../../ops/dense/kernel.js";
import * as relu from "../../../ops/relu/kernel.js";
import * as stop_gradient from "../../../ops/stop_gradient/kernel.js";

export const coreLowerings: Readonly<Record<string, KernelModule>> = { add, dense, relu, stop_gradient };
