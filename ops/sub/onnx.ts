// sub in ONNX: Sub, x − y of one shape.

import { single, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form: (_node, names) => single("Sub", names.inputs, names),
};
