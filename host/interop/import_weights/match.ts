// Which source tensor becomes which dlc parameter.
//
// 1. --map pairs come first, as the user wrote them.
// 2. Skipped: PyTorch's batchnorm step counters (NAME.num_batches_tracked,
//    scalars dlc's batchnorm does not use), a dlc checkpoint's optimizer
//    state ("optimizer/…"), and tensors the map sends to "-".
// 3. The rest match by name when at least half of the network's remaining
//    parameters are found under their own names (the names dlc writes and
//    `dlc export` uses); a name then missing or extra is reported as such.
// 4. Otherwise they match by order (foreign names, such as torchvision's
//    "layer1.0.conv1.weight"): dlc's parameters in graph order, grouped by
//    layer, against the source's tensors in the source's order, grouped by
//    module (the name up to its last dot). A state dict lists its tensors in
//    module registration order, which for a network written layer by layer
//    is the graph's order. Group i pairs with layer i, tensor by tensor by
//    the last name part (weight, bias, running_mean, running_var) or, where
//    those differ, by position; every shape must be equal. The first group
//    that does not fit stops the walk: everything after it would be shifted.
//    Names with no dots at all ("conv1_W", "onnx::Conv_15") say nothing of
//    modules: such tensors are cut into groups of the layers' sizes.
//
// Nothing is returned unless every parameter has exactly one tensor of its
// shape and no tensor is left over; otherwise one ImportError lists the
// problems (the first 20), each with where it is and what was expected.

import type { Graph, ParamInfo } from "../../../core/ir/graph.js";
import { quoted } from "../../../core/diagnostics/printable.js";
import { ImportError, type SourceTensor, type WeightSource } from "./source.js";
import type { NameMap } from "./map_file.js";

export type MatchHow = "name" | "order" | "map";

export interface Pair {
  readonly source: SourceTensor;
  readonly param: ParamInfo;
  readonly how: MatchHow;
}

export type SkipReason = "num_batches_tracked" | "optimizer state" | "--map";

export interface Skipped {
  readonly source: SourceTensor;
  readonly why: SkipReason;
}

export interface Matching {
  /** One per parameter of the graph, in the graph's order. */
  readonly pairs: readonly Pair[];
  readonly skipped: readonly Skipped[];
  /** How the tensors the map left were matched ("map" when it left none). */
  readonly mode: MatchHow;
}

export type MatchGraph = Pick<Graph, "name" | "params">;

const MAX_LISTED = 20;
const NUM_BATCHES_TRACKED = "num_batches_tracked";
const OPTIMIZER_PREFIX = "optimizer/";

const fmt = (shape: readonly number[]) => `[${shape.join(", ")}]`;
const q = (name: string) => `'${quoted(name)}'`;
const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

function isNumBatchesTracked(t: SourceTensor): boolean {
  return (t.name === NUM_BATCHES_TRACKED || t.name.endsWith(`.${NUM_BATCHES_TRACKED}`)) && t.data.length <= 1;
}

/** Why `t` cannot be `p`, or undefined when it can. */
function misfit(t: SourceTensor, p: ParamInfo): string | undefined {
  if (t.dtype === "I64") return `tensor ${q(t.name)} holds integers (I64), but ${q(p.name)} is floating point`;
  if (!sameShape(t.shape, p.shape)) return `tensor ${q(t.name)} is ${fmt(t.shape)}, but ${q(p.name)} must be ${fmt(p.shape)}`;
  return undefined;
}

// ---------------------------------------------------------------- groups

interface Member<T> {
  readonly suffix: string;
  readonly item: T;
}

interface Group<T> {
  readonly key: string;
  readonly members: readonly Member<T>[];
}

/** Consecutive runs of items with the same key. */
function runs<T>(items: readonly T[], split: (t: T) => { key: string; suffix: string }): Group<T>[] {
  const groups: { key: string; members: Member<T>[] }[] = [];
  for (const item of items) {
    const { key, suffix } = split(item);
    const last = groups[groups.length - 1];
    if (last && last.key === key) last.members.push({ suffix, item });
    else groups.push({ key, members: [{ suffix, item }] });
  }
  return groups;
}

/** A parameter's layer (the node that owns it) and its name within the layer. */
function paramPart(p: ParamInfo): { key: string; suffix: string } {
  if (p.name.startsWith(`${p.owner}.`)) return { key: p.owner, suffix: p.name.slice(p.owner.length + 1) };
  const dot = p.name.lastIndexOf(".");
  return { key: p.owner, suffix: p.name.slice(dot + 1) };
}

/** A source tensor's module (its name up to the last dot) and its last name part. */
function sourcePart(t: SourceTensor): { key: string; suffix: string } {
  const dot = t.name.lastIndexOf(".");
  return dot < 0 ? { key: "", suffix: t.name } : { key: t.name.slice(0, dot), suffix: t.name.slice(dot + 1) };
}

