// `dlc doctor`: which WebGPU adapter dlc gets here, with its limits and
// features, or a clear account of why there is none and how to fix it.

import { escapeControl } from "../../core/diagnostics/printable.js";
import { deviceOrReport } from "./device.js";

const LIMITS = [
  "maxStorageBufferBindingSize", "maxBufferSize", "maxComputeWorkgroupStorageSize", "maxComputeInvocationsPerWorkgroup",
  "maxComputeWorkgroupSizeX", "maxComputeWorkgroupSizeY", "maxComputeWorkgroupSizeZ", "maxComputeWorkgroupsPerDimension",
  "maxStorageBuffersPerShaderStage", "maxBindGroups",
] as const;

export async function runDoctor(json: boolean): Promise<number> {
  const h = await deviceOrReport();
  if (!h) return 1;
  const limits = Object.fromEntries(LIMITS.map((k) => [k, h.device.limits[k]]));
  // What the device was given (dlc asks for the optional features it uses) and all the adapter offers.
  const features = [...h.device.features].sort();
  if (json) {
    process.stdout.write(JSON.stringify({ backend: h.backend, adapter: h.info, limits, features, adapterFeatures: h.adapterFeatures }, null, 2) + "\n");
  } else {
    // The driver's strings reach the terminal: no control characters in them.
    const name = escapeControl([h.info.vendor, h.info.architecture, h.info.device, h.info.description].filter((s) => s).join(" / ")) || "(the adapter gives no name)";
    process.stdout.write(`adapter:  ${name}\nbackend:  ${h.backend}\nlimits:\n`);
    for (const [k, v] of Object.entries(limits)) process.stdout.write(`  ${k.padEnd(36)} ${v}\n`);
    process.stdout.write(`features dlc uses: ${escapeControl(features.join(", ")) || "(none)"}\n`);
    process.stdout.write(`adapter offers:    ${escapeControl(h.adapterFeatures.join(", ")) || "(none)"}\n`);
  }
  h.device.destroy();
  return 0;
}
