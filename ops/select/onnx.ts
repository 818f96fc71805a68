// select in ONNX: Gather of one index on the axis; a scalar index drops the
// axis, as torch's select does.

import { intAttr } from "../contract.js";
import { int, int64s, op, tensorAxis, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form(node, names) {
    const x = node.inputs[0]!;
    const axis = tensorAxis(intAttr(node.attrs, "axis"), x);
    const size = x[axis - 1]!;
    const at = intAttr(node.attrs, "index");
    const index = int64s(names.temp("index"), [at < 0 ? at + size : at], []);
    return { nodes: [op("Gather", [names.inputs[0]!, index.name], names.output, { axis: int(axis) })], constants: [index] };
  },
};
