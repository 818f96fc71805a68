// Global average pooling: one mean per channel, [C, H, W] -> [C].

import type { OpDef } from "../contract.js";
import { globalPoolFields } from "../shared/pool.js";

export const gap: OpDef = {
  name: "gap",
  aliases: ["global_avgpool"],
  doc: "Mean over H and W of a [C, H, W] map, giving [C].",
  ...globalPoolFields,
  grad: (g) => ({ inputs: [g.emit("gap_grad", [g.dy], { in_shape: [...g.inputs[0]!] })] }),
};
