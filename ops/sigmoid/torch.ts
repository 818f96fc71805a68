// sigmoid in PyTorch: torch.sigmoid.

import type { TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form: () => ({ kind: "expr", expr: ({ inputs: [x] }) => `torch.sigmoid(${x})` }),
};
