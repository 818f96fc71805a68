// avgpool in PyTorch: F.avg_pool2d with the same window, ceil mode and
// divisor rule (count_include_pad), defaults left out.

import { boolAttr, pairAttr } from "../contract.js";
import { pyBool, pyKwargs, pyPair, type TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form: (node) => {
    const a = node.attrs;
    const k = pairAttr(a, "kernel");
    const args = pyKwargs([
      ["stride", a.stride === null ? pyPair(k) : pyPair(pairAttr(a, "stride")), pyPair(k)],
      ["padding", pyPair(pairAttr(a, "padding")), "0"],
      ["ceil_mode", pyBool(boolAttr(a, "ceil")), "False"],
      ["count_include_pad", pyBool(boolAttr(a, "count_include_pad")), "True"],
    ]);
    return { kind: "expr", expr: ({ inputs: [x] }) => `F.avg_pool2d(${x}, ${pyPair(k)}${args})` };
  },
};
