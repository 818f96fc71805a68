// hardsigmoid in PyTorch: F.hardsigmoid.

import type { TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form: () => ({ kind: "expr", expr: ({ inputs: [x] }) => `F.hardsigmoid(${x})` }),
};
