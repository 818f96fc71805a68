# Fixtures for tests/host/import_weights/: weights saved by PyTorch itself.
#
#   python3 torch_fixture.py OUT_DIR SIZE [all|small]
#
# resnet18.*: torchvision's resnet18 with random weights and random batchnorm
#   statistics (weight, bias, running mean and variance all far from their
#   defaults, so that a statistic put in the wrong place changes the output),
#   its state dict saved by torch.save (.pt) and as safetensors (.safetensors,
#   laid out as safetensors.torch.save_file lays it out: tensors sorted by
#   dtype and name, the state dict's order in the metadata), an input image
#   x.npy [1, 3, SIZE, SIZE] (float32) and PyTorch's eval-mode output y.npy
#   [1, 1000], computed in float64 from the same float32 weights.
# small*.pt / small*.safetensors: a three-layer model with torchvision-style
#   names, good and broken in one way each (a tensor missing, one extra, a
#   wrong shape, sorted without its order), as a pickled whole model, with
#   float16 weights, and as ONNX models torch.onnx.export wrote (training
#   mode: batchnorm kept; eval mode: folded into the convolution);
#   small_x.npy [2, 3, 8, 8] and its output small_y.npy. With "small", only
#   these.
#
# The safetensors writer is written here from the format (the test machine
# has no safetensors module): 8-byte little-endian header length, JSON
# header padded with spaces to a multiple of 8, then the tensors' bytes.

import copy
import json
import os
import struct
import sys

import numpy as np
import torch
import torchvision

out, size = sys.argv[1], int(sys.argv[2])
which = sys.argv[3] if len(sys.argv) > 3 else "all"
gen = torch.Generator().manual_seed(1234)
torch.manual_seed(1234)

DTYPES = {torch.float32: ("F32", "<f4"), torch.float64: ("F64", "<f8"), torch.int64: ("I64", "<i8")}
# safetensors' data order: larger items first (I64, F64, then F32), each by name.
RANK = {"I64": 0, "F64": 1, "F32": 2}


def save_safetensors(path, state, order_metadata):
    items = [(name, DTYPES[t.dtype][0], list(t.shape), t.detach().contiguous().numpy().astype(DTYPES[t.dtype][1]).tobytes()) for name, t in state.items()]
    items.sort(key=lambda i: (RANK[i[1]], i[0].encode("utf-8")))
    header = {}
    if order_metadata:
        header["__metadata__"] = {"format": "pt", "state_dict_order": json.dumps(list(state))}
    at = 0
    for name, dtype, shape, data in items:
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [at, at + len(data)]}
        at += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text)
        for item in items:
            f.write(item[3])


def randomize_batchnorm(model):
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5, generator=gen)
                m.bias.normal_(0.0, 0.2, generator=gen)
                m.running_mean.normal_(0.0, 0.2, generator=gen)
                m.running_var.uniform_(0.5, 2.0, generator=gen)
                m.num_batches_tracked.fill_(17)


# ---- resnet18
if which == "all":
    model = torchvision.models.resnet18(weights=None)
    randomize_batchnorm(model)
    model.eval()
    state = model.state_dict()
    torch.save(state, os.path.join(out, "resnet18.pt"))
    save_safetensors(os.path.join(out, "resnet18.safetensors"), state, order_metadata=True)
    x = torch.rand(1, 3, size, size, generator=gen)
    with torch.no_grad():
        y = model.double()(x.double())
    np.save(os.path.join(out, "x.npy"), x.numpy().astype("<f4"))
    np.save(os.path.join(out, "y.npy"), y.numpy().astype("<f8"))


# ---- a small model with torchvision-style names
class Small(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.features = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3, padding=1, bias=False), torch.nn.BatchNorm2d(4), torch.nn.ReLU())
        self.classifier = torch.nn.Linear(4, 2)

    def forward(self, x):
        return self.classifier(self.features(x).mean((2, 3)))


small = Small()
randomize_batchnorm(small)
small.eval()
good = small.state_dict()
torch.save(good, os.path.join(out, "small.pt"))
torch.save({k: v.half() if v.is_floating_point() else v for k, v in good.items()}, os.path.join(out, "small_half.pt"))
save_safetensors(os.path.join(out, "small_missing.safetensors"), {k: v for k, v in good.items() if k != "features.1.running_var"}, order_metadata=True)
save_safetensors(os.path.join(out, "small_extra.safetensors"), {**good, "extra.weight": torch.ones(3)}, order_metadata=True)
save_safetensors(os.path.join(out, "small_shape.safetensors"), {**good, "classifier.weight": torch.ones(3, 4)}, order_metadata=True)
torch.save(small, os.path.join(out, "small_model.pt"))
save_safetensors(os.path.join(out, "small_sorted.safetensors"), good, order_metadata=False)
# ONNX: in training mode torch.onnx.export keeps batchnorm and every tensor
# under its state dict name, in the state dict's order; in eval mode it folds
# batchnorm into the convolution, leaving tensors dlc's network cannot use.
# The training-mode export runs the model in training mode once: on a copy
# with momentum 0, so that the running statistics it updates stay as saved.
probe = torch.rand(1, 3, 8, 8, generator=gen)
frozen = copy.deepcopy(small)
for m in frozen.modules():
    if isinstance(m, torch.nn.BatchNorm2d):
        m.momentum = 0.0
torch.onnx.export(frozen, probe, os.path.join(out, "small_train.onnx"), opset_version=17, training=torch.onnx.TrainingMode.TRAINING)
torch.onnx.export(copy.deepcopy(small), probe, os.path.join(out, "small_folded.onnx"), opset_version=17, training=torch.onnx.TrainingMode.EVAL)
xs = torch.rand(2, 3, 8, 8, generator=gen)
with torch.no_grad():
    ys = copy.deepcopy(small).double()(xs.double())
np.save(os.path.join(out, "small_x.npy"), xs.numpy().astype("<f4"))
np.save(os.path.join(out, "small_y.npy"), ys.numpy().astype("<f8"))
print(json.dumps({"torch": torch.__version__, "torchvision": torchvision.__version__}))
