# The exported modules against dlc's reference outputs, for the PyTorch
# export tests (tests/host/export/pytorch/): for each job, one JSON object
# per line on stdin (read as the test writes them, so that this process
# works while the test prepares the next case), build
# the module of job["py"], report its state_dict names and parameter count,
# load the weights with the file's own load_weights, run the inputs in eval
# mode (float32, as exported) and report, per output, the error relative to
# the float64 reference: max |got - want| / max |want|. One JSON line per job.
#
#   python3 parity.py < JOBS.jsonl

import importlib.util
import json
import sys
import traceback

import torch


def load_module(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(m):
    """m.Model() without PyTorch's random initialisation (the weights are loaded next, strictly: every tensor)."""
    names = ("kaiming_uniform_", "uniform_", "normal_", "trunc_normal_", "xavier_uniform_", "constant_", "ones_", "zeros_")
    saved = {name: getattr(torch.nn.init, name) for name in names}
    for name in names:
        setattr(torch.nn.init, name, lambda tensor, *args, **kwargs: tensor)
    try:
        return m.Model()
    finally:
        for name, f in saved.items():
            setattr(torch.nn.init, name, f)


def run(job):
    m = load_module(job["py"], "exported_" + job["name"])
    model = build(m)
    result = {"names": list(model.state_dict().keys()), "params": sum(p.numel() for p in model.parameters())}
    m.load_weights(model, job["weights"])
    model.eval()
    io = m.load_safetensors(job["io"])
    with torch.no_grad():
        out = model(*[io["input." + name] for name in job["inputs"]])
    outs = out if isinstance(out, dict) else {job["outputs"][0]: out}
    errors = {}
    for name in job["outputs"]:
        got, want = outs[name].double(), io["output." + name]
        if tuple(got.shape) != tuple(want.shape):
            errors[name] = "shape %s, expected %s" % (tuple(got.shape), tuple(want.shape))
            continue
        errors[name] = ((got - want).abs().max() / want.abs().max().clamp_min(1e-30)).item()
    result["errors"] = errors
    return result


def main():
    torch.manual_seed(0)
    for line in sys.stdin:
        job = json.loads(line)
        try:
            result = run(job)
        except Exception:
            result = {"error": traceback.format_exc()}
        result["name"] = job["name"]
        print(json.dumps(result), flush=True)


main()
