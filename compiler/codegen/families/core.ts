// Lowerings written first, as the pattern for the rest.
import type { Lowering } from "../../../ops/lowering.js";
import { lower as add } from "../../../ops/add/kernel.js";
import { lower as dense } from "../../../ops/dense/kernel.js";
import { lower as relu } from "../../../ops/relu/kernel.js";
import { lower as stop_gradient } from "../../../ops/stop_gradient/kernel.js";

export const coreLowerings: Readonly<Record<string, Lowering>> = { add, dense, relu, stop_gradient };