const paramList = (g: Group<ParamInfo>) => g.members.map((m) => `${m.suffix} ${fmt(m.item.shape)}`).join(", ");
const sourceList = (g: Group<SourceTensor>) => g.members.map((m) => `${m.suffix} ${fmt(m.item.shape)}`).join(", ");
const groupName = (g: Group<SourceTensor>) => (g.key === "" ? q(g.members[0]!.item.name) : q(g.key));

/** The pairs of one layer and one source group, or undefined when they do not correspond. */
function pairGroup(layer: Group<ParamInfo>, group: Group<SourceTensor>): [ParamInfo, SourceTensor][] | undefined {
  if (layer.members.length !== group.members.length) return undefined;
  const bySuffix = new Map(group.members.map((m) => [m.suffix, m.item]));
  const layerSuffixes = new Set(layer.members.map((m) => m.suffix));
  const sameParts = bySuffix.size === group.members.length && layerSuffixes.size === layer.members.length && layer.members.every((m) => bySuffix.has(m.suffix));
  return layer.members.map((m, i) => [m.item, sameParts ? bySuffix.get(m.suffix)! : group.members[i]!.item]);
}

/** What differs between a layer and a group whose sizes differ, in names where they share a naming. */
function groupDifference(layer: Group<ParamInfo>, group: Group<SourceTensor>): string {
  const mine = layer.members.map((m) => m.suffix);
  const theirs = group.members.map((m) => m.suffix);
  const missing = mine.filter((s) => !theirs.includes(s));
  const extra = theirs.filter((s) => !mine.includes(s));
  if (missing.length > 0 && extra.length === 0) return `: the source has no ${missing.join(", ")} there`;
  if (extra.length > 0 && missing.length === 0) {
    const hint = extra.includes("bias") ? " (is the layer declared bias=false in the .net file?)" : "";
    return `: the network's layer has no ${extra.join(", ")}${hint}`;
  }
  return "";
}

/**
 * The source's tensors cut into consecutive groups of the layers' sizes,
 * for names with no module structure to group by ("conv1_W",
 * "onnx::Conv_15"); the shapes are still checked one by one.
 */
function chunks(tensors: readonly SourceTensor[], sizes: readonly number[]): Group<SourceTensor>[] {
  const groups: Group<SourceTensor>[] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= tensors.length) break;
    const part = tensors.slice(at, at + size);
    groups.push({ key: part[0]!.name, members: part.map((t) => ({ suffix: t.name, item: t })) });
    at += size;
  }
  return groups;
}

function matchByOrder(params: readonly ParamInfo[], tensors: readonly SourceTensor[], path: string, problems: string[]): Pair[] {
  const layers = runs(params, paramPart);
  const structured = tensors.some((t) => t.name.includes("."));
  const groups = structured ? runs(tensors, sourcePart) : chunks(tensors, layers.map((l) => l.members.length));
  const pairs: Pair[] = [];
  const n = Math.min(layers.length, groups.length);
  for (let i = 0; i < n; i++) {
    const layer = layers[i]!;
    const group = groups[i]!;
    const matched = pairGroup(layer, group);
    if (!matched) {
      problems.push(
        `by order, layer ${i + 1} of ${layers.length}: the network's ${q(layer.key)} has ${paramList(layer)}, but ${path}'s group ${i + 1} ${groupName(group)} has ${sourceList(group)}${groupDifference(layer, group)}. ` +
          `A tensor is missing or extra at or before this point, or the models differ; matching stops here`,
      );
      return pairs;
    }
    for (const [p, t] of matched) {
      const bad = misfit(t, p);
      if (bad) problems.push(`by order, layer ${q(layer.key)} ← group ${groupName(group)}: ${bad}`);
      else pairs.push({ source: t, param: p, how: "order" });
    }
  }
  const counts = `the network has ${params.length} tensors in ${layers.length} layers, ${path} ${tensors.length} in ${groups.length} groups`;
  const grouped = groups.reduce((k, g) => k + g.members.length, 0);
  if (grouped < tensors.length) {
    // Only when cut into chunks: the layers are used up before the tensors.
    const rest = tensors.slice(grouped).map((t) => `${q(t.name)} ${fmt(t.shape)}`);
    problems.push(listed(`the network has ${params.length} tensors, ${path} ${tensors.length}: extra tensors the network has no place for`, rest));
  } else if (layers.length > groups.length) {
    const rest = layers.slice(groups.length).flatMap((l) => l.members.map((m) => `${q(m.item.name)} ${fmt(m.item.shape)}`));
    problems.push(listed(`${counts}; missing`, rest));
  } else if (groups.length > layers.length) {
    const rest = groups.slice(layers.length).flatMap((g) => g.members.map((m) => `${q(m.item.name)} ${fmt(m.item.shape)}`));
    problems.push(listed(`${counts}: extra tensors the network has no place for`, rest));
  }
  return pairs;
}

