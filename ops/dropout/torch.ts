// dropout in PyTorch: F.dropout in the module's training mode (the identity
// after model.eval()). Its masks come from PyTorch's generator, not dlc's.

import { numAttr } from "../contract.js";
import { pyNum, type TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form: (node) => ({ kind: "expr", expr: ({ inputs: [x] }) => `F.dropout(${x}, p=${pyNum(numAttr(node.attrs, "rate"))}, training=self.training)` }),
};
