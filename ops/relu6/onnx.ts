// relu6 in ONNX: Clip to [0, 6] (opset 11 on, its bounds are inputs).

import { op, scalar, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form(_node, names) {
    const [lo, hi] = [scalar(names.temp("min"), 0), scalar(names.temp("max"), 6)];
    return { nodes: [op("Clip", [names.inputs[0]!, lo.name, hi.name], names.output)], constants: [lo, hi] };
  },
};
