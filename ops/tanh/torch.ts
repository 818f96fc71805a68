// tanh in PyTorch: torch.tanh.

import type { TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form: () => ({ kind: "expr", expr: ({ inputs: [x] }) => `torch.tanh(${x})` }),
};
