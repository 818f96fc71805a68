// cross_entropy in PyTorch: F.cross_entropy on the logits and int64 class
// indices (dlc's labels are int32), with label_smoothing, whose target
// (1 − s)·onehot + s/K is dlc's; the mean over the batch and positions.

import { pyNum, type TorchLoss } from "../torch_export.js";

export const torchLoss: TorchLoss = {
  expr(output, label, attrs) {
    const s = typeof attrs.smoothing === "number" ? attrs.smoothing : 0;
    return `F.cross_entropy(${output}, ${label}.long()${s === 0 ? "" : `, label_smoothing=${pyNum(s)}`})`;
  },
};
