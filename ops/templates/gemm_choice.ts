// Which GEMM template computes a problem, and with what tile: the choice the
// autotuner (host/tune/) measures per device and the lowering context
// carries (ops/lowering.ts). Types only, and describeChoice for messages;
// it imports nothing, so that the lowering contract and the templates can
// both name a choice without importing each other.

/** The direct template's shape (gemm_direct.ts). */
export interface DirectShape {
  /** Register tile per invocation. */
  readonly rm: number;
  readonly rn: number;
  /** Invocations per workgroup along n and m. */
  readonly wx: number;
  readonly wy: number;
}

/** The subgroup template's shape (gemm_subgroup.ts). */
export interface SubgroupShape {
  /** The operand the lanes share: A (the workgroup owns RM rows, its lanes go along n) or B (RN columns, lanes along m). */
  readonly share: "a" | "b";
  /** Register tile per invocation. */
  readonly rm: number;
  readonly rn: number;
  /** Invocations per workgroup, all along n (share "a") or m (share "b"). */
  readonly lanes: number;
}

/**
 * How one GEMM is computed: the tiled template (register tiles of 8 × 8, or
 * 4 × 4), the direct one (gemm_direct.ts) or the subgroup one
 * (gemm_subgroup.ts, only on devices with the `subgroups` feature). The
 * default is tiled 8 × 8; a device's measured choice (host/tune/)
 * replaces it per problem.
 */
export type GemmChoice =
  | { readonly kind: "tiled"; readonly reg: 4 | 8 }
  | { readonly kind: "direct"; readonly shape: DirectShape }
  | { readonly kind: "subgroup"; readonly shape: SubgroupShape };

/** The device's choice for a GEMM, by its key and the node it computes (the autotuner records which is which). */
export type GemmChooser = (key: string, node: string) => GemmChoice | undefined;

export function describeChoice(c: GemmChoice): string {
  if (c.kind === "tiled") return `tiled ${c.reg}x${c.reg}`;
  if (c.kind === "direct") return `direct ${c.shape.rm}x${c.shape.rn} wg ${c.shape.wy}x${c.shape.wx}`;
  return `subgroup share ${c.shape.share.toUpperCase()} ${c.shape.rm}x${c.shape.rn} wg ${c.shape.lanes}`;
}
