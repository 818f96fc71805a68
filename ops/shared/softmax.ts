// softmax's attributes, shared by softmax (ops/softmax/) and softmax_grad.

import type { AttrSpec } from "../contract.js";

export const softmaxAttrs: Readonly<Record<string, AttrSpec>> = {
  axis: { type: "int", min: 0, default: 0, doc: "axis to normalise along (0 is channels)" },
};
