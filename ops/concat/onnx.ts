// concat in ONNX: Concat along the per-sample axis, one past it for the batch.

import { intAttr } from "../contract.js";
import { int, single, tensorAxis, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form: (node, names) => single("Concat", names.inputs, names, { axis: int(tensorAxis(intAttr(node.attrs, "axis"), node.inputs[0]!)) }),
};
