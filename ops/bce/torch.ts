// bce in PyTorch: F.binary_cross_entropy_with_logits (dlc's bce reads
// logits), the mean over the batch and the elements.

import type { TorchLoss } from "../torch_export.js";

export const torchLoss: TorchLoss = {
  expr: (output, label) => `F.binary_cross_entropy_with_logits(${output}, ${label})`,
};
