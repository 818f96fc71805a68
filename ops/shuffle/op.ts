// Channel shuffle (ShuffleNet): views channels as [groups, C/groups],
// transposes to [C/groups, groups] and flattens back. A permutation of
// channels only: no arithmetic, and pixels stay where they are.

import { fmt, intAttr, noParams, OpError, pointwise, type OpDef } from "../contract.js";

export const shuffle: OpDef = {
  name: "shuffle",
  aliases: ["channel_shuffle"],
  doc: "Interleaves the channels (axis 0) of `groups` groups.",
  arity: 1,
  batched: "always",
  attrs: {
    groups: { type: "int", min: 1, doc: "number of channel groups" },
  },
  inferShape(ctx) {
    const x = ctx.inputs[0]!;
    const groups = intAttr(ctx.attrs, "groups");
    if (x.length === 0) throw new OpError(`input has shape ${fmt(x)}, but a channel shuffle needs a channel axis`, "an input of rank ≥ 1");
    if (x[0]! % groups !== 0) throw new OpError(`input ${fmt(x)} has ${x[0]} channels, groups=${groups} does not divide them`, `groups dividing ${x[0]}`);
    return x;
  },
  params: noParams,
  cost: () => ({ macs: 0, flops: 0 }),
  spatial: () => pointwise,
  // Shuffling with C/g groups undoes shuffling with g groups.
  grad: (g) => ({ inputs: [g.emit("shuffle", [g.dy], { groups: g.inputs[0]![0]! / (g.attrs.groups as number) })] }),
};
