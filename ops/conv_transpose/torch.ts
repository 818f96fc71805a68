// conv_transpose in PyTorch: nn.ConvTranspose2d (weight [in, out/groups,
// kh, kw], dlc's layout), with the same padding, output_padding, groups
// and dilation.

import { boolAttr, intAttr, pairAttr } from "../contract.js";
import { pyBool, pyKwargs, pyPair, type TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form(node) {
    const a = node.attrs;
    const args = pyKwargs([
      ["stride", pyPair(pairAttr(a, "stride")), "1"],
      ["padding", pyPair(pairAttr(a, "padding")), "0"],
      ["output_padding", pyPair(pairAttr(a, "output_padding")), "0"],
      ["groups", String(intAttr(a, "groups")), "1"],
      ["bias", pyBool(boolAttr(a, "bias")), "True"],
      ["dilation", pyPair(pairAttr(a, "dilation")), "1"],
    ]);
    return { kind: "module", init: `nn.ConvTranspose2d(${node.inputs[0]![0]}, ${intAttr(a, "out")}, ${pyPair(pairAttr(a, "kernel"))}${args})`, state: { weight: "weight", bias: "bias" } };
  },
};
