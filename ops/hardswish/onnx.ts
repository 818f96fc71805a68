// hardswish in ONNX: HardSwish, y = x·max(0, min(1, x/6 + 1/2)), PyTorch's hardswish.

import { single, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form: (_node, names) => single("HardSwish", [names.inputs[0]!], names),
};
