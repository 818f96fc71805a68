// bn in ONNX: BatchNormalization in inference form, on the running
// statistics, over channel axis 1 of [N, C, …]. Without affine parameters
// the scale and shift are constants 1 and 0. An inference graph normalises
// with the running statistics whatever the node's training flag.

import { boolAttr, numAttr } from "../contract.js";
import { float, op, type OnnxConstant, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form(node, names) {
    const c = node.inputs[0]![0]!;
    const constants: OnnxConstant[] = [];
    const fixed = (hint: string, v: number) => {
      const name = names.temp(hint);
      constants.push({ name, type: "float", dims: [c], values: new Array<number>(c).fill(v) });
      return name;
    };
    const affine = boolAttr(node.attrs, "affine");
    const scale = affine ? names.params.weight! : fixed("ones", 1);
    const shift = affine ? names.params.bias! : fixed("zeros", 0);
    const inputs = [names.inputs[0]!, scale, shift, names.params.running_mean!, names.params.running_var!];
    return { nodes: [op("BatchNormalization", inputs, names.output, { epsilon: float(numAttr(node.attrs, "eps")) })], constants };
  },
};
