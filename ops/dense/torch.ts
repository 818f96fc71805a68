// dense in PyTorch: nn.Linear over the last axis (weight [out, in], dlc's layout).

import { boolAttr, intAttr } from "../contract.js";
import { pyBool, pyKwargs, type TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form(node) {
    const x = node.inputs[0]!;
    const bias = pyKwargs([["bias", pyBool(boolAttr(node.attrs, "bias")), "True"]]);
    return { kind: "module", init: `nn.Linear(${x[x.length - 1]}, ${intAttr(node.attrs, "out")}${bias})`, state: { weight: "weight", bias: "bias" } };
  },
};
