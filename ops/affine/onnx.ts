// affine in ONNX: scale·x / divisor + shift as Mul, Div and Add by scalar
// constants, in that order (a true division, as dlc and PyTorch round
// x / 6); a step that does nothing (scale 1, divisor 1, shift 0) is left out.

import { numAttr } from "../contract.js";
import { op, scalar, type OnnxConstant, type OnnxExport, type OnnxOp } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form(node, names) {
    const steps = [
      ["Mul", numAttr(node.attrs, "scale"), 1, "scale"],
      ["Div", numAttr(node.attrs, "divisor"), 1, "divisor"],
      ["Add", numAttr(node.attrs, "shift"), 0, "shift"],
    ] as const;
    const used = steps.filter(([, v, none]) => v !== none);
    if (used.length === 0) return { nodes: [op("Identity", [names.inputs[0]!], names.output)] };
    const nodes: OnnxOp[] = [];
    const constants: OnnxConstant[] = [];
    let value = names.inputs[0]!;
    used.forEach(([type, v, , hint], i) => {
      const k = scalar(names.temp(hint), v);
      const next = i === used.length - 1 ? names.output : names.temp(`after_${hint}`);
      constants.push(k);
      nodes.push(op(type, [value, k.name], next));
      value = next;
    });
    return { nodes, constants };
  },
};
