// layernorm in PyTorch: nn.LayerNorm over the last axis (weight and bias [D]).

import { boolAttr, numAttr } from "../contract.js";
import { pyBool, pyKwargs, pyNum, type TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form(node) {
    const x = node.inputs[0]!;
    const args = pyKwargs([
      ["eps", pyNum(numAttr(node.attrs, "eps")), "1e-05"],
      ["elementwise_affine", pyBool(boolAttr(node.attrs, "affine")), "True"],
    ]);
    return { kind: "module", init: `nn.LayerNorm(${x[x.length - 1]}${args})`, state: { weight: "weight", bias: "bias" } };
  },
};
