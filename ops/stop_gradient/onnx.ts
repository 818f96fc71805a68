// stop_gradient in ONNX: the identity (an inference graph has no gradients).

import { single, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form: (_node, names) => single("Identity", [names.inputs[0]!], names),
};
