// Reading an ONNX model's initializers (its stored tensors) as an import
// source, through host/onnx/proto.ts. Floating-point initializers are the
// weights, in the file's order; integer ones (the shapes of Reshape, the
// axes and pads other ops take) are not weights and are left out, with a
// note. float16 values become float32 exactly; float64 stay float64 until
// the checkpoint is written (as float32).
//
// Matching by name works for models `dlc export --to onnx` wrote (their
// initializers carry dlc's parameter names). An exporter that folds
// batchnorm into the preceding convolution (torch.onnx.export in eval mode
// does, by default) leaves no batchnorm tensors, and such a model does not
// fit a network with batchnorm layers: the count check says so.

import { MAX_ONNX_BYTES, OnnxDataType, OnnxFormatError, dataTypeName, decodeModel, tensorValues } from "../../onnx/proto.js";
import { quoted } from "../../../core/diagnostics/printable.js";
import { FileReadError, readRegularFile } from "../../../core/io/read_regular_file.js";
import { ImportError, type SourceTensor, type WeightSource } from "./source.js";

const FLOAT_TYPES = new Set<number>([OnnxDataType.FLOAT, OnnxDataType.FLOAT16, OnnxDataType.DOUBLE]);
const INTEGER_TYPES = new Set<number>([OnnxDataType.INT32, OnnxDataType.INT64, OnnxDataType.INT8, OnnxDataType.UINT8, OnnxDataType.BOOL]);

/** Reads the initializers of the ONNX model at `path` (at most `maxBytes` bytes). */
export function readOnnxSource(path: string, maxBytes: number, what: string): WeightSource {
  try {
    const model = decodeModel(readRegularFile(path, Math.min(maxBytes, MAX_ONNX_BYTES), what), path);
    const tensors: SourceTensor[] = [];
    let integers = 0;
    for (const init of model.graph.initializers) {
      if (INTEGER_TYPES.has(init.dataType)) {
        integers++;
        continue;
      }
      if (!FLOAT_TYPES.has(init.dataType)) throw new ImportError(`${path}: initializer '${quoted(init.name)}' is ${dataTypeName(init.dataType)}; dlc imports float32, float16 and float64 weights`);
      const values = tensorValues(init, path);
      const data = init.dataType === OnnxDataType.DOUBLE ? values : Float32Array.from(values);
      tensors.push({ name: init.name, dtype: data instanceof Float32Array ? "F32" : "F64", shape: [...init.dims], data });
    }
    const savedFor = model.metadata?.find((e) => e.key === "dlc.graph")?.value;
    const notes = integers > 0 ? [`note: ${path}: left out ${integers} integer initializer(s) (shapes, axes, pads: not weights)`] : [];
    return { path, format: "onnx", tensors, savedFor, isDlcCheckpoint: false, notes };
  } catch (e) {
    if (e instanceof OnnxFormatError || e instanceof FileReadError) throw new ImportError(e.message);
    throw e;
  }
}
