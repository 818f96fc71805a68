// softplus in PyTorch: F.softplus (β = 1; its threshold of 20, where it returns x, is within float rounding of log(1 + eˣ)).

import type { TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form: () => ({ kind: "expr", expr: ({ inputs: [x] }) => `F.softplus(${x})` }),
};
