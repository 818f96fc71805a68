// adaptive_avgpool in PyTorch: F.adaptive_avg_pool2d, whose windows are dlc's
// (row i averages ⌊i·H/oh⌋ … ⌈(i+1)·H/oh⌉ − 1).

import { pairAttr } from "../contract.js";
import { pyTuple, type TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form: (node) => ({ kind: "expr", expr: ({ inputs: [x] }) => `F.adaptive_avg_pool2d(${x}, ${pyTuple(pairAttr(node.attrs, "size"))})` }),
};
