// upsample in ONNX: Resize by the integer factors on H and W. nearest takes
// source pixel ⌊i/s⌋ (asymmetric coordinates, rounded down); bilinear with
// align_corners = false is Resize's linear mode on half-pixel coordinates,
// which, as PyTorch, clamps a source coordinate below 0 to the edge.

import { pairAttr, stringAttr } from "../contract.js";
import { op, str, type OnnxAttrValue, type OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form(node, names) {
    const [sh, sw] = pairAttr(node.attrs, "scale");
    const scales = { name: names.temp("scales"), type: "float" as const, dims: [4], values: [1, 1, sh, sw] };
    const attrs: Record<string, OnnxAttrValue> =
      stringAttr(node.attrs, "mode") === "bilinear"
        ? { mode: str("linear"), coordinate_transformation_mode: str("half_pixel") }
        : { mode: str("nearest"), coordinate_transformation_mode: str("asymmetric"), nearest_mode: str("floor") };
    // Resize's inputs: X, roi (unused here, so empty), scales.
    return { nodes: [op("Resize", [names.inputs[0]!, "", scales.name], names.output, attrs)], constants: [scales] };
  },
};
