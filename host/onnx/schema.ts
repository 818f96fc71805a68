// The ONNX messages dlc reads and writes, as a protobufjs descriptor: the
// part of the official schema (onnx/onnx.proto, package "onnx", proto2) that
// models and their weights use. Names are protobufjs's camelCase forms of the
// official snake_case ones and every field number, type, label and packing is
// the official one, so the bytes are what any ONNX reader expects; fields and
// messages left out (sparse tensors, functions, training info, quantisation
// annotations, non-tensor types) are skipped when a file is decoded, as
// protobuf skips any unknown field. tests/host/onnx/schema.test.ts compares
// every field here with the official onnx.proto that Debian's python3-onnx
// installs.
//
// The schema is data, not a .proto file read at run time, so that the built
// package (dist/) needs no file beside its code.

import protobuf from "protobufjs";

type FieldJson = { type: string; id: number; rule?: "repeated"; options?: { packed: boolean } };

const one = (type: string, id: number): FieldJson => ({ type, id });
/** A repeated message or string field (never packed). */
const many = (type: string, id: number): FieldJson => ({ type, id, rule: "repeated" });
/** A repeated number field, packed or not as the official schema says (proto2's default is not packed). */
const numbers = (type: string, id: number, packed: boolean): FieldJson => ({ type, id, rule: "repeated", options: { packed } });

/** The descriptor, for tests that compare it with the official schema. */
export const ONNX_SCHEMA_JSON = {
  nested: {
    onnx: {
      nested: {
        ModelProto: {
          fields: {
            irVersion: one("int64", 1),
            opsetImport: many("OperatorSetIdProto", 8),
            producerName: one("string", 2),
            producerVersion: one("string", 3),
            domain: one("string", 4),
            modelVersion: one("int64", 5),
            docString: one("string", 6),
            graph: one("GraphProto", 7),
            metadataProps: many("StringStringEntryProto", 14),
          },
        },
        OperatorSetIdProto: { fields: { domain: one("string", 1), version: one("int64", 2) } },
        StringStringEntryProto: { fields: { key: one("string", 1), value: one("string", 2) } },
        GraphProto: {
          fields: {
            node: many("NodeProto", 1),
            name: one("string", 2),
            initializer: many("TensorProto", 5),
            docString: one("string", 10),
            input: many("ValueInfoProto", 11),
            output: many("ValueInfoProto", 12),
            valueInfo: many("ValueInfoProto", 13),
          },
        },
        NodeProto: {
          fields: {
            input: many("string", 1),
            output: many("string", 2),
            name: one("string", 3),
            opType: one("string", 4),
            domain: one("string", 7),
            attribute: many("AttributeProto", 5),
            docString: one("string", 6),
          },
        },
        AttributeProto: {
          fields: {
            name: one("string", 1),
            docString: one("string", 13),
            type: one("AttributeType", 20),
            f: one("float", 2),
            i: one("int64", 3),
            s: one("bytes", 4),
            t: one("TensorProto", 5),
            g: one("GraphProto", 6),
            floats: numbers("float", 7, false),
            ints: numbers("int64", 8, false),
            strings: many("bytes", 9),
            tensors: many("TensorProto", 10),
            graphs: many("GraphProto", 11),
          },
          nested: {
            AttributeType: {
              values: { UNDEFINED: 0, FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, GRAPH: 5, SPARSE_TENSOR: 11, FLOATS: 6, INTS: 7, STRINGS: 8, TENSORS: 9, GRAPHS: 10, SPARSE_TENSORS: 12 },
            },
          },
        },
        ValueInfoProto: { fields: { name: one("string", 1), type: one("TypeProto", 2), docString: one("string", 3) } },
        TypeProto: {
          oneofs: { value: { oneof: ["tensorType"] } },
          fields: { tensorType: one("Tensor", 1), denotation: one("string", 6) },
          nested: { Tensor: { fields: { elemType: one("int32", 1), shape: one("TensorShapeProto", 2) } } },
        },
        TensorShapeProto: {
          fields: { dim: many("Dimension", 1) },
          nested: {
            Dimension: {
              oneofs: { value: { oneof: ["dimValue", "dimParam"] } },
              fields: { dimValue: one("int64", 1), dimParam: one("string", 2), denotation: one("string", 3) },
            },
          },
        },
        TensorProto: {
          fields: {
            dims: numbers("int64", 1, false),
            dataType: one("int32", 2),
            segment: one("Segment", 3),
            floatData: numbers("float", 4, true),
            int32Data: numbers("int32", 5, true),
            stringData: many("bytes", 6),
            int64Data: numbers("int64", 7, true),
            name: one("string", 8),
            docString: one("string", 12),
            rawData: one("bytes", 9),
            externalData: many("StringStringEntryProto", 13),
            dataLocation: one("DataLocation", 14),
            doubleData: numbers("double", 10, true),
            uint64Data: numbers("uint64", 11, true),
          },
          nested: {
            Segment: { fields: { begin: one("int64", 1), end: one("int64", 2) } },
            DataLocation: { values: { DEFAULT: 0, EXTERNAL: 1 } },
          },
        },
      },
    },
  },
};

const root = protobuf.Root.fromJSON(ONNX_SCHEMA_JSON);

/** The top-level message of an .onnx file. */
export const ModelProtoType = root.lookupType("onnx.ModelProto");
