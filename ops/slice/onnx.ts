// slice in ONNX: Slice of start … end−1 on the per-sample axis (tensor axis + 1).

import { intAttr } from "../contract.js";
import { int64s, op, tensorAxis, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form(node, names) {
    const t = (hint: string, v: number) => int64s(names.temp(hint), [v]);
    const c = [t("starts", intAttr(node.attrs, "start")), t("ends", intAttr(node.attrs, "end")), t("axes", tensorAxis(intAttr(node.attrs, "axis"), node.inputs[0]!))];
    return { nodes: [op("Slice", [names.inputs[0]!, ...c.map((k) => k.name)], names.output)], constants: c };
  },
};
