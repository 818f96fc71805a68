// input in ONNX: a graph input of the model, fed by the caller ([batch, ...shape]).

import type { OnnxExport } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form: () => ({ nodes: [], graphInput: true }),
};
