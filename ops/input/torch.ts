// input in PyTorch: an argument of the exported module's forward, by the
// input's name (host/export/pytorch/ writes the signature); the node's value
// is that argument as it is.

import type { TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form: () => ({ kind: "expr", expr: ({ inputs: [x] }) => `${x}` }),
};
