// The ONNX twin of a benchmark network, for onnxruntime-web: the eval-mode
// forward pass as an ONNX model (opset 17), written node by node from the
// network's layer list with dlc's initial weights as initializers. ONNX is
// NCHW with PyTorch's weight layouts, dlc's own, so the weights go in as they
// are: a connection table becomes the full weight with zeros off the table.
// The batch is fixed in the model's shapes. Layers a benchmark model does not
// use are refused.
//
// The messages are a subset of onnx/onnx.proto (field numbers as there),
// encoded with protobufjs.

import protobuf from "protobufjs";
import type { Graph, Node } from "../../core/ir/graph.js";
import { intAttr, pairAttr, resolvePad } from "../../ops/contract.js";
import type { Tensor as RefTensor } from "../../core/tensor/tensor.js";

const repeated = (type: string, id: number) => ({ rule: "repeated", type, id });
const schema = protobuf.Root.fromJSON({
  nested: {
    onnx: {
      nested: {
        ModelProto: { fields: { irVersion: { type: "int64", id: 1 }, producerName: { type: "string", id: 2 }, graph: { type: "GraphProto", id: 7 }, opsetImport: repeated("OperatorSetIdProto", 8) } },
        OperatorSetIdProto: { fields: { domain: { type: "string", id: 1 }, version: { type: "int64", id: 2 } } },
        GraphProto: { fields: { node: repeated("NodeProto", 1), name: { type: "string", id: 2 }, initializer: repeated("TensorProto", 5), input: repeated("ValueInfoProto", 11), output: repeated("ValueInfoProto", 12) } },
        NodeProto: { fields: { input: repeated("string", 1), output: repeated("string", 2), name: { type: "string", id: 3 }, opType: { type: "string", id: 4 }, attribute: repeated("AttributeProto", 5) } },
        // type: FLOAT = 1, INT = 2, INTS = 7.
        AttributeProto: { fields: { name: { type: "string", id: 1 }, f: { type: "float", id: 2 }, i: { type: "int64", id: 3 }, ints: repeated("int64", 8), type: { type: "int32", id: 20 } } },
        // dataType: FLOAT = 1.
        TensorProto: { fields: { dims: repeated("int64", 1), dataType: { type: "int32", id: 2 }, name: { type: "string", id: 8 }, rawData: { type: "bytes", id: 9 } } },
        ValueInfoProto: { fields: { name: { type: "string", id: 1 }, type: { type: "TypeProto", id: 2 } } },
        TypeProto: { fields: { tensorType: { type: "TypeProtoTensor", id: 1 } } },
        TypeProtoTensor: { fields: { elemType: { type: "int32", id: 1 }, shape: { type: "TensorShapeProto", id: 2 } } },
        TensorShapeProto: { fields: { dim: repeated("Dimension", 1) } },
        Dimension: { fields: { dimValue: { type: "int64", id: 1 } } },
      },
    },
  },
});
const ModelProto = schema.lookupType("onnx.ModelProto");

type Attr = { name: string; type: number; f?: number; i?: number; ints?: number[] };
const ints = (name: string, v: readonly number[]): Attr => ({ name, type: 7, ints: [...v] });
const int = (name: string, v: number): Attr => ({ name, type: 2, i: v });
const float = (name: string, v: number): Attr => ({ name, type: 1, f: v });

