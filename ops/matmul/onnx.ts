// matmul in ONNX: MatMul over the last two axes, the leading ones (batch
// included) matched one to one. transpose_a / transpose_b swap that
// operand's last two axes first, with a Transpose.

import { boolAttr } from "../contract.js";
import { ints, op, type OnnxExport, type OnnxOp } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form(node, names) {
    const nodes: OnnxOp[] = [];
    const operand = (i: 0 | 1, flag: string) => {
      if (!boolAttr(node.attrs, flag)) return names.inputs[i]!;
      const rank = node.inputs[i]!.length + 1;
      const perm = Array.from({ length: rank }, (_, j) => (j === rank - 2 ? rank - 1 : j === rank - 1 ? rank - 2 : j));
      const t = names.temp(i === 0 ? "a_t" : "b_t");
      nodes.push(op("Transpose", [names.inputs[i]!], t, { perm: ints(perm) }));
      return t;
    };
    const [a, b] = [operand(0, "transpose_a"), operand(1, "transpose_b")];
    nodes.push(op("MatMul", [a, b], names.output));
    return { nodes };
  },
};
