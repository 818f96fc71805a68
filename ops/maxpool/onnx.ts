// maxpool in ONNX: MaxPool with PyTorch's window (stride defaulting to the
// kernel, symmetric padding of -infinity, dilation). Ceil mode is written
// as explicit extra padding at the end rather than ceil_mode, so that the
// output size is dlc's (PyTorch's rule drops a last window that would start
// in the right padding; ONNX's ceil_mode has not always done so).

import { pairAttr } from "../contract.js";
import { ints, single, windowPads, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form(node, names) {
    const k = pairAttr(node.attrs, "kernel");
    const s = node.attrs.stride === null ? k : pairAttr(node.attrs, "stride");
    const d = pairAttr(node.attrs, "dilation");
    return single("MaxPool", [names.inputs[0]!], names, {
      kernel_shape: ints(k),
      strides: ints(s),
      dilations: ints(d),
      pads: ints(windowPads(node.inputs[0]!, node.out, k, s, d, pairAttr(node.attrs, "padding"))),
    });
  },
};
