// slice in PyTorch: basic indexing, x[:, start:end] for the channel axis
// (one ":" per axis before it, the batch axis included).

import { intAttr } from "../contract.js";
import { torchDim, type TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form: (node) => {
    const dim = torchDim(intAttr(node.attrs, "axis"), node.inputs[0]!);
    const [start, end] = [intAttr(node.attrs, "start"), intAttr(node.attrs, "end")];
    return { kind: "expr", expr: ({ inputs: [x] }) => `${x}[${":, ".repeat(dim)}${start}:${end}]` };
  },
};
