// embedding in ONNX: Gather of the weight's rows [num, dim] at the int32
// ids, [N, …S] → [N, …S, dim]. ONNX's Gather, like PyTorch, refuses an id
// outside 0 … num − 1 (a negative one counts from the end there).

import { int, single, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form: (_node, names) => single("Gather", [names.params.weight!, names.inputs[0]!], names, { axis: int(0) }),
};
