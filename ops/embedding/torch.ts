// embedding in PyTorch: nn.Embedding (weight [num, dim]); dlc's ids are
// int32, which PyTorch's lookup takes as int64.

import { intAttr } from "../contract.js";
import type { TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form: (node) => ({
    kind: "module",
    init: `nn.Embedding(${intAttr(node.attrs, "num")}, ${intAttr(node.attrs, "dim")})`,
    state: { weight: "weight" },
    call: (m, { inputs: [ids] }) => `${m}(${ids}.long())`,
  }),
};
