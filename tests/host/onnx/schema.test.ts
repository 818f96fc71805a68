// dlc's ONNX descriptor (host/onnx/schema.ts) against the official schema,
// onnx/onnx.proto as Debian's python3-onnx installs it: every message, field
// and enum value dlc declares must be there with the same number, type,
// label and packing, so that dlc's bytes mean to other readers what they mean
// to dlc.

import { readFileSync } from "node:fs";
import protobuf from "protobufjs";
import { describe, expect, it } from "vitest";
import { ONNX_SCHEMA_JSON } from "../../../host/onnx/schema.js";
import { officialOnnxProto } from "../../helpers/onnx_python.js";

/** Every field and enum value under `ns`, as "Message.field: id type label packed" lines keyed by path. */
function facts(ns: protobuf.NamespaceBase, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const obj of ns.nestedArray) {
    const path = `${prefix}${obj.name}`;
    if (obj instanceof protobuf.Type) {
      for (const f of obj.fieldsArray) {
        const type = f.resolvedType ? f.resolvedType.fullName : f.type;
        // Packing applies to repeated numbers only (protobuf.types.packed lists the packable types).
        const packable = (protobuf.types.packed as Record<string, number | undefined>)[f.type] !== undefined;
        out.set(`${path}.${f.name}`, `id ${f.id}, ${type}, ${f.repeated ? `repeated${packable ? (f.packed ? " packed" : " unpacked") : ""}` : "optional"}`);
      }
    }
    if (obj instanceof protobuf.Enum) for (const [k, v] of Object.entries(obj.values)) out.set(`${path}.${k}`, `= ${v}`);
    if (obj instanceof protobuf.Namespace) for (const [k, v] of facts(obj, `${path}.`)) out.set(k, v);
  }
  return out;
}

describe("ONNX schema", () => {
  it("declares each field as the official onnx.proto does", () => {
    // proto2 as the file says; protobufjs turns snake_case into the camelCase names dlc's descriptor uses.
    const official = protobuf.parse(readFileSync(officialOnnxProto(), "utf8"), { keepCase: false }).root.resolveAll();
    const ours = protobuf.Root.fromJSON(ONNX_SCHEMA_JSON).resolveAll();
    const theirs = facts(official);
    const mine = facts(ours);
    expect(mine.size).toBeGreaterThan(60);
    for (const [path, fact] of mine) expect(`${path}: ${theirs.get(path) ?? "absent from onnx.proto"}`).toBe(`${path}: ${fact}`);
  });
});
