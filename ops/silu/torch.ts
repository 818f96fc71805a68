// silu in PyTorch: F.silu (swish).

import type { TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form: () => ({ kind: "expr", expr: ({ inputs: [x] }) => `F.silu(${x})` }),
};
