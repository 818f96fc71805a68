// Lowerings of the elementwise family (filled in op by op).
import type { Lowering } from "../contract.js";

export const elementwiseLowerings: Readonly<Record<string, Lowering>> = {};
