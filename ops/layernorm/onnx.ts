// layernorm in ONNX: LayerNormalization (opset 17) over the last axis, its
// biased variance and eps as nn.LayerNorm's; without affine parameters the
// scale is a constant 1 and there is no shift.

import { boolAttr, numAttr } from "../contract.js";
import { float, int, op, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form(node, names) {
    const d = node.out[node.out.length - 1]!;
    const affine = boolAttr(node.attrs, "affine");
    const ones = { name: names.temp("ones"), type: "float" as const, dims: [d], values: new Array<number>(d).fill(1) };
    const inputs = affine ? [names.inputs[0]!, names.params.weight!, ...(names.params.bias ? [names.params.bias] : [])] : [names.inputs[0]!, ones.name];
    return {
      nodes: [op("LayerNormalization", inputs, names.output, { axis: int(-1), epsilon: float(numAttr(node.attrs, "eps")) })],
      constants: affine ? [] : [ones],
    };
  },
};
