// permute in ONNX: Transpose, the batch axis kept first.

import { ints, single, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form: (node, names) => single("Transpose", [names.inputs[0]!], names, { perm: ints([0, ...(node.attrs.dims as readonly number[]).map((d) => d + 1)]) }),
};
