// Small networks that together use every forward op, each with the
// attributes that change its ONNX form: the ONNX agreement tests run them
// (ops.test.ts) and the official checker reads their models (checker.test.ts).

/** [what, network body]: each a network of its own, run at batch 3. */
export const NETS: [string, string][] = [
  ["conv: odd 'same' padding, stride, dilation, groups, no bias", `input x: [4, 9, 7]
output y = x |> conv(6, k=3, s=2, p="same") |> conv(6, k=3, d=2, groups=2, p=2, bias=false) |> conv(2, k=[1, 3])`],
  ["conv with a connection table", `input x: [3, 8, 8]
output y = x |> conv(4, k=3, table=[[0], [1, 2], [0, 2], [0, 1, 2]])`],
  ["conv_transpose: stride, padding, output_padding, groups", `input x: [4, 5, 6]
output y = x |> conv_transpose(6, k=3, s=2, p=1, output_padding=1, groups=2) |> conv_transpose(3, k=2, d=2, bias=false)`],
  ["upsample nearest and bilinear", `input x: [2, 4, 5]
output a = x |> upsample([2, 3])
output b = x |> upsample(2, mode="bilinear")`],
  ["pad: zeros, reflect, replicate", `input x: [2, 5, 6]
output y = x |> pad([1, 0, 2, 1]) |> pad([2, 1, 0, 3], mode="reflect") |> pad(2, mode="replicate")`],
  ["maxpool: ceil mode, padding, dilation", `input x: [3, 10, 9]
output a = x |> maxpool(k=3, s=2, p=1, ceil=true)
output b = x |> maxpool(k=2, d=2)
output c = x |> maxpool(k=3, s=2, ceil=true)`],
  ["avgpool: ceil mode, counted and uncounted padding", `input x: [3, 10, 9]
output a = x |> avgpool(k=3, s=2, p=1, ceil=true)
output b = x |> avgpool(k=3, s=2, p=1, ceil=true, count_include_pad=false)
output c = x |> avgpool(k=2)
output d = x |> avgpool(k=3, s=2, ceil=true)`],
  ["adaptive_avgpool: uneven and even windows, gap, gmp", `input x: [3, 7, 5]
output a = x |> adaptive_avgpool([3, 2])
output b = x |> pad([0, 1, 0, 1]) |> adaptive_avgpool([4, 3])
output c = x |> gap
output d = x |> gmp`],
  ["dense on features and on tokens; flatten, reshape", `input x: [2, 3, 4]
input v: [5]
output a = x |> flatten |> dense(7)
output b = x |> reshape([6, 4]) |> dense(3, bias=false)
output c = v |> dense(2) |> reshape([-1, 1])`],
  ["bn, layernorm with and without affine parameters", `input x: [3, 4, 4]
input v: [6]
output a = x |> bn |> bn(affine=false, eps=1e-3)
output b = x |> layernorm |> layernorm(affine=false, eps=1e-6)
output c = v |> bn |> layernorm`],
  ["lrn with an odd and an even window; dropout", `input x: [7, 3, 3]
output a = x |> lrn(size=5, alpha=0.01, beta=0.75, k=2)
output b = x |> lrn(size=4, alpha=0.02, beta=0.6, k=1.5) |> dropout(0.5)`],
  ["activations", `input x: [4, 3, 3]
output a = x |> relu |> leaky_relu(alpha=0.1) |> elu(alpha=0.7)
output b = x |> prelu
output c = x |> prelu(per_channel=true)
output d = x |> sigmoid
output e = x |> tanh
output f = x |> softplus
output g = x |> silu
output h = x |> mish
output i = x |> gelu
output j = x |> gelu(approximate="tanh")
output k = (x * 4) |> relu6
output l = (x * 4) |> hardsigmoid
output m = (x * 4) |> hardswish`],
  ["softmax on channels and on the last axis", `input x: [4, 3, 5]
output a = x |> softmax
output b = x |> softmax(axis=-1)`],
  ["add of three, sub, mul broadcast from the leading axis, scalar arithmetic", `input x: [3, 4, 4]
input v: [3]
output a = add(x, x |> relu, x |> tanh)
output b = x - (x |> sigmoid)
output c = x * (v |> sigmoid)
output d = -(x * 0.5 + 3) / 6
output e = 3 - x`],
  ["concat, slice, shuffle, permute, transpose, scale, stop_gradient", `input x: [4, 3, 5]
output a = concat(x, x |> relu) |> slice(2, 7) |> shuffle(5)
output b = x |> permute([2, 0, 1]) |> transpose(0, 2)
output c = x |> scale |> scale(bias=false) |> stop_gradient
output d = concat(x, x |> tanh, axis=2) |> slice(1, 3, axis=1)`],
  ["matmul with transposed operands, mean, select", `input x: [2, 3, 4]
input y: [2, 4, 3]
output a = matmul(x, y)
output b = matmul(x, x, transpose_b=true)
output c = matmul(y, y, transpose_a=true)
output d = x |> mean(axis=1, keepdim=true) |> select(0, -1) |> mean(-1)
output e = x |> select(axis=2, index=1)`],
  ["param and embedding", `input ids: i32[5]
input t: [2, 4]
tokens = ids |> embedding(6, 4)
cls = param([1, 4])
pos = param([3, 4], init="normal", std=0.02)
output a = concat(cls, t) + pos
output b = tokens |> dense(2)`],
];

