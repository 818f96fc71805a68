import { describe, expect, it } from "vitest";
import { SWIFTSHADER_ICD } from "../../runtime/webgpu/device.js";
import { missingForTests, missingMessage } from "./webgpu.js";

// The global set-up installs nothing: it names what is missing and the
// script that installs it.
describe("the test set-up's check", () => {
  const loader = "/usr/lib/x86_64-linux-gnu/libvulkan.so.1";
  const chromium = "/usr/bin/chromium";
  const only = (...paths: string[]) => (p: string) => paths.includes(p);

  it("passes with the Vulkan loader, Chromium and SwiftShader, or a GPU instead of SwiftShader", () => {
    expect(missingForTests(only(loader, chromium, SWIFTSHADER_ICD), false)).toEqual([]);
    expect(missingForTests(only(loader, chromium), true)).toEqual([]);
  });

  it("names each missing piece", () => {
    expect(missingForTests(only(), false)).toEqual(["the Vulkan loader (libvulkan.so.1)", `SwiftShader (${SWIFTSHADER_ICD}), as there is no GPU`, "Chromium (/usr/bin/chromium) for the browser test"]);
    expect(missingForTests(only(loader, chromium), false)).toEqual([`SwiftShader (${SWIFTSHADER_ICD}), as there is no GPU`]);
    expect(missingForTests(only(chromium, SWIFTSHADER_ICD), true)).toEqual(["the Vulkan loader (libvulkan.so.1)"]);
  });

  it("says which command installs them", () => {
    const message = missingMessage(missingForTests(only(), false));
    expect(message).toContain("sudo scripts/install-test-deps.sh");
    expect(message).toContain("chromium");
    expect(message).toContain("libvulkan1");
  });
});
