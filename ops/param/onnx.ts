// param in ONNX: the weight, the same for every sample, expanded to
// [N, …shape] (Expand broadcasts from the last axis, so [shape] against
// [N, …shape] needs no reshape); N is the batch size, fixed or read from
// an input's shape.

import { int, int64s, op, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form(node, names) {
    const rest = int64s(names.temp("sample_shape"), node.out);
    const shape = names.temp("shape");
    return {
      nodes: [op("Concat", [names.batch(), rest.name], shape, { axis: int(0) }), op("Expand", [names.params.weight!, shape], names.output)],
      constants: [rest],
    };
  },
};
