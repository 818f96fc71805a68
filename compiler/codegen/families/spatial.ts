// Lowerings of the spatial family (filled in op by op).
import type { Lowering } from "../contract.js";

export const spatialLowerings: Readonly<Record<string, Lowering>> = {};
