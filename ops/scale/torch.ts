// scale in PyTorch: Scale, written out in the exported file (PyTorch has no
// per-channel learned affine layer of its own): weight[c]·x + bias[c] over
// dim 1 of [N, C, …].

import { boolAttr } from "../contract.js";
import type { PyHelper, TorchExport } from "../torch_export.js";

const scale: PyHelper = {
  name: "Scale",
  code: `class Scale(nn.Module):
    """A learned scale per channel and, unless bias=False, a learned shift:
    y = weight[c] * x + bias[c] over dim 1 of [N, C, ...] (LeNet-5's subsampling
    coefficients; Caffe's Scale layer)."""

    def __init__(self, channels, bias=True):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(channels))
        self.bias = nn.Parameter(torch.zeros(channels)) if bias else None

    def forward(self, x):
        shape = (1, -1) + (1,) * (x.dim() - 2)
        y = x * self.weight.reshape(shape)
        return y if self.bias is None else y + self.bias.reshape(shape)`,
};

export const torch: TorchExport = {
  helpers: [scale],
  form: (node) => ({
    kind: "module",
    init: `Scale(${node.params.weight![0]}${boolAttr(node.attrs, "bias") ? "" : ", bias=False"})`,
    state: { weight: "weight", bias: "bias" },
  }),
};
