// hardsigmoid in ONNX: HardSigmoid, max(0, min(1, α·x + β)), with PyTorch's α = 1/6 and β = 1/2.

import { float, single, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form: (_node, names) => single("HardSigmoid", [names.inputs[0]!], names, { alpha: float(1 / 6), beta: float(0.5) }),
};
