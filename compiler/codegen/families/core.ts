// Lowerings written first, as the pattern for the rest.
import type { Lowering } from "../contract.js";
import { lower as add } from "../kernels/add.js";
import { lower as dense } from "../kernels/dense.js";
import { lower as relu } from "../kernels/relu.js";
import { lower as stop_gradient } from "../kernels/stop_gradient.js";

export const coreLowerings: Readonly<Record<string, Lowering>> = { add, dense, relu, stop_gradient };
