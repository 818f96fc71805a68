// dropout in ONNX: the identity, as in any inference graph.

import { single, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form: (_node, names) => single("Identity", [names.inputs[0]!], names),
};
