// tanh in ONNX: Tanh, y = tanh(x).

import { single, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form: (_node, names) => single("Tanh", [names.inputs[0]!], names),
};
