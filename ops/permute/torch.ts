// permute in PyTorch: Tensor.permute with the batch axis kept first.

import type { AttrValue } from "../../core/ir/graph.js";
import type { TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form: (node) => {
    const dims = (node.attrs.dims as readonly AttrValue[]).map((d) => Number(d) + 1);
    return { kind: "expr", expr: ({ inputs: [x] }) => `${x}.permute(0, ${dims.join(", ")})` };
  },
};
