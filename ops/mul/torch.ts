// mul in PyTorch: a * b, with dlc's channel-first broadcasting written out.
// dlc pads the lower-rank operand with TRAILING axes of size 1 (a [C] vector
// scales every pixel of its channel of a [C, H, W] map) where PyTorch pads
// LEADING ones, so that operand gets its trailing axes explicitly:
// `s[:, :, None, None]`.

import type { TorchExport } from "../torch_export.js";

/** `x` with `k` trailing axes of size 1. */
const widened = (x: string, k: number): string => (k === 0 ? x : `${x}[..., ${Array.from({ length: k }, () => "None").join(", ")}]`);

export const torch: TorchExport = {
  form: (node) => {
    const [ra, rb] = [node.inputs[0]!.length, node.inputs[1]!.length];
    const rank = Math.max(ra, rb);
    return { kind: "expr", expr: ({ inputs: [a, b] }) => `${widened(a!, rank - ra)} * ${widened(b!, rank - rb)}` };
  },
};
