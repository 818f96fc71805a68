// smooth_l1 in PyTorch: F.smooth_l1_loss with the same beta, the mean over
// the batch and the elements.

import { pyNum, type TorchLoss } from "../torch_export.js";

export const torchLoss: TorchLoss = {
  expr(output, label, attrs) {
    const beta = typeof attrs.beta === "number" ? attrs.beta : 1;
    return `F.smooth_l1_loss(${output}, ${label}${beta === 1 ? "" : `, beta=${pyNum(beta)}`})`;
  },
};
