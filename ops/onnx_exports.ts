// Every forward op's ONNX form (ops/<name>/onnx.ts), by op name, for
// `dlc export --to onnx` (host/export/onnx/). Adding a forward op adds its
// onnx.ts and one line here; tests/host/export/onnx/coverage.test.ts fails
// naming any forward op of the registry that has none.

import type { OnnxExport } from "./onnx_export.js";
import { onnx as adaptiveAvgpool } from "./adaptive_avgpool/onnx.js";
import { onnx as add } from "./add/onnx.js";
import { onnx as affine } from "./affine/onnx.js";
import { onnx as avgpool } from "./avgpool/onnx.js";
import { onnx as bn } from "./bn/onnx.js";
import { onnx as concat } from "./concat/onnx.js";
import { onnx as conv } from "./conv/onnx.js";
import { onnx as convTranspose } from "./conv_transpose/onnx.js";
import { onnx as dense } from "./dense/onnx.js";
import { onnx as dropout } from "./dropout/onnx.js";
import { onnx as elu } from "./elu/onnx.js";
import { onnx as embedding } from "./embedding/onnx.js";
import { onnx as flatten } from "./flatten/onnx.js";
import { onnx as gap } from "./gap/onnx.js";
import { onnx as gelu } from "./gelu/onnx.js";
import { onnx as gmp } from "./gmp/onnx.js";
import { onnx as hardsigmoid } from "./hardsigmoid/onnx.js";
import { onnx as hardswish } from "./hardswish/onnx.js";
import { onnx as input } from "./input/onnx.js";
import { onnx as layernorm } from "./layernorm/onnx.js";
import { onnx as leakyRelu } from "./leaky_relu/onnx.js";
import { onnx as lrn } from "./lrn/onnx.js";
import { onnx as matmul } from "./matmul/onnx.js";
import { onnx as maxpool } from "./maxpool/onnx.js";
import { onnx as mean } from "./mean/onnx.js";
import { onnx as mish } from "./mish/onnx.js";
import { onnx as mul } from "./mul/onnx.js";
import { onnx as pad } from "./pad/onnx.js";
import { onnx as param } from "./param/onnx.js";
import { onnx as permute } from "./permute/onnx.js";
import { onnx as prelu } from "./prelu/onnx.js";
import { onnx as relu } from "./relu/onnx.js";
import { onnx as relu6 } from "./relu6/onnx.js";
import { onnx as reshape } from "./reshape/onnx.js";
import { onnx as scale } from "./scale/onnx.js";
import { onnx as select } from "./select/onnx.js";
import { onnx as shuffle } from "./shuffle/onnx.js";
import { onnx as sigmoid } from "./sigmoid/onnx.js";
import { onnx as silu } from "./silu/onnx.js";
import { onnx as slice } from "./slice/onnx.js";
import { onnx as softmax } from "./softmax/onnx.js";
import { onnx as softplus } from "./softplus/onnx.js";
import { onnx as stopGradient } from "./stop_gradient/onnx.js";
import { onnx as sub } from "./sub/onnx.js";
import { onnx as tanh } from "./tanh/onnx.js";
import { onnx as transpose } from "./transpose/onnx.js";
import { onnx as upsample } from "./upsample/onnx.js";

/** The ONNX export of each forward op, by the op's name (not its aliases). */
export const onnxExports: ReadonlyMap<string, OnnxExport> = new Map<string, OnnxExport>([
  ["adaptive_avgpool", adaptiveAvgpool],
  ["add", add],
  ["affine", affine],
  ["avgpool", avgpool],
  ["bn", bn],
  ["concat", concat],
  ["conv", conv],
  ["conv_transpose", convTranspose],
  ["dense", dense],
  ["dropout", dropout],
  ["elu", elu],
  ["embedding", embedding],
  ["flatten", flatten],
  ["gap", gap],
  ["gelu", gelu],
  ["gmp", gmp],
  ["hardsigmoid", hardsigmoid],
  ["hardswish", hardswish],
  ["input", input],
  ["layernorm", layernorm],
  ["leaky_relu", leakyRelu],
  ["lrn", lrn],
  ["matmul", matmul],
  ["maxpool", maxpool],
  ["mean", mean],
  ["mish", mish],
  ["mul", mul],
  ["pad", pad],
  ["param", param],
  ["permute", permute],
  ["prelu", prelu],
  ["relu", relu],
  ["relu6", relu6],
  ["reshape", reshape],
  ["scale", scale],
  ["select", select],
  ["shuffle", shuffle],
  ["sigmoid", sigmoid],
  ["silu", silu],
  ["slice", slice],
  ["softmax", softmax],
  ["softplus", softplus],
  ["stop_gradient", stopGradient],
  ["sub", sub],
  ["tanh", tanh],
  ["transpose", transpose],
  ["upsample", upsample],
]);
