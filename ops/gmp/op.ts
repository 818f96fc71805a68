// Global max pooling: one maximum per channel, [C, H, W] -> [C].

import type { OpDef } from "../contract.js";
import { globalPoolFields } from "../shared/pool.js";

export const gmp: OpDef = {
  name: "gmp",
  aliases: ["global_maxpool"],
  doc: "Maximum over H and W of a [C, H, W] map, giving [C].",
  ...globalPoolFields,
  grad: (g) => ({ inputs: [g.emit("gmp_grad", [g.x(0), g.dy], {})] }),
};
