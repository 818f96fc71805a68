// prelu in ONNX: PRelu. One shared slope [1] broadcasts as it is; one slope
// per channel [C] is reshaped in the graph to [C, 1, …] for channel axis 1.

import { boolAttr } from "../contract.js";
import { op, perChannel, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form(node, names) {
    const x = node.inputs[0]!;
    const slope = boolAttr(node.attrs, "per_channel") ? perChannel(names.params.weight!, x[0]!, x.length, names, "slope") : { value: names.params.weight!, nodes: [], constants: [] };
    return { nodes: [...slope.nodes, op("PRelu", [names.inputs[0]!, slope.value], names.output)], constants: slope.constants };
  },
};
