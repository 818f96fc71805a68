// select in PyTorch: Tensor.select on the tensor dim of the per-sample axis.

import { resolveSelect } from "../shared/select.js";
import type { TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form: (node) => {
    const { axis, index } = resolveSelect(node.attrs, node.inputs[0]!);
    return { kind: "expr", expr: ({ inputs: [x] }) => `${x}.select(${axis + 1}, ${index})` };
  },
};