function matchByName(params: readonly ParamInfo[], tensors: readonly SourceTensor[], path: string, problems: string[]): Pair[] {
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const pairs: Pair[] = [];
  const missing: string[] = [];
  const used = new Set<string>();
  for (const p of params) {
    const t = byName.get(p.name);
    if (!t) {
      missing.push(`${q(p.name)} ${fmt(p.shape)} (layer ${q(p.owner)})`);
      continue;
    }
    used.add(t.name);
    const bad = misfit(t, p);
    if (bad) problems.push(bad);
    else pairs.push({ source: t, param: p, how: "name" });
  }
  if (missing.length > 0) problems.push(listed(`missing from ${path}`, missing));
  const extra = tensors.filter((t) => !used.has(t.name)).map((t) => `${q(t.name)} ${fmt(t.shape)}`);
  if (extra.length > 0) problems.push(listed(`tensors in ${path} the network has no parameter for`, extra));
  return pairs;
}

function listed(what: string, items: readonly string[]): string {
  const shown = items.slice(0, MAX_LISTED).join(", ");
  return `${what}: ${shown}${items.length > MAX_LISTED ? ` and ${items.length - MAX_LISTED} more` : ""}`;
}

/** Advice for a known way a file comes to not fit, or "". */
function hint(source: WeightSource, graph: MatchGraph): string {
  const hasBatchnorm = [...graph.params.keys()].some((n) => n.endsWith(".running_var"));
  if (source.format === "onnx" && hasBatchnorm && !source.tensors.some((t) => t.name.endsWith("running_var"))) {
    return (
      `\n  The model has no batchnorm statistics: its exporter folded batchnorm into the convolutions (torch.onnx.export does in eval mode). ` +
      `Export with training=torch.onnx.TrainingMode.TRAINING, or import the PyTorch state dict instead`
    );
  }
  return "";
}

function importFailed(source: WeightSource, graph: MatchGraph, problems: readonly string[]): ImportError {
  const shown = problems.slice(0, MAX_LISTED).map((p) => `  - ${p}`);
  const more = problems.length > MAX_LISTED ? `\n  … and ${problems.length - MAX_LISTED} more problems` : "";
  return new ImportError(`${source.path}: the weights do not fit network '${graph.name}' (nothing written):\n${shown.join("\n")}${more}${hint(source, graph)}`);
}

/** Pairs every parameter of `graph` with one tensor of `source`, or throws an ImportError listing what does not fit. */
export function matchTensors(graph: MatchGraph, source: WeightSource, map: NameMap = new Map()): Matching {
  const problems: string[] = [];
  const skipped: Skipped[] = [];
  const mapped: Pair[] = [];
  const rest: SourceTensor[] = [];
  const taken = new Set<string>();
  const names = new Set(source.tensors.map((t) => t.name));
  for (const from of map.keys()) if (!names.has(from)) problems.push(`--map names source tensor ${q(from)}, which ${source.path} does not have`);

  for (const t of source.tensors) {
    if (map.has(t.name)) {
      const to = map.get(t.name)!;
      if (to === null) {
        skipped.push({ source: t, why: "--map" });
        continue;
      }
      const p = graph.params.get(to);
      if (!p) {
        problems.push(`--map sends ${q(t.name)} to ${q(to)}, which is not a parameter of network '${graph.name}'`);
        continue;
      }
      taken.add(p.name);
      const bad = misfit(t, p);
      if (bad) problems.push(`--map: ${bad}`);
      else mapped.push({ source: t, param: p, how: "map" });
    } else if (source.isDlcCheckpoint && t.name.startsWith(OPTIMIZER_PREFIX)) skipped.push({ source: t, why: "optimizer state" });
    else if (isNumBatchesTracked(t)) skipped.push({ source: t, why: "num_batches_tracked" });
    else rest.push(t);
  }

  const left = [...graph.params.values()].filter((p) => !taken.has(p.name));
  const restNames = new Set(rest.map((t) => t.name));
  const found = left.filter((p) => restNames.has(p.name)).length;
  const mode: MatchHow = left.length === 0 ? "map" : found > 0 && 2 * found >= left.length ? "name" : "order";
  let matched: Pair[] = [];
  if (mode === "map") {
    if (rest.length > 0) problems.push(listed(`tensors in ${source.path} the network has no parameter for (--map gave every parameter one)`, rest.map((t) => `${q(t.name)} ${fmt(t.shape)}`)));
  } else if (mode === "name") {
    matched = matchByName(left, rest, source.path, problems);
  } else if (source.unorderedBecause !== undefined) {
    problems.push(
      `the tensors' names are not the network's, so they must match by order, but ${source.path} does not give the order: ${source.unorderedBecause}. ` +
        `Save the state dict with its order (metadata={"state_dict_order": json.dumps(list(state_dict))}), or as a .pt file (torch.save), or give every name with --map`,
    );
  } else {
    matched = matchByOrder(left, rest, source.path, problems);
  }
  if (problems.length > 0) throw importFailed(source, graph, problems);

  const index = new Map([...graph.params.keys()].map((name, i) => [name, i]));
  const pairs = [...mapped, ...matched].sort((a, b) => index.get(a.param.name)! - index.get(b.param.name)!);
  return { pairs, skipped, mode };
}
