// leaky_relu in ONNX: LeakyRelu with the same α.

import { numAttr } from "../contract.js";
import { float, single, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form: (node, names) => single("LeakyRelu", [names.inputs[0]!], names, { alpha: float(numAttr(node.attrs, "alpha")) }),
};
