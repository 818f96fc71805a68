// matmul in PyTorch: torch.matmul, an operand's last two axes swapped
// (.transpose(-2, -1)) where transpose_a / transpose_b ask.

import { boolAttr } from "../contract.js";
import type { TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form: (node) => {
    const t = (v: string, on: boolean) => (on ? `${v}.transpose(-2, -1)` : v);
    const [ta, tb] = [boolAttr(node.attrs, "transpose_a"), boolAttr(node.attrs, "transpose_b")];
    return { kind: "expr", expr: ({ inputs: [a, b] }) => `torch.matmul(${t(a!, ta)}, ${t(b!, tb)})` };
  },
};
