// avgpool in ONNX: AveragePool with PyTorch's window and divisor. PyTorch
// divides by the window's cells inside the input plus, with
// count_include_pad, inside the symmetric zero padding, but never by cells
// that ceil mode adds past it. So the symmetric padding, when it counts, is
// a Pad of zeros before the pool; the pool itself counts no padding
// (count_include_pad 0) and pads only what the last window needs beyond
// that (ceil mode), which it does not count.

import { boolAttr, pairAttr } from "../contract.js";
import { int, int64s, ints, op, windowPads, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form(node, names) {
    const k = pairAttr(node.attrs, "kernel");
    const s = node.attrs.stride === null ? k : pairAttr(node.attrs, "stride");
    const p = pairAttr(node.attrs, "padding");
    const [c, h, w] = node.inputs[0]!;
    const counted = boolAttr(node.attrs, "count_include_pad") && (p[0] > 0 || p[1] > 0);
    const attrs = { kernel_shape: ints(k), strides: ints(s), count_include_pad: int(0) };
    if (!counted) {
      const pads = windowPads(node.inputs[0]!, node.out, k, s, [1, 1], p);
      return { nodes: [op("AveragePool", [names.inputs[0]!], names.output, { ...attrs, pads: ints(pads) })] };
    }
    // The zeros are input now: a [C, H + 2ph, W + 2pw] map with no pooling padding of its own.
    const padded = [c!, h! + 2 * p[0], w! + 2 * p[1]];
    const pads = int64s(names.temp("pads"), [0, 0, p[0], p[1], 0, 0, p[0], p[1]]);
    const x = names.temp("padded");
    return {
      nodes: [
        op("Pad", [names.inputs[0]!, pads.name], x),
        op("AveragePool", [x], names.output, { ...attrs, pads: ints(windowPads(padded, node.out, k, s, [1, 1], [0, 0])) }),
      ],
      constants: [pads],
    };
  },
};
