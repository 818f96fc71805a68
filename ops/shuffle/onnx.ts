// shuffle in ONNX: the channel shuffle as ShuffleNet writes it, channels
// viewed as [g, C/g], transposed to [C/g, g] and flattened back:
// Reshape, Transpose, Reshape.

import { intAttr } from "../contract.js";
import { int64s, ints, op, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form(node, names) {
    const g = intAttr(node.attrs, "groups");
    const [c, ...rest] = node.inputs[0]!;
    const split = int64s(names.temp("grouped_shape"), [0, g, c! / g, ...rest]);
    const back = int64s(names.temp("shape"), [0, c!, ...rest]);
    const [grouped, swapped] = [names.temp("grouped"), names.temp("swapped")];
    const perm = [0, 2, 1, ...rest.map((_, i) => i + 3)];
    return {
      nodes: [op("Reshape", [names.inputs[0]!, split.name], grouped), op("Transpose", [grouped], swapped, { perm: ints(perm) }), op("Reshape", [swapped, back.name], names.output)],
      constants: [split, back],
    };
  },
};
