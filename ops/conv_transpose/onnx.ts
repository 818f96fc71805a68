// conv_transpose in ONNX: ConvTranspose, whose weight layout
// [in, out/groups, kh, kw] is dlc's (and PyTorch's). padding removes rows
// and columns from both borders of the full output, output_padding adds
// them after: ConvTranspose's pads and output_padding say the same.

import { intAttr, pairAttr } from "../contract.js";
import { int, ints, single, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form(node, names) {
    const a = node.attrs;
    const p = pairAttr(a, "padding");
    const inputs = [names.inputs[0]!, names.params.weight!, ...(names.params.bias ? [names.params.bias] : [])];
    return single("ConvTranspose", inputs, names, {
      kernel_shape: ints(pairAttr(a, "kernel")),
      strides: ints(pairAttr(a, "stride")),
      dilations: ints(pairAttr(a, "dilation")),
      pads: ints([p[0], p[1], p[0], p[1]]),
      output_padding: ints(pairAttr(a, "output_padding")),
      group: int(intAttr(a, "groups")),
    });
  },
};
