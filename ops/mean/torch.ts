// mean in PyTorch: Tensor.mean over the tensor dim of the per-sample axis.

import { boolAttr, intAttr } from "../contract.js";
import { pyBool, torchDim, type TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form: (node) => {
    const dim = torchDim(intAttr(node.attrs, "axis"), node.inputs[0]!);
    const keep = boolAttr(node.attrs, "keepdim");
    return { kind: "expr", expr: ({ inputs: [x] }) => `${x}.mean(dim=${dim}${keep ? `, keepdim=${pyBool(true)}` : ""})` };
  },
};
