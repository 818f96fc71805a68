// gmp in ONNX: the maximum over H and W of [N, C, H, W], those axes dropped (→ [N, C]).

import { int, ints, single, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form: (node, names) => single("ReduceMax", [names.inputs[0]!], names, { axes: ints(node.inputs[0]!.slice(1).map((_, i) => i + 2)), keepdims: int(0) }),
};
