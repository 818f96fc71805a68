# Training steps of an exported module with its own make_optimizer,
# loss_fn and train_step, for training.test.ts: loads the weights, takes
# STEPS steps on the batch of IO (inputs "input.NAME", labels "label.NAME"),
# writes the weights after them with the module's save_weights (a dlc
# checkpoint) and prints one JSON line: the total loss of each step.
#
#   python3 train.py MODULE.py WEIGHTS.safetensors IO.safetensors STEPS OUT.safetensors

import importlib.util
import json
import sys

import torch


def main():
    py, weights, io_path, steps, out = sys.argv[1:6]
    spec = importlib.util.spec_from_file_location("exported", py)
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    torch.manual_seed(0)
    model = m.Model()
    m.load_weights(model, weights)
    model.train()
    optimizer, scheduler = m.make_optimizer(model)
    io = m.load_safetensors(io_path)
    inputs = {k[len("input."):]: v for k, v in io.items() if k.startswith("input.")}
    labels = {k[len("label."):]: v for k, v in io.items() if k.startswith("label.")}
    if len(labels) == 1:
        labels = next(iter(labels.values()))
    losses = [m.train_step(model, optimizer, inputs, labels).item() for _ in range(int(steps))]
    m.save_weights(model, out)
    frozen = sorted(n for n, p in model.named_parameters() if not p.requires_grad)
    print(json.dumps({"losses": losses, "frozen": frozen}))


main()
