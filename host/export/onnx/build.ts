// A network's inference graph as an ONNX model (opset 17): each node of the
// forward graph written by its op's ONNX form (ops/<name>/onnx.ts, listed in
// ops/onnx_exports.ts), in the graph's topological order, with the
// parameters embedded as float32 initializers under dlc's names and shapes.
//
// Names in the model: the graph inputs are the network's inputs, the graph
// outputs its outputs (a node's value takes the name of the first output it
// is; another output of the same value is an Identity of it), every other
// value the node's dotted name, and a form's intermediates and constants
// that name with "/hint". A name taken twice gets "#2", "#3", ….
//
// The batch axis is first everywhere: fixed at N (`batch: N`), or a symbol
// "batch" that the runtime binds from the inputs (`batch: "dynamic"`).

import { elementCount, type Graph, type Node } from "../../../core/ir/graph.js";
import { lookupOp } from "../../../ops/registry.js";
import { onnxExports } from "../../../ops/onnx_exports.js";
import type { OnnxAttrValue, OnnxConstant, OnnxNames } from "../../../ops/onnx_export.js";
import { floatTensor, int64Tensor, OnnxAttributeType, OnnxDataType, type OnnxAttribute, type OnnxModel, type OnnxNode, type OnnxTensor, type OnnxValueInfo } from "../../onnx/proto.js";

/** The opset the forms are written for: LayerNormalization's first, and the last that python3-onnx 1.12's checker knows. */
export const ONNX_OPSET = 17;
/** The IR version that goes with opset 17 (ONNX 1.12). */
export const ONNX_IR_VERSION = 8;

export interface BuildOnnxOptions {
  /** A fixed batch size, or "dynamic" for a symbolic one. */
  readonly batch: number | "dynamic";
  /** dlc's version, recorded as the producer's. */
  readonly producerVersion?: string;
}

/** A parameter's values, row-major in its shape. */
export type ParamValues = ArrayLike<number>;

/** A graph the exporter cannot write; the message says which node and why. */
export class OnnxExportError extends Error {
  override name = "OnnxExportError";
}

function attribute(name: string, v: OnnxAttrValue): OnnxAttribute {
  if ("f" in v) return { name, type: OnnxAttributeType.FLOAT, f: v.f };
  if ("i" in v) return { name, type: OnnxAttributeType.INT, i: v.i };
  if ("s" in v) return { name, type: OnnxAttributeType.STRING, s: v.s };
  if ("floats" in v) return { name, type: OnnxAttributeType.FLOATS, floats: v.floats };
  return { name, type: OnnxAttributeType.INTS, ints: v.ints };
}

function constantTensor(c: OnnxConstant): OnnxTensor {
  if (c.values.length !== Math.max(elementCount(c.dims), 0)) throw new Error(`internal: ONNX constant '${c.name}' has ${c.values.length} values for dims [${c.dims.join(", ")}]`);
  return c.type === "float" ? floatTensor(c.name, c.dims, c.values) : int64Tensor(c.name, c.dims, c.values);
}

/** Unique value names: a name asked for twice gets "#2", "#3", …. */
class NameTable {
  private readonly taken = new Set<string>();
  claim(name: string): string {
    let unique = name;
    for (let k = 2; this.taken.has(unique); k++) unique = `${name}#${k}`;
    this.taken.add(unique);
    return unique;
  }
}

const ELEM: Readonly<Record<string, number>> = { f32: OnnxDataType.FLOAT, i32: OnnxDataType.INT32 };

/**
 * The ONNX model of `g`'s forward pass in inference form, with `params`
 * (every parameter of g, by name) as its initializers. Throws
 * OnnxExportError for a graph that is not a forward graph, and an internal
 * error for an op without an ONNX form (a test keeps that from happening).
 */
