// add in PyTorch: the sum of its operands, a + b + ….

import type { TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form: () => ({ kind: "expr", expr: ({ inputs }) => inputs.join(" + ") }),
};
