// Lowerings of the spatial family: pooling, upsampling, normalisation and
// the per-channel ops, forward and backward. Scatters (maxpool_grad,
// avgpool_grad, upsample_grad, …) are written as gathers; sums over the
// batch (unbatched outputs) use a workgroup per output (../reduce.ts).
import type { KernelModule } from "../../../ops/lowering.js";
import * as adaptive_avgpool from "../../../ops/adaptive_avgpool/kernel.js";
import * as adaptive_avgpool_grad from "../../../ops/adaptive_avgpool_grad/kernel.js";
import * as avgpool from "../../../ops/avgpool/kernel.js";
import * as avgpool_grad from "../../../ops/avgpool_grad/kernel.js";
import * as bn from "../../../ops/bn/kernel.js";
import * as col2im from "../../../ops/col2im/kernel.js";
import * as bn_grad_input from "../../../ops/bn_grad_input/kernel.js";
import * as bn_grad_weight from "../../../ops/bn_grad_weight/kernel.js";
import * as channel_scale from "../../../ops/channel_scale/kernel.js";
import * as gap from "../../../ops/gap/kernel.js";
import * as gap_grad from "../../../ops/gap_grad/kernel.js";
import * as gmp from "../../../ops/gmp/kernel.js";
import * as gmp_grad from "../../../ops/gmp_grad/kernel.js";
import * as lrn from "../../../ops/lrn/kernel.js";
import * as lrn_grad from "../../../ops/lrn_grad/kernel.js";
import * as maxpool from "../../../ops/maxpool/kernel.js";
import * as maxpool_grad from "../../../ops/maxpool_grad/kernel.js";
import * as reduce_axis from "../../../ops/reduce_axis/kernel.js";
import * as scale from "../../../ops/scale/kernel.js";
import * as scale_grad_weight from "../../../ops/scale_grad_weight/kernel.js";
import * as upsample from "../../../ops/upsample/kernel.js";
import * as upsample_grad from "../../../ops/upsample_grad/kernel.js";

export const spatialLowerings: Readonly<Record<string, KernelModule>> = {
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
