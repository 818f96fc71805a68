// transpose in PyTorch: Tensor.transpose of the two per-sample axes' tensor dims.

import { intAttr } from "../contract.js";
import { torchDim, type TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form: (node) => {
    const x = node.inputs[0]!;
    const [a, b] = [torchDim(intAttr(node.attrs, "a"), x), torchDim(intAttr(node.attrs, "b"), x)];
    return { kind: "expr", expr: ({ inputs: [v] }) => `${v}.transpose(${a}, ${b})` };
  },
};
