// elu in PyTorch: F.elu with the same alpha.

import { numAttr } from "../contract.js";
import { pyNum, type TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form: (node) => {
    const alpha = numAttr(node.attrs, "alpha");
    return { kind: "expr", expr: ({ inputs: [x] }) => (alpha === 1 ? `F.elu(${x})` : `F.elu(${x}, alpha=${pyNum(alpha)})`) };
  },
};
