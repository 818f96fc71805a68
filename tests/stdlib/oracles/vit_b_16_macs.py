# Parameters and MACs of torchvision 0.14's vit_b_16 at [3, 224, 224], the
# figures tests/stdlib/vit.test.ts types in. Run with Debian's interpreter:
#   /usr/bin/python3 tests/stdlib/oracles/vit_b_16_macs.py
# Forward hooks count conv and linear modules as they run. For each
# nn.MultiheadAttention, whose projections run inside
# F.multi_head_attention_forward (so Linear hooks never see them), the hook
# adds the q/k/v input projection, the output projection and the two
# per-head matmuls from the output's shape ([N, T, D], batch first).
import torch
import torchvision

model = torchvision.models.vit_b_16().eval()
print("params", sum(p.numel() for p in model.parameters()))
macs = {"conv": 0, "linear": 0, "attention projections": 0, "attention matmuls": 0}


def conv_hook(mod, inputs, out):
    k = mod.kernel_size[0] * mod.kernel_size[1]
    macs["conv"] += out.numel() * (mod.in_channels // mod.groups) * k


def linear_hook(mod, inputs, out):
    macs["linear"] += out.numel() * mod.in_features


def attention_hook(mod, inputs, out):
    n, t, d = out[0].shape
    macs["attention projections"] += n * t * d * 3 * d + n * t * d * d
    macs["attention matmuls"] += 2 * n * mod.num_heads * t * t * (d // mod.num_heads)


for mod in model.modules():
    if isinstance(mod, torch.nn.Conv2d):
        mod.register_forward_hook(conv_hook)
    elif isinstance(mod, torch.nn.MultiheadAttention):
        mod.register_forward_hook(attention_hook)
    elif isinstance(mod, torch.nn.Linear):
        # out_proj is a Linear subclass but runs functionally: counted above.
        mod.register_forward_hook(linear_hook)

with torch.no_grad():
    model(torch.zeros(1, 3, 224, 224))
print(macs, "total", sum(macs.values()))
