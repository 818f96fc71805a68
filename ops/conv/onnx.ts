// conv in ONNX: Conv, whose weight layout [out, in/groups, kh, kw] is dlc's.
// TensorFlow's "same" with an odd total padding pads one more after than
// before, which Conv's explicit pads [top, left, bottom, right] say as they
// are. A connection table (LeNet-5's C3) keeps dlc's [links, kh, kw] weight
// as the initializer: the graph gathers it into the dense [out, in, kh, kw]
// kernel, taking a zero kernel where the table has no link.

import { intAttr, pairAttr, resolvePad } from "../contract.js";
import type { AttrValue } from "../../core/ir/graph.js";
import { int, int64s, ints, op, type OnnxConstant, type OnnxExport, type OnnxOp } from "../onnx_export.js";

export const onnx: OnnxExport = {
  form(node, names) {
    const a = node.attrs;
    const [c, h, w] = node.inputs[0]!;
    const out = node.out[0]!;
    const k = pairAttr(a, "kernel");
    const s = pairAttr(a, "stride");
    const d = pairAttr(a, "dilation");
    const ph = resolvePad(a.padding!, 0, h!, k[0], s[0], d[0]);
    const pw = resolvePad(a.padding!, 1, w!, k[1], s[1], d[1]);
    const nodes: OnnxOp[] = [];
    const constants: OnnxConstant[] = [];
    let weight = names.params.weight!;
    const table = a.table;
    if (Array.isArray(table)) {
      // Row o·in + i of the dense kernel is link l + 1 of [zero; links], or row 0 (zeros) where o does not read i.
      const index = new Array<number>(out * c!).fill(0);
      let link = 0;
      (table as readonly AttrValue[]).forEach((row, o) => {
        for (const i of row as readonly AttrValue[]) index[o * c! + Number(i)] = ++link;
      });
      const zero = { name: names.temp("zero_kernel"), type: "float" as const, dims: [1, k[0], k[1]], values: new Array<number>(k[0] * k[1]).fill(0) };
      const rows = int64s(names.temp("table_rows"), index);
      const shape = int64s(names.temp("dense_shape"), [out, c!, k[0], k[1]]);
      constants.push(zero, rows, shape);
      const padded = names.temp("links_and_zero");
      const gathered = names.temp("dense_rows");
      weight = names.temp("dense_weight");
      nodes.push(op("Concat", [zero.name, names.params.weight!], padded, { axis: int(0) }));
      nodes.push(op("Gather", [padded, rows.name], gathered, { axis: int(0) }));
      nodes.push(op("Reshape", [gathered, shape.name], weight));
    }
    const inputs = [names.inputs[0]!, weight, ...(names.params.bias ? [names.params.bias] : [])];
    nodes.push(
      op("Conv", inputs, names.output, {
        kernel_shape: ints(k),
        strides: ints(s),
        dilations: ints(d),
        pads: ints([ph[0], pw[0], ph[1], pw[1]]),
        group: int(Array.isArray(table) ? 1 : intAttr(a, "groups")),
      }),
    );
    return { nodes, constants };
  },
};
