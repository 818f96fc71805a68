// add in ONNX: Add of two tensors of one shape, Sum of more.

import { single, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form: (_node, names) => single(names.inputs.length === 2 ? "Add" : "Sum", names.inputs, names),
};
