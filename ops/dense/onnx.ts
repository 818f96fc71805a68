// dense in ONNX (nn.Linear, weight [out, in] as stored): on a [N, in] value
// Gemm(x, W, b) with W transposed; on a value with more axes, the product
// acts on the last one: MatMul(x, Wᵀ) + b, Wᵀ a Transpose of the
// initializer in the graph (the initializer stays dlc's [out, in]).

import { int, op, single, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form(node, names) {
    const [x] = names.inputs;
    const { weight, bias } = names.params;
    if (node.inputs[0]!.length === 1) return single("Gemm", [x!, weight!, ...(bias ? [bias] : [])], names, { transB: int(1) });
    const wt = names.temp("weight_t");
    const product = bias ? names.temp("product") : names.output;
    const nodes = [op("Transpose", [weight!], wt), op("MatMul", [x!, wt], product)];
    if (bias) nodes.push(op("Add", [product, bias], names.output));
    return { nodes };
  },
};
