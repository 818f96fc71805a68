// lrn in ONNX. ONNX's LRN sums the squares over channels
// c − ⌊(size−1)/2⌋ … c + ⌈(size−1)/2⌉, PyTorch's (and dlc's) over
// c − ⌊size/2⌋ … c + ⌊(size−1)/2⌋: the same window for an odd size, so
// there it is LRN. An even size shifts the window by one channel, and is
// written out: the squares, seen as one-channel [N, 1, C, H·W] maps, are
// averaged over `size` channels by an AveragePool with PyTorch's zero
// padding counted, which gives Σ/size, and y = x / (k + α·Σ/size)^β.

import { intAttr, numAttr } from "../contract.js";
import { float, int, int64s, ints, op, scalar, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form(node, names) {
    const size = intAttr(node.attrs, "size");
    const [alpha, beta, k] = [numAttr(node.attrs, "alpha"), numAttr(node.attrs, "beta"), numAttr(node.attrs, "k")];
    const x = names.inputs[0]!;
    if (size % 2 === 1) return { nodes: [op("LRN", [x], names.output, { size: int(size), alpha: float(alpha), beta: float(beta), bias: float(k) })] };
    const [c, ...rest] = node.inputs[0]!;
    const plane = rest.reduce((a, b) => a * b, 1);
    const t = (hint: string) => names.temp(hint);
    const maps = int64s(t("maps_shape"), [0, 1, c!, plane]);
    const back = int64s(t("shape"), [0, ...node.inputs[0]!]);
    const [alphaC, kC, betaC] = [scalar(t("alpha"), alpha), scalar(t("k"), k), scalar(t("beta"), beta)];
    const [sq, sqMaps, mean, meanBack, scaled, base, den] = ["squares", "square_maps", "window_mean", "window_mean_maps", "scaled", "base", "denominator"].map(t);
    return {
      nodes: [
        op("Mul", [x, x], sq!),
        op("Reshape", [sq!, maps.name], sqMaps!),
        op("AveragePool", [sqMaps!], mean!, { kernel_shape: ints([size, 1]), strides: ints([1, 1]), pads: ints([size / 2, 0, Math.floor((size - 1) / 2), 0]), count_include_pad: int(1) }),
        op("Reshape", [mean!, back.name], meanBack!),
        op("Mul", [meanBack!, alphaC.name], scaled!),
        op("Add", [scaled!, kC.name], base!),
        op("Pow", [base!, betaC.name], den!),
        op("Div", [x, den!], names.output),
      ],
      constants: [maps, back, alphaC, kC, betaC],
    };
  },
};
