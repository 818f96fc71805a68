// mean in ONNX: ReduceMean over the one axis (opset 17 takes axes as an
// attribute), kept as 1 under keepdim.

import { boolAttr, intAttr } from "../contract.js";
import { int, ints, single, tensorAxis, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form: (node, names) =>
    single("ReduceMean", [names.inputs[0]!], names, { axes: ints([tensorAxis(intAttr(node.attrs, "axis"), node.inputs[0]!)]), keepdims: int(boolAttr(node.attrs, "keepdim") ? 1 : 0) }),
};
