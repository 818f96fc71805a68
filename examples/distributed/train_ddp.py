"""Trains a network that `dlc export --to pytorch` wrote with PyTorch's
DistributedDataParallel, on data in dlc's layout, and writes the weights
back as a dlc checkpoint.

    torchrun --nproc_per_node=2 examples/distributed/train_ddp.py \\
        --module build/lenet5.py --data data/train --out build/ddp.safetensors

Everything about the network comes from the exported module: Model(), its
INPUTS and LABELS, make_optimizer() (dlc's optimizer, weight decay and
schedule, frozen layers), train_step() (forward, loss_fn, backward, the
clipping of the training section, the update), load_weights() and
save_weights(). The data is a folder of .npy files, one per network input
and label, named after them, as `dlc train --data` reads it (docs/data.md):
float inputs float32/float64, or uint8 scaled by 1/255; integer labels.

Each step takes the next global batch (--batch, default the training
section's) of one shuffle of the data per epoch, the same order in every
process; process r of W takes its r-th share of batch/W samples. DDP
averages the gradients of the shares, so a step is the step one process
takes on the whole global batch (batch norm aside: its statistics are per
process unless --sync-bn, which needs GPUs). The last partial batch of an
epoch is dropped, so every step has the same global batch. The schedule
steps once per epoch, as in dlc.

--backend gloo runs on CPU; --backend nccl on one GPU per process
(LOCAL_RANK), for torchrun on a GPU cluster (README.md).
"""

import argparse
import importlib.util
import json
import os

import numpy as np
import torch
import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel


def load_module(path):
    spec = importlib.util.spec_from_file_location(os.path.splitext(os.path.basename(path))[0], path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_folder(folder, specs):
    """The .npy files of `folder` named in specs (name -> (shape, dtype)), as tensors, checked against the shapes."""
    out = {}
    for name, (shape, dtype) in specs.items():
        path = os.path.join(folder, name + ".npy")
        if not os.path.exists(path):
            raise SystemExit("error: %s is missing: the data needs one .npy per input and label (%s)" % (path, ", ".join(specs)))
        a = np.load(path)
        if tuple(a.shape[1:]) != tuple(shape):
            raise SystemExit("error: %s has shape %s, expected [N, %s]" % (path, list(a.shape), ", ".join(map(str, shape))))
        if dtype == torch.long:
            t = torch.from_numpy(a.astype(np.int64))
        elif a.dtype == np.uint8:
            t = torch.from_numpy(a).float() / 255
        else:
            t = torch.from_numpy(a.astype(np.float32))
        out[name] = t
    counts = {len(t) for t in out.values()}
    if len(counts) != 1:
        raise SystemExit("error: the .npy files of %s hold different sample counts %s" % (folder, sorted(counts)))
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--module", required=True, help="the .py that dlc export --to pytorch wrote")
    p.add_argument("--data", required=True, help="a folder with one .npy per input and label")
    p.add_argument("--out", required=True, help="the dlc checkpoint to write (.safetensors)")
    p.add_argument("--weights", help="a dlc checkpoint to start from (default: PyTorch's initialisation, seeded)")
    p.add_argument("--epochs", type=int, help="default: the training section's")
    p.add_argument("--batch", type=int, help="the global batch, split between the processes (default: the training section's)")
    p.add_argument("--steps", type=int, help="stop after this many steps")
    p.add_argument("--seed", type=int, help="initialisation and data order (default: the training section's)")
    p.add_argument("--backend", default="gloo", choices=["gloo", "nccl"], help="gloo: CPU; nccl: one GPU per process")
    p.add_argument("--sync-bn", action="store_true", help="batch statistics over all processes (nccl only)")
    p.add_argument("--log", help="rank 0 writes one JSON line per step here: step, epoch, lr, loss (the global batch's)")
    args = p.parse_args()

    dist.init_process_group(backend=args.backend)
    rank, world = dist.get_rank(), dist.get_world_size()
    device = torch.device("cpu")
    if args.backend == "nccl":
        device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", 0)))
        torch.cuda.set_device(device)

    net = load_module(args.module)
    epochs = args.epochs or net.EPOCHS
    batch = args.batch or net.BATCH
    seed = net.SEED if args.seed is None else args.seed
    if batch % world != 0:
        raise SystemExit("error: the global batch %d does not split evenly between %d processes" % (batch, world))
    share = batch // world

    torch.manual_seed(seed)
    model = net.Model()
    if args.weights:
        net.load_weights(model, args.weights)
    net.freeze(model)  # before DDP, which registers the parameters that train
    if args.sync_bn:
        model = nn.SyncBatchNorm.convert_sync_batchnorm(model)
    model.to(device)
    ddp = DistributedDataParallel(model, device_ids=[device.index] if device.type == "cuda" else None)
    optimizer, scheduler = net.make_optimizer(ddp)

    inputs = load_folder(args.data, {k: v for k, v in net.INPUTS.items()})
    labels = load_folder(args.data, net.LABELS)
    n = len(next(iter(inputs.values())))
    steps_per_epoch = n // batch
    if steps_per_epoch == 0:
        raise SystemExit("error: %d samples are fewer than one global batch of %d" % (n, batch))
    log = open(args.log, "w") if args.log and rank == 0 else None

    step = 0
    for epoch in range(epochs):
        order = torch.randperm(n, generator=torch.Generator().manual_seed(seed * 1000 + epoch))
        model.train()
        for s in range(steps_per_epoch):
            mine = order[s * batch + rank * share : s * batch + (rank + 1) * share]
            x = {k: v[mine].to(device) for k, v in inputs.items()}
            y = {k: v[mine].to(device) for k, v in labels.items()}
            loss = net.train_step(ddp, optimizer, x, y if len(y) > 1 else next(iter(y.values())))
            dist.all_reduce(loss)  # the shares' mean losses, summed: / world is the global batch's
            step += 1
            if log:
                log.write(json.dumps({"step": step, "epoch": epoch, "lr": optimizer.param_groups[0]["lr"], "loss": loss.item() / world}) + "\n")
                log.flush()
            if args.steps and step >= args.steps:
                break
        scheduler.step()
        if rank == 0:
            print("epoch %d: %d steps of %d (%d per process), last loss %.4f" % (epoch + 1, s + 1, batch, share, loss.item() / world), flush=True)
        if args.steps and step >= args.steps:
            break

    if rank == 0:
        net.save_weights(model, args.out)
        print("wrote %s" % args.out, flush=True)
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
