// bn in PyTorch: BatchNorm, written out in the exported file: F.batch_norm
// over dim 1 of [N, C, …] (nn.BatchNorm1d/2d/3d in one), batch statistics
// and the running update (momentum, unbiased variance) in training mode,
// the running statistics in eval mode, as dlc. nn.BatchNorm2d itself would
// add a num_batches_tracked counter to state_dict(), a tensor dlc's
// fixed-momentum update has no use for and its checkpoints do not hold.

import { boolAttr, numAttr } from "../contract.js";
import { pyBool, pyKwargs, pyNum, type PyHelper, type TorchExport } from "../torch_export.js";

const batchNorm: PyHelper = {
  name: "BatchNorm",
  code: `class BatchNorm(nn.Module):
    """Batch normalisation over dim 1 of [N, C, ...]: nn.BatchNorm2d (and 1d, 3d)
    without its num_batches_tracked counter, which dlc does not keep, so that
    state_dict() holds exactly dlc's tensors."""

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True):
        super().__init__()
        self.eps, self.momentum = eps, momentum
        self.weight = nn.Parameter(torch.ones(num_features)) if affine else None
        self.bias = nn.Parameter(torch.zeros(num_features)) if affine else None
        self.register_buffer("running_mean", torch.zeros(num_features))
        self.register_buffer("running_var", torch.ones(num_features))

    def forward(self, x):
        return F.batch_norm(x, self.running_mean, self.running_var, self.weight, self.bias, self.training, self.momentum, self.eps)`,
};

export const torch: TorchExport = {
  helpers: [batchNorm],
  form(node) {
    const a = node.attrs;
    const args = pyKwargs([
      ["eps", pyNum(numAttr(a, "eps")), pyNum(1e-5)],
      ["momentum", pyNum(numAttr(a, "momentum")), "0.1"],
      ["affine", pyBool(boolAttr(a, "affine")), "True"],
    ]);
    return { kind: "module", init: `BatchNorm(${node.inputs[0]![0]}${args})`, state: { weight: "weight", bias: "bias", running_mean: "running_mean", running_var: "running_var" } };
  },
};