/** The network's eval-mode forward pass at a fixed batch, as ONNX model bytes. */
export function buildOnnxModel(g: Graph, init: ReadonlyMap<string, RefTensor>, batch: number): Uint8Array {
  const nodes: object[] = [];
  const initializers: object[] = [];
  const constant = (name: string, dims: readonly number[], data: ArrayLike<number>) => {
    initializers.push({ name, dims: [...dims], dataType: 1, rawData: new Uint8Array(Float32Array.from(data).buffer) });
    return name;
  };
  const param = (n: Node, role: string) => {
    const t = init.get(n.params[role]!)!;
    return constant(n.params[role]!, t.shape, t.data);
  };
  // A node's value is named as the network's output it is, if it is one (the first such), else v<id>.
  const outputName = new Map<number, string>();
  for (const o of g.outputs) if (!outputName.has(o.node) && g.nodes[o.node]!.op !== "input") outputName.set(o.node, o.name);
  const node = (n: Node, opType: string, inputs: readonly string[], attribute: Attr[] = [], output = outputName.get(n.id) ?? `v${n.id}`) => {
    nodes.push({ name: `${n.name}/${output}`, opType, input: [...inputs], output: [output], attribute });
    return output;
  };
  const name = new Map<number, string>();
  const input = (n: Node, k = 0) => name.get(n.inputs[k]!)!;
  const window = (n: Node, kernel: [number, number], stride: [number, number], dilation: [number, number]) => {
    const s = g.nodes[n.inputs[0]!]!.shape;
    const ph = resolvePad(n.attrs.padding!, 0, s[1]!, kernel[0], stride[0], dilation[0]);
    const pw = resolvePad(n.attrs.padding!, 1, s[2]!, kernel[1], stride[1], dilation[1]);
    return [ints("kernel_shape", kernel), ints("strides", stride), ints("pads", [ph[0], pw[0], ph[1], pw[1]])];
  };

  for (const n of g.nodes) {
    let y: string;
    switch (n.op) {
      case "input":
        y = n.name;
        break;
      case "conv": {
        const groups = intAttr(n.attrs, "groups");
        const k = pairAttr(n.attrs, "kernel");
        let w: string;
        if (Array.isArray(n.attrs.table)) {
          // The connection table's links, spread into the full [out, in, kh, kw] weight.
          const inC = g.nodes[n.inputs[0]!]!.shape[0]!;
          const rf = k[0] * k[1];
          const links = init.get(n.params.weight!)!.data;
          const full = new Float32Array(n.shape[0]! * inC * rf);
          let l = 0;
          (n.attrs.table as readonly (readonly number[])[]).forEach((row, oc) => {
            for (const c of row) {
              for (let r = 0; r < rf; r++) full[(oc * inC + c) * rf + r] = links[l * rf + r]!;
              l++;
            }
          });
          w = constant(n.params.weight!, [n.shape[0]!, inC, k[0], k[1]], full);
        } else w = param(n, "weight");
        const d = pairAttr(n.attrs, "dilation");
        const inputs = [input(n), w, ...(n.params.bias ? [param(n, "bias")] : [])];
        y = node(n, "Conv", inputs, [...window(n, k, pairAttr(n.attrs, "stride"), d), ints("dilations", d), int("group", groups)]);
        break;
      }
      case "bn": {
        const c = n.shape[0]!;
        const scale = n.params.weight ? param(n, "weight") : constant(`${n.name}.ones`, [c], new Float32Array(c).fill(1));
        const shift = n.params.bias ? param(n, "bias") : constant(`${n.name}.zeros`, [c], new Float32Array(c));
        y = node(n, "BatchNormalization", [input(n), scale, shift, param(n, "running_mean"), param(n, "running_var")], [float("epsilon", n.attrs.eps as number)]);
        break;
      }
      case "scale": {
        // Per-channel: [C] broadcast over [N, C, H, W] as [C, 1, 1].
        const perChannel = (role: string) => constant(n.params[role]!, [n.shape[0]!, ...n.shape.slice(1).map(() => 1)], init.get(n.params[role]!)!.data);
        y = node(n, "Mul", [input(n), perChannel("weight")], [], n.params.bias ? `v${n.id}.scaled` : undefined);
        if (n.params.bias) y = node(n, "Add", [y, perChannel("bias")]);
        break;
      }
      case "relu":
        y = node(n, "Relu", [input(n)]);
        break;
      case "tanh":
        y = node(n, "Tanh", [input(n)]);
        break;
      case "maxpool":
      case "avgpool": {
        const k = pairAttr(n.attrs, "kernel");
        const s: [number, number] = n.attrs.stride == null ? k : pairAttr(n.attrs, "stride");
        const d: [number, number] = n.op === "maxpool" ? pairAttr(n.attrs, "dilation") : [1, 1];
        const attrs = [...window(n, k, s, d), int("ceil_mode", n.attrs.ceil === true ? 1 : 0)];
        if (n.op === "maxpool") attrs.push(ints("dilations", d));
        else attrs.push(int("count_include_pad", n.attrs.count_include_pad === false ? 0 : 1));
        y = node(n, n.op === "maxpool" ? "MaxPool" : "AveragePool", [input(n)], attrs);
        break;
      }
      case "add": {
        // A chain of Adds: ORT's WebGPU provider has no Sum kernel and runs Sum on the CPU.
        const [first, ...rest] = n.inputs.map((i) => name.get(i)!);
        y = rest.reduce((acc, b, k) => node(n, "Add", [acc, b], [], k === rest.length - 1 ? undefined : `v${n.id}.${k}`), first!);
        break;
      }
      case "concat":
        // Per-sample axis a is axis a + 1 with the batch in front.
        y = node(n, "Concat", n.inputs.map((i) => name.get(i)!), [int("axis", intAttr(n.attrs, "axis") + 1)]);
        break;
      case "gap":
        y = node(n, "Flatten", [node(n, "GlobalAveragePool", [input(n)], [], `v${n.id}.pooled`)], [int("axis", 1)]);
        break;
      case "flatten":
        y = node(n, "Flatten", [input(n)], [int("axis", 1)]);
        break;
      case "dense":
        y = node(n, "Gemm", [input(n), param(n, "weight"), ...(n.params.bias ? [param(n, "bias")] : [])], [int("transB", 1)]);
        break;
      default:
        throw new Error(`onnx twin: layer '${n.op}' ('${n.name}') is not supported`);
    }
    name.set(n.id, y);
  }

  const valueInfo = (nm: string, shape: readonly number[]) => ({ name: nm, type: { tensorType: { elemType: 1, shape: { dim: [batch, ...shape].map((d) => ({ dimValue: d })) } } } });
  // Outputs whose value is named otherwise (an input, or a second name for one value): an Identity.
  for (const o of g.outputs) if (name.get(o.node) !== o.name) nodes.push({ name: `${o.name}/output`, opType: "Identity", input: [name.get(o.node)!], output: [o.name] });
  const model = ModelProto.create({
    irVersion: 8,
    producerName: "dlc bench",
    opsetImport: [{ domain: "", version: 17 }],
    graph: {
      name: g.name,
      node: nodes,
      initializer: initializers,
      input: g.inputs.map((id) => valueInfo(g.nodes[id]!.name, g.nodes[id]!.shape)),
      output: g.outputs.map((o) => valueInfo(o.name, g.nodes[o.node]!.shape)),
    },
  });
  return ModelProto.encode(model).finish();
}
