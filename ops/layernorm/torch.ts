// layernorm in PyTorch: nn.LayerNorm over the last axis (weight and bias
// [D]); without affine it has no parameters, so F.layer_norm.

import { boolAttr, numAttr } from "../contract.js";
import { pyKwargs, pyNum, type TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form(node) {
    const x = node.inputs[0]!;
    const d = x[x.length - 1]!;
    const eps = pyKwargs([["eps", pyNum(numAttr(node.attrs, "eps")), pyNum(1e-5)]]);
    if (!boolAttr(node.attrs, "affine")) return { kind: "expr", expr: ({ inputs: [v] }) => `F.layer_norm(${v}, (${d},)${eps})` };
    return { kind: "module", init: `nn.LayerNorm(${d}${eps})`, state: { weight: "weight", bias: "bias" } };
  },
};
