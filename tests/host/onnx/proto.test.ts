// host/onnx/proto.ts: ONNX bytes written by dlc are read by onnxruntime and
// by the official onnx package as dlc meant them, files written by the
// official package read back in dlc with their values, and anything that is
// not an ONNX model is refused with a message that names the file.

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { FileReadError } from "../../../core/io/read_regular_file.js";
import { decodeModel, encodeModel, floatTensor, int64Tensor, OnnxAttributeType, OnnxDataType, OnnxFormatError, readModelFile, tensorValues, type OnnxModel } from "../../../host/onnx/proto.js";
import { onnxPython } from "../../helpers/onnx_python.js";

/** y = Reshape(Relu(x) + b, shape): a dynamic batch, a float and an int64 initializer. */
const model: OnnxModel = {
  irVersion: 8,
  opsets: [{ domain: "", version: 17 }],
  producerName: "dlc",
  producerVersion: "0.1.0",
  metadata: [{ key: "dlc.network", value: "tiny" }],
  graph: {
    name: "tiny",
    nodes: [
      { opType: "Relu", inputs: ["x"], outputs: ["r"], name: "relu", attributes: [] },
      { opType: "Add", inputs: ["r", "b"], outputs: ["s"], attributes: [] },
      { opType: "Reshape", inputs: ["s", "shape"], outputs: ["y"], attributes: [{ name: "allowzero", type: OnnxAttributeType.INT, i: 0 }] },
    ],
    initializers: [floatTensor("b", [2, 3], [0.5, -1, 2, 0, 1e-3, 3.25]), int64Tensor("shape", [2], [-1, 6])],
    inputs: [{ name: "x", elemType: OnnxDataType.FLOAT, shape: ["batch", 2, 3] }],
    outputs: [{ name: "y", elemType: OnnxDataType.FLOAT, shape: ["batch", 6] }],
  },
};

