// affine in PyTorch: x * scale / divisor + shift, with the terms that do
// nothing left out. The division stays a division (x / 6 rounds as
// PyTorch's x / 6 does, which x * (1 / 6) need not).

import { numAttr } from "../contract.js";
import { pyFloat, type TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form: (node) => {
    const [scale, divisor, shift] = [numAttr(node.attrs, "scale"), numAttr(node.attrs, "divisor"), numAttr(node.attrs, "shift")];
    return {
      kind: "expr",
      expr: ({ inputs: [x] }) => {
        let e = scale === -1 ? `-${x}` : scale === 1 ? `${x}` : `${x} * ${pyFloat(scale)}`;
        if (divisor !== 1) e = `${e} / ${pyFloat(divisor)}`;
        if (shift !== 0) e = shift < 0 ? `${e} - ${pyFloat(-shift)}` : `${e} + ${pyFloat(shift)}`;
        return e;
      },
    };
  },
};
