// sub in PyTorch: a - b.

import type { TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form: () => ({ kind: "expr", expr: ({ inputs: [a, b] }) => `${a} - ${b}` }),
};
