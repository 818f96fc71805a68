// Lowerings of the spatial family: pooling, upsampling, normalisation and
// the per-channel ops, forward and backward. Scatters (maxpool_grad,
// avgpool_grad, upsample_grad, …) are written as gathers; sums over the
// batch (unbatched outputs) use a workgroup per output (../reduce.ts).
import type { Lowering } from "../../../ops/lowering.js";
import { lower as adaptive_avgpool } from "../../../ops/adaptive_avgpool/kernel.js";
import { lower as adaptive_avgpool_grad } from "../../../ops/adaptive_avgpool_grad/kernel.js";
import { lower as avgpool } from "../../../ops/avgpool/kernel.js";
import { lower as avgpool_grad } from "../../../ops/avgpool_grad/kernel.js";
import { lower as bn } from "../../../ops/bn/kernel.js";
import { lower as col2im } from "../../../ops/col2im/kernel.js";
import { lower as bn_grad_input } from "../../../ops/bn_grad_input/kernel.js";
import { lower as bn_grad_weight } from "../../../ops/bn_grad_weight/kernel.js";
import { lower as channel_scale } from "../../../ops/channel_scale/kernel.js";
import { lower as gap } from "../../../ops/gap/kernel.js";
import { lower as gap_grad } from "../../../ops/gap_grad/kernel.js";
import { lower as gmp } from "../../../ops/gmp/kernel.js";
import { lower as gmp_grad } from "../../../ops/gmp_grad/kernel.js";
import { lower as lrn } from "../../../ops/lrn/kernel.js";
import { lower as lrn_grad } from "../../../ops/lrn_grad/kernel.js";
import { lower as maxpool } from "../../../ops/maxpool/kernel.js";
import { lower as maxpool_grad } from "../../../ops/maxpool_grad/kernel.js";
import { lower as reduce_axis } from "../../../ops/reduce_axis/kernel.js";
import { lower as scale } from "../../../ops/scale/kernel.js";
import { lower as scale_grad_weight } from "../../../ops/scale_grad_weight/kernel.js";
import { lower as upsample } from "../../../ops/upsample/kernel.js";
import { lower as upsample_grad } from "../../../ops/upsample_grad/kernel.js";

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
