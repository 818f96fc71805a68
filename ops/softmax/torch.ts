// softmax in PyTorch: F.softmax over the tensor dim of the per-sample axis.

import { intAttr } from "../contract.js";
import { torchDim, type TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form: (node) => {
    const dim = torchDim(intAttr(node.attrs, "axis"), node.inputs[0]!);
    return { kind: "expr", expr: ({ inputs: [x] }) => `F.softmax(${x}, dim=${dim})` };
  },
};
