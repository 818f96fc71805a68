// gap in ONNX: the mean over H and W of [N, C, H, W], those axes dropped (→ [N, C]).

import { int, ints, single, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  // Opset 17's ReduceMean takes its axes as an attribute.
  form: (node, names) => single("ReduceMean", [names.inputs[0]!], names, { axes: ints(node.inputs[0]!.slice(1).map((_, i) => i + 2)), keepdims: int(0) }),
};
