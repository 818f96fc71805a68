// relu in ONNX: Relu, y = max(x, 0).

import { single, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form: (_node, names) => single("Relu", [names.inputs[0]!], names),
};
