// sigmoid in ONNX: Sigmoid, y = 1 / (1 + e^(−x)).

import { single, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form: (_node, names) => single("Sigmoid", [names.inputs[0]!], names),
};
