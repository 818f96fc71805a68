// upsample in PyTorch: F.interpolate by the integer factor, "nearest" or
// "bilinear" with align_corners=False (dlc's source index
// max((i + 0.5)/s − 0.5, 0) is PyTorch's for that setting).

import { pairAttr, stringAttr } from "../contract.js";
import { pyFloat, type TorchExport } from "../torch_export.js";

export const torch: TorchExport = {
  form: (node) => {
    const [sh, sw] = pairAttr(node.attrs, "scale");
    const factor = sh === sw ? pyFloat(sh) : `(${pyFloat(sh)}, ${pyFloat(sw)})`;
    const how = stringAttr(node.attrs, "mode") === "bilinear" ? `mode="bilinear", align_corners=False` : `mode="nearest"`;
    return { kind: "expr", expr: ({ inputs: [x] }) => `F.interpolate(${x}, scale_factor=${factor}, ${how})` };
  },
};
