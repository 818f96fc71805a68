// softmax in ONNX: Softmax along the one axis (opset 13 on normalises along
// `axis` alone, as dlc; earlier opsets flattened every axis from it on).

import { intAttr } from "../contract.js";
import { int, single, tensorAxis, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form: (node, names) => single("Softmax", [names.inputs[0]!], names, { axis: int(tensorAxis(intAttr(node.attrs, "axis"), node.inputs[0]!)) }),
};
