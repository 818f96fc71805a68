// gelu in ONNX (its own Gelu operator arrives only in opset 20), as
// PyTorch defines it: "none" is 0.5·x·(1 + erf(x/√2)), with Erf; "tanh" is
// 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).

import { stringAttr } from "../contract.js";
import { op, scalar, type OnnxConstant, type OnnxExport, type OnnxOp } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form(node, names) {
    const x = names.inputs[0]!;
    const t = (hint: string) => names.temp(hint);
    const nodes: OnnxOp[] = [];
    const constants: OnnxConstant[] = [];
    const c = (hint: string, v: number) => {
      const k = scalar(t(hint), v);
      constants.push(k);
      return k.name;
    };
    const [inner, curve, onePlus, half] = [t("inner"), t("curve"), t("one_plus"), t("half_x")];
    if (stringAttr(node.attrs, "approximate") === "tanh") {
      const [sq, x3, cubic, sum] = [t("square"), t("cube"), t("cubic"), t("sum")];
      nodes.push(
        op("Mul", [x, x], sq),
        op("Mul", [sq, x], x3),
        op("Mul", [x3, c("coef", 0.044715)], cubic),
        op("Add", [x, cubic], sum),
        op("Mul", [sum, c("sqrt_2_over_pi", Math.sqrt(2 / Math.PI))], inner),
        op("Tanh", [inner], curve),
      );
    } else {
      nodes.push(op("Mul", [x, c("rsqrt2", Math.SQRT1_2)], inner), op("Erf", [inner], curve));
    }
    nodes.push(op("Add", [curve, c("one", 1)], onePlus), op("Mul", [x, c("half", 0.5)], half), op("Mul", [half, onePlus], names.output));
    return { nodes, constants };
  },
};
