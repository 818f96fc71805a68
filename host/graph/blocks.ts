// Which blocks a node sits in, read from its name. The elaborator names a
// node by its scope: each block instance adds a segment ("basic_stage2.
// basic1.conv1" is conv1 inside basic1 inside basic_stage2), and a local
// name is an identifier, so it holds no dot. The training graph keeps the
// forward names and names its backward nodes "grad.<forward name>.<op>"
// (compiler/passes/autodiff.ts), and a training form's extra nodes
// "<forward name>.<suffix>": both are placed by the longest prefix that
// names a forward node.

/** The block path of a node of the forward graph: its name's segments but the last. */
export function blockPath(name: string): string[] {
  const parts = name.split(".");
  parts.pop();
  return parts;
}

/**
 * The forward node a derived name belongs to: the longest dotted prefix of
 * `name` (after `strip`, when it starts with it) that `known` holds.
 */
export function ownerByPrefix<T>(name: string, known: ReadonlyMap<string, T>, strip = ""): T | undefined {
  const rest = strip && name.startsWith(strip) ? name.slice(strip.length) : name;
  let end = rest.length;
  while (end > 0) {
    const hit = known.get(rest.slice(0, end));
    if (hit !== undefined) return hit;
    end = rest.lastIndexOf(".", end - 1);
  }
  return undefined;
}
