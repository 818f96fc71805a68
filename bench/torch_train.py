# The PyTorch side of bench/torch_train.ts: trains a module written by
# `dlc export --to pytorch` with its own make_optimizer and train_step, on
# one fixed batch, and times it when asked. Kept alive across the
# benchmark's runs so that the two sides can alternate run by run without
# paying Python's and torch's start-up again.
#
#   python3 torch_train.py MODULE.py WEIGHTS.safetensors IO.safetensors THREADS
#
# IO holds the inputs as "input.NAME" and the labels as "label.NAME". It
# prints one JSON line with the losses of the first two steps from the given
# weights, then reads commands on stdin, one a line:
#   time WARMUP STEPS   WARMUP untimed steps, then STEPS timed: {"ms": per step}
#   quit

import importlib.util
import json
import sys
import time

import torch


def main():
    py, weights, io_path, threads = sys.argv[1:5]
    torch.set_num_threads(int(threads))
    spec = importlib.util.spec_from_file_location("exported", py)
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    torch.manual_seed(0)
    model = m.Model()
    m.load_weights(model, weights)
    model.train()
    optimizer, _ = m.make_optimizer(model)
    io = m.load_safetensors(io_path)
    inputs = {k[len("input."):]: v for k, v in io.items() if k.startswith("input.")}
    labels = {k[len("label."):]: v for k, v in io.items() if k.startswith("label.")}
    if len(labels) == 1:
        labels = next(iter(labels.values()))

    def step():
        return m.train_step(model, optimizer, inputs, labels)

    losses = [step().item() for _ in range(2)]
    print(json.dumps({"losses": losses, "threads": torch.get_num_threads(), "torch": torch.__version__}), flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words or words[0] == "quit":
            break
        warmup, steps = int(words[1]), int(words[2])
        for _ in range(warmup):
            step()
        # CPU tensors: each step has finished when train_step returns; .item()
        # on the last loss only makes that explicit.
        t0 = time.perf_counter()
        for _ in range(steps - 1):
            step()
        step().item()
        ms = (time.perf_counter() - t0) * 1000 / steps
        print(json.dumps({"ms": ms}), flush=True)


main()
