// adaptive_avgpool in ONNX. Where the output size divides the input's, the
// windows are a plain AveragePool (kernel = stride = H/oh, W/ow). Elsewhere
// the windows differ in size and may overlap; the mean over a window of
// rows × columns is the mean over its columns of the mean over its rows, so
// the pool is two products with constant averaging matrices:
// y = A_h · x · A_wᵀ, A_h [oh, H] holding 1/len over row i's window.

import { pairAttr } from "../contract.js";
import { ints, op, type OnnxConstant, type OnnxExport } from "../onnx_export.js";

/** [out, size] (or its transpose): row i averages ⌊i·size/out⌋ … ⌈(i+1)·size/out⌉ − 1. */
function averaging(out: number, size: number, transposed: boolean): number[] {
  const m = new Array<number>(out * size).fill(0);
  for (let i = 0; i < out; i++) {
    const lo = Math.floor((i * size) / out);
    const hi = Math.ceil(((i + 1) * size) / out);
    for (let j = lo; j < hi; j++) m[transposed ? j * out + i : i * size + j] = 1 / (hi - lo);
  }
  return m;
}

export const onnx: OnnxExport = {
  form(node, names) {
    const [, h, w] = node.inputs[0]!;
    const [oh, ow] = pairAttr(node.attrs, "size");
    if (h! % oh === 0 && w! % ow === 0) {
      const k = [h! / oh, w! / ow];
      return { nodes: [op("AveragePool", [names.inputs[0]!], names.output, { kernel_shape: ints(k), strides: ints(k) })] };
    }
    const rows: OnnxConstant = { name: names.temp("rows"), type: "float", dims: [oh, h!], values: averaging(oh, h!, false) };
    const cols: OnnxConstant = { name: names.temp("cols"), type: "float", dims: [w!, ow], values: averaging(ow, w!, true) };
    const half = names.temp("cols_pooled");
    // [N, C, H, W]·[W, ow] → [N, C, H, ow]; [oh, H]·that → [N, C, oh, ow] (MatMul broadcasts the leading axes).
    return { nodes: [op("MatMul", [names.inputs[0]!, cols.name], half), op("MatMul", [rows.name, half], names.output)], constants: [rows, cols] };
  },
};
