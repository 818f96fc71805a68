// param in PyTorch: LearnedTensor, written out in the exported file: an
// nn.Parameter in a submodule of its own, so that it is saved under dlc's
// name (NAME.weight), expanded over the batch where the graph reads it.

import { numAttr, stringAttr } from "../contract.js";
import { pyNum, type PyHelper, type TorchExport } from "../torch_export.js";

const learnedTensor: PyHelper = {
  name: "LearnedTensor",
  code: `class LearnedTensor(nn.Module):
    """A learned tensor that every sample sees (a positional embedding, a class
    token): its value for a batch is the one tensor expanded over the batch."""

    def __init__(self, *shape, init="zeros", std=1.0):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(shape))
        if init == "ones":
            nn.init.ones_(self.weight)
        elif init == "normal":
            nn.init.normal_(self.weight, std=std)

    def forward(self, batch):
        return self.weight.expand(batch, *self.weight.shape)`,
};

export const torch: TorchExport = {
  helpers: [learnedTensor],
  form(node) {
    const init = stringAttr(node.attrs, "init");
    const how = init === "zeros" ? "" : init === "ones" ? `, init="ones"` : `, init="normal"${node.attrs.std === null ? "" : `, std=${pyNum(numAttr(node.attrs, "std"))}`}`;
    return { kind: "module", init: `LearnedTensor(${node.out.join(", ")}${how})`, state: { weight: "weight" }, call: (m, { batch }) => `${m}(${batch})` };
  },
};
