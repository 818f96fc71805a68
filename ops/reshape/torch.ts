// reshape in PyTorch: Tensor.reshape to the batch axis and the node's
// per-sample output shape (the attribute's −1 already resolved).

import type { TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form: (node) => ({ kind: "expr", expr: ({ inputs: [x] }) => `${x}.reshape(-1, ${node.out.join(", ")})` }),
};
