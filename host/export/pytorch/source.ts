// The exported Python file, whole: a header saying where it came from and
// how to use it, the imports, the helpers the ops need, the network's
// nn.Module, the training section, the weights' reader and writer, and a
// smoke run under `python3 NAME.py`. Self-contained: it needs torch only.

import type { Graph } from "../../../core/ir/graph.js";
import { assumedTrainSpec } from "../../../compiler/pipeline.js";
import { moduleSource } from "./module.js";
import { className } from "./names.js";
import { trainingSource } from "./training.js";
import { WEIGHTS_PY } from "./weights_py.js";

export interface PytorchSourceOptions {
  /** dlc's version, for the header. */
  readonly version: string;
  /** The command that made the file, for the header. */
  readonly command: string;
}

/** The Python source of network `g` (a forward graph, shapes inferred). */
export function pytorchSource(g: Graph, opts: PytorchSourceOptions): string {
  const cls = className(g.name);
  const mod = moduleSource(g, cls);
  const spec = g.train ?? assumedTrainSpec(g);
  const inputs = g.inputs.map((id) => g.nodes[id]!);
  const example = inputs.map((n, i) => `${JSON.stringify(mod.args[i])}: ${n.dtype === "i32" ? `torch.zeros(2, ${n.shape.join(", ")}, dtype=torch.long)` : `torch.randn(2, ${n.shape.join(", ")})`}`);
  return [
    `# ${g.name}.py: the dlc network '${g.name}' as a PyTorch module, written by dlc ${opts.version}:`,
    `#   ${opts.command}`,
    `#`,
    `#   model = ${cls}()                   # or Model(): parameters named as dlc names them`,
    `#   load_weights(model, "${g.name}.safetensors")   # a dlc checkpoint (dlc train's last.safetensors, too)`,
    `#   model.eval(); outputs = model(${mod.args.join(", ")})`,
    `#   optimizer, scheduler = make_optimizer(model); loss = loss_fn(model(...), labels)`,
    `#   save_weights(model, "trained.safetensors")   # back to dlc: dlc eval --weights trained.safetensors`,
    `#`,
    `# Needs torch only (no safetensors package: the reader below uses json and struct).`,
    ``,
    `import json`,
    `import math`,
    `import os`,
    `import struct`,
    `import sys`,
    ``,
    `import torch`,
    `from torch import nn`,
    `import torch.nn.functional as F`,
    ``,
    ...mod.helpers.flatMap((h) => [``, h.code, ``]),
    ``,
    mod.code,
    ``,
    ``,
    `Model = ${cls}`,
    `# The forward's arguments and the outputs: per-sample shapes (every tensor has the batch axis first) and element types.`,
    `INPUTS = {${inputs.map((n, i) => `${JSON.stringify(mod.args[i])}: ((${n.shape.join(", ")}${n.shape.length === 1 ? "," : ""}), ${n.dtype === "i32" ? "torch.long" : "torch.float32"})`).join(", ")}}`,
    `OUTPUTS = {${g.outputs.map((o) => `${JSON.stringify(o.name)}: (${g.nodes[o.node]!.shape.join(", ")}${g.nodes[o.node]!.shape.length === 1 ? "," : ""})`).join(", ")}}`,
    ``,
    ``,
    trainingSource(g, spec, g.train === undefined, g.outputs.map((o) => o.name)),
    ``,
    ``,
    WEIGHTS_PY,
    ``,
    ``,
    `if __name__ == "__main__":`,
    `    # python3 ${g.name}.py [WEIGHTS.safetensors]: a forward pass on a random batch of 2.`,
    `    model = Model()`,
    `    if len(sys.argv) > 1:`,
    `        load_weights(model, sys.argv[1])`,
    `    model.eval()`,
    `    with torch.no_grad():`,
    `        out = model(**{${example.join(", ")}})`,
    `    for name, t in (out.items() if isinstance(out, dict) else [(next(iter(OUTPUTS)), out)]):`,
    `        print(name, tuple(t.shape))`,
    `    print("parameters:", sum(p.numel() for p in model.parameters()))`,
    ``,
  ].join("\n");
}
