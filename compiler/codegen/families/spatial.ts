// Lowerings of the spatial family: pooling, upsampling, normalisation and
// the per-channel ops, forward and backward. Scatters (maxpool_grad,
// avgpool_grad, upsample_grad, …) are written as gathers; sums over the
// batch (unbatched outputs) use a workgroup per output (../reduce.ts).
import type { Lowering } from "../contract.js";
import { lower as adaptive_avgpool } from "../kernels/adaptive_avgpool.js";
import { lower as adaptive_avgpool_grad } from "../kernels/adaptive_avgpool_grad.js";
import { lower as avgpool } from "../kernels/avgpool.js";
import { lower as avgpool_grad } from "../kernels/avgpool_grad.js";
import { lower as bn } from "../kernels/bn.js";
import { lower as col2im } from "../kernels/col2im.js";
import { lower as bn_grad_input } from "../kernels/bn_grad_input.js";
import { lower as bn_grad_weight } from "../kernels/bn_grad_weight.js";
import { lower as channel_scale } from "../kernels/channel_scale.js";
import { lower as gap } from "../kernels/gap.js";
import { lower as gap_grad } from "../kernels/gap_grad.js";
import { lower as gmp } from "../kernels/gmp.js";
import { lower as gmp_grad } from "../kernels/gmp_grad.js";
import { lower as lrn } from "../kernels/lrn.js";
import { lower as lrn_grad } from "../kernels/lrn_grad.js";
import { lower as maxpool } from "../kernels/maxpool.js";
import { lower as maxpool_grad } from "../kernels/maxpool_grad.js";
import { lower as reduce_axis } from "../kernels/reduce_axis.js";
import { lower as scale } from "../kernels/scale.js";
import { lower as scale_grad_weight } from "../kernels/scale_grad_weight.js";
import { lower as upsample } from "../kernels/upsample.js";
import { lower as upsample_grad } from "../kernels/upsample_grad.js";

export const spatialLowerings: Readonly<Record<string, Lowering>> = {
  maxpool,
  maxpool_grad,
  col2im,
  avgpool,
  avgpool_grad,
  adaptive_avgpool,
  adaptive_avgpool_grad,
  gap,
  gap_grad,
  gmp,
  gmp_grad,
  upsample,
  upsample_grad,
  lrn,
  lrn_grad,
  bn,
  bn_grad_input,
  bn_grad_weight,
  reduce_axis,
  scale,
  scale_grad_weight,
  channel_scale,
};
