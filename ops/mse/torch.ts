// mse in PyTorch: F.mse_loss, the mean over the batch and the elements.

import type { TorchLoss } from "../torch_export.js";

export const torchLoss: TorchLoss = {
  expr: (output, label) => `F.mse_loss(${output}, ${label})`,
};
