// scale in ONNX: w[c]·x + b[c] over channel axis 1, the [C] weight and bias
// reshaped in the graph to [C, 1, …] so that they broadcast over the rest.

import { op, perChannel, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form(node, names) {
    const [c] = node.inputs[0]!;
    const rank = node.inputs[0]!.length;
    const w = perChannel(names.params.weight!, c!, rank, names, "weight_bc");
    const b = names.params.bias ? perChannel(names.params.bias, c!, rank, names, "bias_bc") : undefined;
    const scaled = b ? names.temp("scaled") : names.output;
    const nodes = [...w.nodes, ...(b?.nodes ?? []), op("Mul", [names.inputs[0]!, w.value], scaled)];
    if (b) nodes.push(op("Add", [scaled, b.value], names.output));
    return { nodes, constants: [...w.constants, ...(b?.constants ?? [])] };
  },
};
