// leaky_relu in PyTorch: F.leaky_relu with negative_slope = alpha.

import { numAttr } from "../contract.js";
import { pyNum, type TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form: (node) => ({ kind: "expr", expr: ({ inputs: [x] }) => `F.leaky_relu(${x}, negative_slope=${pyNum(numAttr(node.attrs, "alpha"))})` }),
};
