// pad in ONNX: Pad on H and W of [N, C, H, W]. Its pads list every axis'
// start, then every axis' end; modes: constant (zeros), reflect (the edge
// not repeated, as PyTorch's reflect) and edge (PyTorch's replicate).

import { padMode, padsOf } from "../shared/pad.js";
import { int64s, op, str, type OnnxExport } from "../onnx_export.js";

const MODES = { zeros: "constant", reflect: "reflect", replicate: "edge" } as const;

export const onnx: OnnxExport = {
  form(node, names) {
    const [t, b, l, r] = padsOf(node.attrs);
    const pads = int64s(names.temp("pads"), [0, 0, t, l, 0, 0, b, r]);
    return { nodes: [op("Pad", [names.inputs[0]!, pads.name], names.output, { mode: str(MODES[padMode(node.attrs)]) })], constants: [pads] };
  },
};
