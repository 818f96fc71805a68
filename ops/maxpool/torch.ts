// maxpool in PyTorch: F.max_pool2d with the same window; ceil mode,
// padding (at most half the kernel, which dlc checks as PyTorch does) and
// dilation are passed on, defaults left out.

import { boolAttr, pairAttr } from "../contract.js";
import { pyBool, pyKwargs, pyPair, type TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form: (node) => {
    const a = node.attrs;
    const k = pairAttr(a, "kernel");
    const args = pyKwargs([
      ["stride", a.stride === null ? pyPair(k) : pyPair(pairAttr(a, "stride")), pyPair(k)],
      ["padding", pyPair(pairAttr(a, "padding")), "0"],
      ["dilation", pyPair(pairAttr(a, "dilation")), "1"],
      ["ceil_mode", pyBool(boolAttr(a, "ceil")), "False"],
    ]);
    return { kind: "expr", expr: ({ inputs: [x] }) => `F.max_pool2d(${x}, ${pyPair(k)}${args})` };
  },
};
