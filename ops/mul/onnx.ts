// mul in ONNX: Mul. dlc broadcasts from the leading axis (a [C] gate scales
// every pixel of channel c of a [C, H, W] map), ONNX from the last; so the
// operand of lower rank is first reshaped with trailing 1s to the other's
// rank, after which both rules agree (sizes equal or 1 on every axis).

import { int64s, op, type OnnxConstant, type OnnxExport, type OnnxOp } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form(node, names) {
    const rank = Math.max(...node.inputs.map((s) => s.length));
    const nodes: OnnxOp[] = [];
    const constants: OnnxConstant[] = [];
    const operands = node.inputs.map((s, i) => {
      if (s.length === rank) return names.inputs[i]!;
      const shape = int64s(names.temp(`operand${i}_shape`), [0, ...s, ...new Array<number>(rank - s.length).fill(1)]);
      const value = names.temp(`operand${i}`);
      constants.push(shape);
      nodes.push(op("Reshape", [names.inputs[i]!, shape.name], value));
      return value;
    });
    nodes.push(op("Mul", operands, names.output));
    return { nodes, constants };
  },
};
