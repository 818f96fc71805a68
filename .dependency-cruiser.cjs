// The layer rule of the source tree (issue 12), checked by dependency-cruiser
// (`npm run lint:layers`) and by tests/architecture/layers.test.ts:
//
//   core < {grammar, ops, runtime} < compiler < reference < host
//
// Arrows only point down: a folder imports its own layer and the layers
// below it. Node built-ins and npm packages are outside the rule. There are no
// import cycles anywhere, and the op folders (ops/<name>/) are independent of
// each other: what they share lives in ops/*.ts, ops/templates/ (kernel
// templates and WGSL helpers) and ops/shared/ (shape rules, attributes and
// float64 reference helpers that an op and its gradient ops both need).
//
// Type-only imports count as imports: a type from a higher layer ties the
// lower layer to it just as a value does.

/** The source folders, bottom first, each with the folders it may import. */
const layers = {
  core: ["core"],
  grammar: ["core", "grammar"],
  ops: ["core", "ops"],
  runtime: ["core", "runtime"],
  compiler: ["core", "grammar", "ops", "compiler"],
  reference: ["core", "ops", "compiler", "reference"],
  host: ["core", "grammar", "ops", "runtime", "compiler", "reference", "host"],
};

/** One rule per layer: anything outside its allowed folders is forbidden. */
const layerRules = Object.entries(layers).map(([layer, allowed]) => ({
  name: `${layer}-imports-only-${allowed.filter((a) => a !== layer).join("-") || "itself"}`,
  comment: `${layer}/ may import only ${allowed.map((a) => `${a}/`).join(", ")} (plus Node built-ins and npm packages)`,
  severity: "error",
  from: { path: `^${layer}/` },
  to: {
    pathNot: `^(${allowed.join("|")}|node_modules)/`,
    dependencyTypesNot: ["core"],
  },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: "ops-folders-independent",
      comment:
        "an op folder (ops/<a>/) imports no other op folder (ops/<b>/); shared code lives in ops/*.ts, ops/templates/ and ops/shared/",
      severity: "error",
      from: { path: "^ops/([^/]+)/" },
      to: { path: "^ops/[^/]+/", pathNot: "^ops/(templates|shared|$1)/" },
    },
    {
      name: "no-circular",
      comment: "no import cycles",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-unresolvable",
      comment: "every import resolves (a path the layer rules cannot place would slip through them)",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "(^|/)node_modules/" },
    exclude: { path: "(^|/)(node_modules|dist|tests)/" },
    // Type-only imports are imports too (see the header).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
    },
  },
};
