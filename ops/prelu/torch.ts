// prelu in PyTorch: nn.PReLU with one slope, or one per channel (dim 1).

import type { TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form(node) {
    const slopes = node.params.weight![0]!;
    return { kind: "module", init: slopes === 1 ? "nn.PReLU()" : `nn.PReLU(${slopes})`, state: { weight: "weight" } };
  },
};
