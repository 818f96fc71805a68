// transpose in ONNX: Transpose swapping per-sample axes a and b, the batch axis kept first.

import { intAttr } from "../contract.js";
import { ints, single, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form(node, names) {
    const perm = Array.from({ length: node.inputs[0]!.length + 1 }, (_, i) => i);
    const [a, b] = [intAttr(node.attrs, "a") + 1, intAttr(node.attrs, "b") + 1];
    [perm[a], perm[b]] = [perm[b]!, perm[a]!];
    return single("Transpose", [names.inputs[0]!], names, { perm: ints(perm) });
  },
};
