// flatten in PyTorch: torch.flatten from dim 1 (the batch axis stays).

import type { TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form: () => ({ kind: "expr", expr: ({ inputs: [x] }) => `torch.flatten(${x}, 1)` }),
};
