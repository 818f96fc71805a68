// pad in PyTorch: F.pad, whose tuple lists the last axis first
// (left, right, top, bottom); mode "constant" (zeros), "reflect" or
// "replicate", which are dlc's.

import { padMode, padsOf } from "../shared/pad.js";
import type { TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form: (node) => {
    const [t, b, l, r] = padsOf(node.attrs);
    const mode = padMode(node.attrs);
    const how = mode === "zeros" ? "" : `, mode="${mode}"`;
    return { kind: "expr", expr: ({ inputs: [x] }) => `F.pad(${x}, (${l}, ${r}, ${t}, ${b})${how})` };
  },
};
