// gmp in PyTorch: the maximum over H and W, giving [N, C].

import type { TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form: () => ({ kind: "expr", expr: ({ inputs: [x] }) => `${x}.amax(dim=(2, 3))` }),
};
