// gap in PyTorch: the mean over H and W, giving [N, C].

import type { TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form: () => ({ kind: "expr", expr: ({ inputs: [x] }) => `${x}.mean(dim=(2, 3))` }),
};
