# Part of `dlc import-weights`: reads a PyTorch state dict saved with
# torch.save (a .pt or .pth file) and writes its tensors to a safetensors
# file, in the state dict's own order, which dlc reads next.
#
#   python3 torch_state_dict.py SRC.pt OUT.safetensors
#
# The order matters: a state dict lists its tensors in module registration
# order, and dlc matches foreign names (torchvision's "layer1.0.conv1.weight")
# against its own parameters by that order. The safetensors library would
# sort them by name, so this file writes the format itself (8-byte header
# length, JSON header, tensor bytes) and keeps the order.
#
# torch.load runs with weights_only=True: a state dict (a dict of tensors)
# loads, while a pickled whole model, whose loading would run arbitrary code
# from the file, is refused.
#
# Exit status: 0 written; 1 the file is not a state dict torch can read (the
# reason on stderr); 3 torch cannot be imported. Messages start with
# "dlc-torch-helper: " so that dlc can tell them from Python's own output.

import json
import struct
import sys

PREFIX = "dlc-torch-helper: "
NO_TORCH = 3
# Checkpoint dicts that wrap the state dict under one of these keys.
WRAPPER_KEYS = ("state_dict", "model_state_dict", "model")


def fail(message, code=1):
    sys.stderr.write(PREFIX + message.replace("\n", " ") + "\n")
    sys.exit(code)


def is_state_dict(obj, torch):
    return isinstance(obj, dict) and len(obj) > 0 and all(isinstance(k, str) and isinstance(v, torch.Tensor) for k, v in obj.items())


def find_state_dict(obj, torch):
    if is_state_dict(obj, torch):
        return obj, None
    if isinstance(obj, dict):
        for key in WRAPPER_KEYS:
            if key in obj and is_state_dict(obj[key], torch):
                return obj[key], key
        odd = [f"{k!s} ({type(v).__name__})" for k, v in obj.items() if not isinstance(v, torch.Tensor)][:5]
        fail("the file holds a dict that is not a state dict (names to tensors): " + (", ".join(odd) or "it is empty"))
    fail(f"the file holds a {type(obj).__name__}, not a state dict; save one with torch.save(model.state_dict(), path)")


def tensor_bytes(name, t, torch):
    """(dtype, bytes) as safetensors stores them: little-endian, row-major."""
    t = t.detach().cpu().contiguous()
    if t.is_quantized or t.is_complex() or t.is_sparse:
        fail(f"tensor '{name}' is {t.dtype}, which dlc cannot import (floating point or integer tensors only)")
    if t.dtype in (torch.float16, torch.bfloat16):
        t = t.to(torch.float32)  # exact: every half and bfloat16 value is a float32
    if t.dtype == torch.float32:
        return "F32", t.numpy().astype("<f4").tobytes()
    if t.dtype == torch.float64:
        return "F64", t.numpy().astype("<f8").tobytes()
    if t.dtype == torch.bool or not t.is_floating_point():
        return "I64", t.to(torch.int64).numpy().astype("<i8").tobytes()
    fail(f"tensor '{name}' is {t.dtype}, which dlc cannot import")


def write_safetensors(path, tensors):
    header = {}
    chunks = []
    at = 0
    for name, (dtype, shape, data) in tensors.items():
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [at, at + len(data)]}
        chunks.append(data)
        at += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for c in chunks:
            f.write(c)


def main():
    if len(sys.argv) != 3:
        fail("usage: torch_state_dict.py SRC.pt OUT.safetensors", 2)
    src, out = sys.argv[1], sys.argv[2]
    try:
        import torch
    except ImportError as e:
        fail(f"cannot import torch ({e})", NO_TORCH)
    try:
        obj = torch.load(src, map_location="cpu", weights_only=True)
    except Exception as e:  # torch raises many kinds for a bad file: all mean "not readable"
        why = f"{type(e).__name__}: {e}"
        hint = ""
        if "weights_only" in str(e) or "Unpickl" in type(e).__name__:
            hint = " (dlc reads state dicts only: torch.save(model.state_dict(), path); a pickled whole model would run code from the file when loaded)"
        fail(f"torch.load cannot read it as a PyTorch file ({why[:300]}){hint}")
    state, wrapper = find_state_dict(obj, torch)
    if wrapper is not None:
        print(f"note: took the state dict under the key '{wrapper}'")
    tensors = {}
    for name, t in state.items():
        dtype, data = tensor_bytes(name, t, torch)
        tensors[name] = (dtype, list(t.shape), data)
    write_safetensors(out, tensors)


if __name__ == "__main__":
    main()
