// softplus in ONNX: Softplus, y = log(1 + eˣ).

import { single, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form: (_node, names) => single("Softplus", [names.inputs[0]!], names),
};