describe("ONNX protobuf", () => {
  it("writes a model onnxruntime runs as meant, at two batch sizes", async () => {
    const session = await ort.InferenceSession.create(encodeModel(model));
    for (const batch of [1, 3]) {
      const x = Float32Array.from({ length: batch * 6 }, (_, i) => (i % 4) - 1.5);
      const out = await session.run({ x: new ort.Tensor("float32", x, [batch, 2, 3]) });
      const b = [0.5, -1, 2, 0, 1e-3, 3.25];
      expect(out.y!.dims).toEqual([batch, 6]);
      expect(Array.from(out.y!.data as Float32Array)).toEqual(Array.from(x, (v, i) => Math.fround(Math.max(v, 0) + Math.fround(b[i % 6]!))));
    }
  });

  it("reads back what it wrote", () => {
    const m = decodeModel(encodeModel({ ...model, graph: { ...model.graph, nodes: [...model.graph.nodes, { opType: "Identity", inputs: ["y"], outputs: ["z"], domain: "", attributes: [
      { name: "f", type: OnnxAttributeType.FLOAT, f: 0.25 },
      { name: "s", type: OnnxAttributeType.STRING, s: "reflect" },
      { name: "fs", type: OnnxAttributeType.FLOATS, floats: [1.5, -2] },
      { name: "is", type: OnnxAttributeType.INTS, ints: [0, -1, 2 ** 40] },
      { name: "ss", type: OnnxAttributeType.STRINGS, strings: ["a", "b"] },
      { name: "t", type: OnnxAttributeType.TENSOR, t: floatTensor("c", [1], [7]) },
    ] }] } }), "m.onnx");
    expect(m.irVersion).toBe(8);
    expect(m.opsets).toEqual([{ domain: "", version: 17 }]);
    expect([m.producerName, m.producerVersion]).toEqual(["dlc", "0.1.0"]);
    expect(m.metadata).toEqual([{ key: "dlc.network", value: "tiny" }]);
    expect(m.graph.inputs).toEqual(model.graph.inputs);
    expect(m.graph.outputs).toEqual(model.graph.outputs);
    expect(m.graph.nodes.map((n) => [n.opType, n.inputs, n.outputs])).toEqual([...model.graph.nodes.map((n) => [n.opType, n.inputs, n.outputs]), ["Identity", ["y"], ["z"]]]);
    const attrs = m.graph.nodes[3]!.attributes;
    expect(attrs.slice(0, 5)).toEqual([
      { name: "f", type: OnnxAttributeType.FLOAT, f: 0.25 },
      { name: "s", type: OnnxAttributeType.STRING, s: "reflect" },
      { name: "fs", type: OnnxAttributeType.FLOATS, floats: [1.5, -2] },
      { name: "is", type: OnnxAttributeType.INTS, ints: [0, -1, 2 ** 40] },
      { name: "ss", type: OnnxAttributeType.STRINGS, strings: ["a", "b"] },
    ]);
    const t = attrs[5]!;
    expect(t.type === OnnxAttributeType.TENSOR && Array.from(tensorValues(t.t, "m.onnx"))).toEqual([7]);
    const [b, shape] = m.graph.initializers;
    expect(Array.from(tensorValues(b!, "m.onnx"))).toEqual([0.5, -1, 2, 0, 1e-3, 3.25].map(Math.fround));
    expect(b!.dims).toEqual([2, 3]);
    expect(Array.from(tensorValues(shape!, "m.onnx"))).toEqual([-1, 6]);
  });

  it("reads tensors the official onnx package writes in its typed fields", () => {
    // onnx.helper.make_tensor stores float32 in float_data, float16 as bit patterns in int32_data, int64 in int64_data.
    const dir = mkdtempSync(join(tmpdir(), "dlc-onnx-"));
    const file = join(dir, "typed.onnx");
    const script = [
      "import sys, onnx",
      "from onnx import helper, TensorProto",
      "inits = [helper.make_tensor('w', TensorProto.FLOAT, [2, 2], [1.5, -2.0, 0.25, 3.0]),",
      "         helper.make_tensor('h', TensorProto.FLOAT16, [3], [0.5, -65504.0, 1e-4]),",
      "         helper.make_tensor('d', TensorProto.DOUBLE, [2], [0.1, -7.0]),",
      "         helper.make_tensor('n', TensorProto.INT64, [], [12345678901])]",
      "x = helper.make_tensor_value_info('x', TensorProto.FLOAT, ['N', 2])",
      "y = helper.make_tensor_value_info('y', TensorProto.FLOAT, ['N', 2])",
      "g = helper.make_graph([helper.make_node('MatMul', ['x', 'w'], ['y'])], 'typed', [x], [y], inits)",
      "onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid('', 17)]), sys.argv[1])",
    ].join("\n");
    const r = spawnSync(onnxPython().python, ["-c", script, file], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    const m = readModelFile(file);
    rmSync(dir, { recursive: true, force: true });
    const values = new Map(m.graph.initializers.map((t) => [t.name, Array.from(tensorValues(t, file))]));
    expect(m.graph.initializers.find((t) => t.name === "w")!.rawData).toBeUndefined();
    expect(values.get("w")).toEqual([1.5, -2, 0.25, 3]);
    expect(values.get("h")![0]).toBe(0.5);
    expect(values.get("h")![1]).toBe(-65504);
    expect(Math.abs(values.get("h")![2]! - 1e-4)).toBeLessThan(1e-7);
    expect(values.get("d")).toEqual([0.1, -7]);
    expect(values.get("n")).toEqual([12345678901]);
    expect(m.graph.inputs[0]).toEqual({ name: "x", elemType: OnnxDataType.FLOAT, shape: ["N", 2] });
  });

  describe("refuses what is not an ONNX model", () => {
    const bytes = encodeModel(model);
    const safetensors = new Uint8Array([0x10, 0, 0, 0, 0, 0, 0, 0, ...new TextEncoder().encode('{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}    '), 0, 0, 0, 0]);
    const cases: [string, Uint8Array][] = [
      ["an empty file", new Uint8Array()],
      ["text", new TextEncoder().encode("network tiny {\n  input x: [3]\n  output y = x |> relu\n}\n")],
      ["a safetensors checkpoint", safetensors],
      ["a model cut short", bytes.subarray(0, Math.floor(bytes.length / 2))],
      ["a lone tensor message", encodeModel({ ...model, irVersion: 0, opsets: [], graph: { ...model.graph, nodes: [] } }).subarray(0, 2)],
      ["zero bytes", new Uint8Array(64)],
    ];
    it.each(cases)("%s", (_, data) => {
      let caught: unknown;
      try {
        decodeModel(data, "weights.onnx");
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(OnnxFormatError);
      expect((caught as Error).message).toMatch(/^weights\.onnx: not a usable ONNX model: /);
    });

    it("a folder or a missing file, by its path", () => {
      const dir = mkdtempSync(join(tmpdir(), "dlc-onnx-"));
      mkdirSync(join(dir, "m.onnx"));
      expect(() => readModelFile(join(dir, "m.onnx"))).toThrow(FileReadError);
      expect(() => readModelFile(join(dir, "none.onnx"))).toThrow(/no such file/);
      writeFileSync(join(dir, "ok.onnx"), bytes);
      expect(readModelFile(join(dir, "ok.onnx")).graph.name).toBe("tiny");
      expect(readFileSync(join(dir, "ok.onnx")).length).toBe(bytes.length);
      rmSync(dir, { recursive: true, force: true });
    });

    it("tensors whose values disagree with their dims or type", () => {
      const base = floatTensor("w", [2, 2], [1, 2, 3, 4]);
      expect(() => tensorValues({ ...base, dims: [2, 3] }, "f.onnx")).toThrow("f.onnx: tensor 'w': raw data holds 16 bytes, but dims [2, 3] of float32 need 24");
      expect(() => tensorValues({ name: "w", dims: [3], dataType: OnnxDataType.FLOAT, floatData: [1, 2] }, "f.onnx")).toThrow("holds 2 values, but dims [3] need 3");
      expect(() => tensorValues({ ...base, dataType: 8 }, "f.onnx")).toThrow("element type string; dlc reads float32, float64, float16, int32 and int64 tensors");
      expect(() => tensorValues({ ...base, rawData: undefined, external: true }, "f.onnx")).toThrow("external file");
      const big = int64Tensor("n", [1], [0]);
      new DataView(big.rawData!.buffer).setBigInt64(0, 2n ** 60n, true);
      expect(() => tensorValues(big, "f.onnx")).toThrow("beyond ±2^53");
    });
  });
});
