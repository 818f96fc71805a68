// mish in ONNX: x·tanh(softplus(x)), from Softplus, Tanh and Mul (ONNX's
// own Mish arrives only in opset 18).

import { op, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form(_node, names) {
    const x = names.inputs[0]!;
    const [sp, th] = [names.temp("softplus"), names.temp("tanh")];
    return { nodes: [op("Softplus", [x], sp), op("Tanh", [sp], th), op("Mul", [x, th], names.output)] };
  },
};
