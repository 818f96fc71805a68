// reshape in ONNX: Reshape to [N, …out], the batch kept by a 0 (Reshape
// copies that dimension) and the −1 already resolved by the shape rule.

import { int64s, op, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form(node, names) {
    const shape = int64s(names.temp("shape"), [0, ...node.out]);
    return { nodes: [op("Reshape", [names.inputs[0]!, shape.name], names.output)], constants: [shape] };
  },
};
