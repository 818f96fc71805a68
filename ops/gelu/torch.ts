// gelu in PyTorch: F.gelu, with approximate="tanh" passed on.

import { stringAttr } from "../contract.js";
import type { TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form: (node) => {
    const tanh = stringAttr(node.attrs, "approximate") === "tanh";
    return { kind: "expr", expr: ({ inputs: [x] }) => (tanh ? `F.gelu(${x}, approximate="tanh")` : `F.gelu(${x})`) };
  },
};
