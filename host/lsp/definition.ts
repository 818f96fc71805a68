// Go to definition: a block, function or network to its declaration (in
// this file, an import or the standard library), a variable to where it is
// bound, an attribute keyword of a block call to the block's parameter, an
// import to the file it names, a training section's network to the network.

import type { Location } from "vscode-languageserver";
import type * as A from "../../grammar/ast.js";
import { diskReader, importRoots, type Declarations } from "../../compiler/elaborate/modules.js";
import { resolveImport } from "../../compiler/elaborate/import_roots.js";
import type { Checked, CheckSettings } from "./check.js";
import { spanLocation, START, uriOfPath } from "./positions.js";
import { bindingsIn, identAt, importAt, type Binding } from "./syntax.js";

export function definitionAt(c: Checked, offset: number, settings: CheckSettings): Location | null {
  if (!c.program) return null;
  const imp = importAt(c.program, offset);
  if (imp) return importTarget(c.path, imp, settings);
  const at = identAt(c.program, offset);
  if (!at) return null;
  const { ident, role, body } = at;
  switch (role.kind) {
    case "declName":
    case "param":
    case "binding":
      return spanLocation(ident.span);
    case "attr": {
      const decl = c.decls?.blocks.get(role.call.callee.name) ?? c.decls?.functions.get(role.call.callee.name);
      const p = decl?.params.find((q) => q.name.name === ident.name);
      return p ? spanLocation(p.name.span) : null;
    }
    case "trainNetwork":
      return declared(c.decls, ident.name);
    case "trainItem": {
      // A loss's output: the network's `output NAME`.
      const net = c.decls?.networks.get(role.train.network.name);
      const out = net && role.item.kind === "loss" && role.item.output === ident ? bindingsIn(net, ident.name)[0] : undefined;
      return out ? spanLocation(out.ident.span) : null;
    }
    case "member":
    case "layerName":
      return null;
    case "callee":
    case "use":
      break;
  }
  // A variable of the body hides a declaration of the same name.
  const bound = body ? bindingBefore(bindingsIn(body, ident.name), ident) : undefined;
  return bound ? spanLocation(bound.span) : declared(c.decls, ident.name);
}

/** The last binding a use sees (`x = x |> relu` reads the x before), else the first after it (a forward reference). */
function bindingBefore(bindings: readonly Binding[], use: A.Ident): A.Ident | undefined {
  const before = bindings.filter((b) => b.from <= use.span.start);
  return (before[before.length - 1] ?? bindings[0])?.ident;
}

function declared(decls: Declarations | undefined, name: string): Location | null {
  const d = decls?.blocks.get(name) ?? decls?.functions.get(name) ?? decls?.networks.get(name);
  return d ? spanLocation(d.name.span) : null;
}

function importTarget(path: string, imp: A.ImportDecl, settings: CheckSettings): Location | null {
  const roots = importRoots(path, { allowImports: settings.allowImports });
  const target = resolveImport(imp.path, path, roots, imp.span, (p) => diskReader.realpath?.(p));
  return "path" in target ? { uri: uriOfPath(target.path), range: START } : null;
}
