// shuffle in PyTorch: channel_shuffle, written out in the exported file
// (ShuffleNet's reshape, transpose, reshape of dim 1).

import { intAttr } from "../contract.js";
import type { PyHelper, TorchExport } from "../torch_export.js";

const channelShuffle: PyHelper = {
  name: "channel_shuffle",
  code: `def channel_shuffle(x, groups):
    """ShuffleNet's channel shuffle of dim 1: the channels viewed as [groups, C // groups], transposed, flattened."""
    n, c = x.shape[0], x.shape[1]
    return x.reshape(n, groups, c // groups, *x.shape[2:]).transpose(1, 2).reshape(x.shape)`,
};

export const torch: TorchExport = {
  helpers: [channelShuffle],
  form: (node) => ({ kind: "expr", expr: ({ inputs: [x] }) => `channel_shuffle(${x}, ${intAttr(node.attrs, "groups")})` }),
};
