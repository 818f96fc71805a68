// lrn in PyTorch: F.local_response_norm, which has dlc's formula
// x / (k + α/size · Σ x²)^β over the same clipped window of channels.

import { intAttr, numAttr } from "../contract.js";
import { pyNum, type TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form: (node) => {
    const a = node.attrs;
    const args = `${intAttr(a, "size")}, alpha=${pyNum(numAttr(a, "alpha"))}, beta=${pyNum(numAttr(a, "beta"))}, k=${pyNum(numAttr(a, "k"))}`;
    return { kind: "expr", expr: ({ inputs: [x] }) => `F.local_response_norm(${x}, ${args})` };
  },
};
