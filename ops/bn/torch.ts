// bn in PyTorch: BatchNorm, written out in the exported file: PyTorch's own
// batch norm over dim 1 of [N, C, …] (nn.BatchNorm1d/2d/3d in one): batch
// statistics and the running update (momentum, unbiased variance) in
// training mode, the running statistics in eval mode, as dlc. Without the
// num_batches_tracked counter that nn.BatchNorm2d adds to state_dict(), a
// tensor dlc's fixed-momentum update has no use for and its checkpoints do
// not hold; still a _BatchNorm, so SyncBatchNorm's converter takes it.

import { boolAttr, numAttr } from "../contract.js";
import { pyBool, pyKwargs, pyNum, type PyHelper, type TorchExport } from "../torch_export.js";

const batchNorm: PyHelper = {
  name: "BatchNorm",
  code: `class BatchNorm(nn.modules.batchnorm._BatchNorm):
    """Batch normalisation over dim 1 of [N, C, ...]: nn.BatchNorm1d, 2d and 3d in one,
    without their num_batches_tracked counter, which dlc does not keep (its momentum
    is fixed), so that state_dict() holds exactly dlc's tensors. A _BatchNorm, so
    that nn.SyncBatchNorm.convert_sync_batchnorm converts it for multi-GPU training."""

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True):
        super().__init__(num_features, eps, momentum, affine, track_running_stats=True)
        self.num_batches_tracked = None

    def _check_input_dim(self, input):
        if input.dim() < 2:
            raise ValueError("BatchNorm expects [N, C, ...], got a %d-D input" % input.dim())

    def _load_from_state_dict(self, state_dict, prefix, *args):
        # nn.Module's loader: _BatchNorm's would add the counter this module does not have.
        nn.Module._load_from_state_dict(self, state_dict, prefix, *args)`,
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