export function buildOnnxModel(g: Graph, params: ReadonlyMap<string, ParamValues>, opts: BuildOnnxOptions): OnnxModel {
  if (opts.batch !== "dynamic" && !(Number.isSafeInteger(opts.batch) && opts.batch >= 1)) throw new Error(`internal: batch ${opts.batch} is not a positive integer`);
  const table = new NameTable();
  // Inputs and parameters keep their names whatever else is named alike.
  for (const id of g.inputs) table.claim(g.nodes[id]!.name);
  for (const name of g.params.keys()) table.claim(name);
  const value = new Map<number, string>();
  const outputFor = new Map<number, string>();
  for (const o of g.outputs) if (!outputFor.has(o.node) && g.nodes[o.node]!.op !== "input") outputFor.set(o.node, o.name);
  // Every output's name is its own, an Identity's where a value is already named.
  for (const name of new Set(g.outputs.map((o) => o.name))) if (!g.inputs.some((id) => g.nodes[id]!.name === name)) table.claim(name);

  const nodes: OnnxNode[] = [];
  const initializers: OnnxTensor[] = [];
  for (const [name, p] of g.params) {
    const v = params.get(name);
    if (!v) throw new Error(`internal: no values for parameter '${name}'`);
    if (v.length !== elementCount(p.shape)) throw new Error(`internal: parameter '${name}' has ${v.length} values for shape [${p.shape.join(", ")}]`);
    initializers.push(floatTensor(name, p.shape, v));
  }

  const constantNode = (c: OnnxConstant, owner: string): OnnxNode => ({
    opType: "Constant",
    inputs: [],
    outputs: [c.name],
    name: `${owner}/${c.name}`,
    attributes: [{ name: "value", type: OnnxAttributeType.TENSOR, t: constantTensor(c) }],
  });

  // The batch size as an int64 [1] value, made once on first request.
  let batchValue: string | undefined;
  const batchOf = (): string => {
    if (batchValue !== undefined) return batchValue;
    batchValue = table.claim("batch_size");
    if (opts.batch === "dynamic") {
      const first = g.inputs[0];
      if (first === undefined) throw new OnnxExportError("the network has no input to read a dynamic batch size from; export with a fixed --batch N");
      nodes.push({ opType: "Shape", inputs: [g.nodes[first]!.name], outputs: [batchValue], name: "batch_size", attributes: [attribute("start", { i: 0 }), attribute("end", { i: 1 })] });
    } else {
      nodes.push(constantNode({ name: batchValue, type: "int64", dims: [1], values: [opts.batch] }, "batch_size"));
    }
    return batchValue;
  };

  for (const n of g.nodes) {
    const def = lookupOp(n.op);
    if (!def || (def.role ?? "forward") !== "forward") throw new OnnxExportError(`node '${n.name}' is a ${n.op} node, which belongs to a training graph; export the network's forward graph`);
    const exp = onnxExports.get(def.name);
    if (!exp) throw new Error(`internal: op '${n.op}' (node '${n.name}') has no ONNX export (ops/${n.op}/onnx.ts)`);
    const output = n.op === "input" ? n.name : (outputFor.get(n.id) ?? table.claim(n.name));
    value.set(n.id, output);
    const names: OnnxNames = {
      inputs: n.inputs.map((i) => value.get(i)!),
      params: n.params,
      output,
      temp: (hint) => table.claim(`${output}/${hint}`),
      batch: batchOf,
    };
    const info = { attrs: n.attrs, inputs: n.inputs.map((i) => g.nodes[i]!.shape), out: n.shape, params: Object.fromEntries(Object.entries(n.params).map(([role, p]) => [role, g.params.get(p)!.shape])) };
    const form = exp.form(info, names);
    if (form.graphInput) continue;
    for (const c of form.constants ?? []) nodes.push(constantNode(c, n.name));
    form.nodes.forEach((o, k) =>
      nodes.push({
        opType: o.op,
        inputs: o.inputs,
        outputs: o.outputs,
        name: form.nodes.length === 1 ? n.name : `${n.name}/${k}`,
        attributes: Object.entries(o.attrs ?? {}).map(([key, v]) => attribute(key, v)),
      }),
    );
  }

  const dim = opts.batch === "dynamic" ? "batch" : opts.batch;
  const info = (name: string, n: Node): OnnxValueInfo => ({ name, elemType: ELEM[n.dtype] ?? OnnxDataType.FLOAT, shape: [dim, ...n.shape] });
  const outputs: OnnxValueInfo[] = [];
  for (const o of g.outputs) {
    const v = value.get(o.node)!;
    if (v !== o.name) nodes.push({ opType: "Identity", inputs: [v], outputs: [o.name], name: `output ${o.name}`, attributes: [] });
    outputs.push(info(o.name, g.nodes[o.node]!));
  }
  return {
    irVersion: ONNX_IR_VERSION,
    opsets: [{ domain: "", version: ONNX_OPSET }],
    producerName: "dlc",
    ...(opts.producerVersion ? { producerVersion: opts.producerVersion } : {}),
    docString: `dlc network '${g.name}', inference graph (bn on running statistics, dropout the identity)`,
    metadata: [{ key: "dlc.network", value: g.name }],
    graph: {
      name: g.name,
      nodes,
      initializers,
      inputs: g.inputs.map((id) => info(g.nodes[id]!.name, g.nodes[id]!)),
      outputs,
    },
  };
}
