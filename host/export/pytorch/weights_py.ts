// The Python that reads and writes dlc checkpoints in the exported file:
// safetensors with json, struct and torch only (Debian's python3-torch has
// no `safetensors` module; with it installed, safetensors.torch.load_file
// reads the same files). load_weights leaves out what a dlc checkpoint
// holds besides the network's tensors (the optimizer's "optimizer/…"
// entries) and PyTorch's num_batches_tracked counters; save_weights writes
// the state_dict as float32 under the same names, which `dlc eval
// --weights` and `dlc train --resume` read.

export const WEIGHTS_PY = `# ---------------------------------------------------------------- weights

_DTYPES = {"F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
           "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8, "U8": torch.uint8, "BOOL": torch.bool}


def load_safetensors(path):
    """The tensors of a safetensors file, by name (as safetensors.torch.load_file gives them)."""
    assert sys.byteorder == "little", "safetensors files are little-endian"
    data = bytearray(os.path.getsize(path))
    with open(path, "rb") as f:
        f.readinto(data)
    (size,) = struct.unpack_from("<Q", data, 0)
    header = json.loads(bytes(data[8:8 + size]).decode("utf-8"))
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        start, end = entry["data_offsets"]
        dtype = _DTYPES[entry["dtype"]]
        count = (end - start) // torch.tensor([], dtype=dtype).element_size()
        # Views of the one buffer the file was read into: no copy per tensor.
        flat = torch.frombuffer(data, dtype=dtype, count=count, offset=8 + size + start) if count else torch.empty(0, dtype=dtype)
        tensors[name] = flat.reshape(entry["shape"])
    return tensors


def load_weights(model, path):
    """Loads a dlc checkpoint (or any safetensors state dict of this network) into model, strictly by name."""
    state = {k: v for k, v in load_safetensors(path).items()
             if not k.startswith("optimizer/") and not k.endswith(".num_batches_tracked")}
    _unwrapped(model).load_state_dict(state, strict=True)
    return model


def save_weights(model, path):
    """Writes model's state_dict as a dlc checkpoint (float32 safetensors) that dlc eval and dlc run read.
    The file is written whole to a temporary name, then renamed over path."""
    tensors = {k: v.detach().to("cpu", torch.float32).contiguous() for k, v in _unwrapped(model).state_dict().items()}
    header, offset = {"__metadata__": {"format": "pt"}}, 0
    for name, t in tensors.items():
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + 4 * t.numel()]}
        offset += 4 * t.numel()
    head = json.dumps(header, separators=(",", ":")).encode("utf-8")
    head += b" " * (-len(head) % 8)
    tmp = "%s.tmp-%d" % (path, os.getpid())
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(head)) + head)
        for t in tensors.values():
            f.write(t.numpy().tobytes())
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)`;
