// silu in ONNX: x·Sigmoid(x) (ONNX has no SiLU operator).

import { op, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form(_node, names) {
    const s = names.temp("sigmoid");
    const x = names.inputs[0]!;
    return { nodes: [op("Sigmoid", [x], s), op("Mul", [x, s], names.output)] };
  },
};
