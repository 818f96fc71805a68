// dlc/runtime's declarations for TypeScript 5, whose DOM library has no
// WebGPU: the same exports as index.ts, plus @webgpu/types (a dependency of
// dlc) brought into the user's program, so that a strict project
// type-checks without listing it in its tsconfig. package.json's exports
// select this file with the "types@<6" condition; tsc keeps the directive
// in the emitted .d.ts only because of preserve="true" (TypeScript ≥ 5.5).
/// <reference types="@webgpu/types" preserve="true" />
export * from "./index.js";
