// mish in PyTorch: F.mish.

import type { TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form: () => ({ kind: "expr", expr: ({ inputs: [x] }) => `F.mish(${x})` }),
};
