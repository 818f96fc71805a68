// relu6 in PyTorch: F.relu6.

import type { TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form: () => ({ kind: "expr", expr: ({ inputs: [x] }) => `F.relu6(${x})` }),
};
