// Lowerings of the conv family (filled in op by op).
import type { Lowering } from "../contract.js";

export const convLowerings: Readonly<Record<string, Lowering>> = {};
