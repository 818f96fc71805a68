// flatten in ONNX: Flatten from axis 1, [N, …] → [N, product of the rest].

import { int, single, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form: (_node, names) => single("Flatten", [names.inputs[0]!], names, { axis: int(1) }),
};
