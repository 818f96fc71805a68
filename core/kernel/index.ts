// Kernels as typed data: the bottom layer of code generation (it imports
// nothing from outside this folder).
//
// Why structure instead of text. Fusion must know where a kernel reads an
// operand and where it writes its result: to recompute a producer where it
// is read, read a value through a slice map, put an epilogue on a store,
// merge bindings of one buffer. Read back from WGSL text, that took regular
// expressions and bracket matching; here those places are typed segments
// (Load, Store, Ref, KeepAlive) naming Binding objects, and everything else
// is opaque text nobody inspects.
//
// A kernel file: `const k = newKernel(); const x = k.input(0), out = k.output();`
// then `k.body = wgsl\`…${out.set("i", wgsl\`max(${x.at("i")}, 0.0)\`)}…\``,
// `k.dispatch = …`, `k.use(helper)`, and returns `k.build()`, a KernelDesc.
// Elementwise ops give an Expr (expr.ts) instead, which renders both their
// own kernel and their part of any fused one.
//
// Fusion asks readsOnlyByIndex / writesOnlyByStore, then rewrites with
// mapLoads, retargetLoads, mapStores, replaceBinding, dropUnusedBindings
// (rewrite.ts): pure functions from KernelDesc to KernelDesc. renderWgsl
// (render.ts) turns the result into WGSL, last, choosing binding names then.

export { Binding, defaultAccess, defaultHint, isBindingHint, type Access, type BindingRole, type BindingSpec, type ElemType } from "./binding.js";
export { code, codeEquals, f32, join, keepAlive, load, ref, store, u32, wgsl, type Code, type CodeLike, type Hole, type Interpolable, type KeepAlive, type Load, type Ref, type Segment, type Store } from "./code.js";
export { KernelBuilder, kernelFn, newKernel, withBinding, withEnable, withFunction, withFunctionFirst, withNote, type Dispatch, type Enable, type KernelDesc, type KernelFunction } from "./desc.js";
export { bindingNames, renderCodeIn, renderWgsl } from "./render.js";
export { bindingsUsed, dropUnusedBindings, mapLoads, mapStores, mentions, readsOnlyByIndex, replaceBinding, retargetLoads, usage, writesOnlyByStore, type Usage } from "./rewrite.js";
export {
  add,
  and,
  binary,
  call,
  callHelper,
  div,
  eq,
  ge,
  gt,
  helpersOf,
  le,
  literal,
  lt,
  mul,
  ne,
  negate,
  operand,
  operandsOf,
  or,
  paramAtChannel,
  paramAtElement,
  paramsOf,
  renderExpr,
  select,
  sub,
  type ArithmeticOp,
  type BinaryOp,
  type Builtin,
  type ComparisonOp,
  type Expr,
  type ExprEnv,
  type ExprLike,
  type LogicalOp,
  type ParamIndex,
} from "./expr.js";
