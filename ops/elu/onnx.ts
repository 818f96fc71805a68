// elu in ONNX: Elu with the same α.

import { numAttr } from "../contract.js";
import { float, single, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form: (node, names) => single("Elu", [names.inputs[0]!], names, { alpha: float(numAttr(node.attrs, "alpha")) }),
};
