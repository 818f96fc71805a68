// conv in PyTorch: nn.Conv2d (weight [out, in/groups, kh, kw], dlc's
// layout). TensorFlow's "same" with an odd total padding pads one more
// row or column after than before, which nn.Conv2d cannot: that pad is
// written as an F.pad before the convolution. A connection table (LeNet-5's
// C3) has no PyTorch twin: TableConv2d, written out in the exported file,
// keeps dlc's [links, kh, kw] weight and scatters it into a dense kernel of
// zeros at every call, so that the gradients reach only the links.

import { boolAttr, intAttr, pairAttr, resolvePad } from "../contract.js";
import type { AttrValue } from "../../core/ir/graph.js";
import { pyBool, pyKwargs, pyPair, type PyHelper, type TorchExport } from "../torch_export.js";

const tableConv: PyHelper = {
  name: "TableConv2d",
  code: `class TableConv2d(nn.Module):
    """A convolution whose output map o reads only the input maps that row o of
    the connection table lists (LeNet-5's C3). The weight holds one kernel per
    link, the table read row by row: [links, kh, kw], as dlc stores it."""

    def __init__(self, in_channels, table, kernel_size, stride=1, padding=0, dilation=1, bias=True):
        super().__init__()
        kh, kw = (kernel_size, kernel_size) if isinstance(kernel_size, int) else kernel_size
        self.in_channels, self.out_channels, self.kernel_size = in_channels, len(table), (kh, kw)
        self.stride, self.padding, self.dilation = stride, padding, dilation
        # Which (output, input) pair each link joins; not weights, so not saved.
        self.register_buffer("rows", torch.tensor([o for o, row in enumerate(table) for _ in row]), persistent=False)
        self.register_buffer("cols", torch.tensor([c for row in table for c in row]), persistent=False)
        bound = 1.0 / math.sqrt(max(len(row) for row in table) * kh * kw)
        self.weight = nn.Parameter(torch.empty(len(self.cols), kh, kw).uniform_(-bound, bound))
        self.bias = nn.Parameter(torch.zeros(len(table))) if bias else None

    def forward(self, x):
        dense = self.weight.new_zeros(self.out_channels, self.in_channels, *self.kernel_size)
        dense = dense.index_put((self.rows, self.cols), self.weight)
        return F.conv2d(x, dense, self.bias, self.stride, self.padding, self.dilation)`,
};

export const torch: TorchExport = {
  helpers: [tableConv],
  form(node) {
    const a = node.attrs;
    const [c, h, w] = node.inputs[0]!;
    const k = pairAttr(a, "kernel");
    const s = pairAttr(a, "stride");
    const d = pairAttr(a, "dilation");
    const ph = resolvePad(a.padding!, 0, h!, k[0], s[0], d[0]);
    const pw = resolvePad(a.padding!, 1, w!, k[1], s[1], d[1]);
    const even = ph[0] === ph[1] && pw[0] === pw[1];
    const padding = even ? pyPair([ph[0], pw[0]]) : "0";
    const common = pyKwargs([
      ["stride", pyPair(s), "1"],
      ["padding", padding, "0"],
      ["dilation", pyPair(d), "1"],
    ]);
    const bias = pyKwargs([["bias", pyBool(boolAttr(a, "bias")), "True"]]);
    const table = a.table;
    const init = Array.isArray(table)
      ? `TableConv2d(${c}, ${JSON.stringify((table as readonly AttrValue[]).map((row) => (row as readonly AttrValue[]).map(Number)))}, ${pyPair(k)}${common}${bias})`
      : `nn.Conv2d(${c}, ${intAttr(a, "out")}, ${pyPair(k)}${common}${pyKwargs([["groups", String(intAttr(a, "groups")), "1"]])}${bias})`;
    return {
      kind: "module",
      init,
      state: { weight: "weight", bias: "bias" },
      ...(even ? {} : { call: (m: string, { inputs: [x] }: { inputs: readonly string[] }) => `${m}(F.pad(${x}, (${pw[0]}, ${pw[1]}, ${ph[0]}, ${ph[1]})))` }),
    };
  },
};
