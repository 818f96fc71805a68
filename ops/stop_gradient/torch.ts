// stop_gradient in PyTorch: Tensor.detach.

import type { TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form: () => ({ kind: "expr", expr: ({ inputs: [x] }) => `${x}.detach()` }),
};
