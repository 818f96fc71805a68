// The IR as text, one node per line with its type, in the spirit of Relay's
// text format: for review, and for golden tests of the elaborator.

import type { AttrValue, Graph } from "./graph.js";
import { formatShape } from "./graph.js";

function attr(v: AttrValue): string {
  if (v === null) return "none";
  if (Array.isArray(v)) return `[${v.map(attr).join(", ")}]`;
  if (typeof v === "string") return JSON.stringify(v);
  return String(v);
}

export function printGraph(g: Graph): string {
  const lines: string[] = [];
  const inputs = g.inputs.map((i) => `%${g.nodes[i]!.name}: ${g.nodes[i]!.dtype}${formatShape(g.nodes[i]!.shape)}`);
  lines.push(`network ${g.name}(${inputs.join(", ")}) {`);
  for (const n of g.nodes) {
    if (n.op === "input") continue;
    const args = [...n.inputs.map((i) => `%${g.nodes[i]!.name}`), ...Object.entries(n.attrs).map(([k, v]) => `${k}=${attr(v)}`)];
    const params = Object.entries(n.params).map(([role, p]) => `${role}=@${p}`);
    lines.push(`  %${n.name}: ${n.dtype}${formatShape(n.shape)} = ${n.op}(${args.join(", ")})${params.length ? ` {${params.join(", ")}}` : ""}`);
  }
  for (const o of g.outputs) lines.push(`  output ${o.name} = %${g.nodes[o.node]!.name}`);
  lines.push("}");
  if (g.params.size) {
    lines.push("params {");
    for (const p of g.params.values()) lines.push(`  @${p.name}: f32${formatShape(p.shape)} ${p.kind}${p.trainable || p.kind === "buffer" ? "" : " frozen"}`);
    lines.push("}");
  }
  if (g.train) {
    const t = g.train;
    lines.push(`train ${g.name} {`);
    for (const l of t.losses) lines.push(`  loss ${l.kind}(%${l.output}, ${l.label}: ${l.labelDType}${formatShape(l.labelShape)}) ${Object.entries(l.attrs).map(([k, v]) => `${k}=${attr(v)}`).join(", ")}`);
    lines.push(`  optimizer ${t.optimizer.kind}(${Object.entries(t.optimizer.attrs).map(([k, v]) => `${k}=${attr(v)}`).join(", ")})`);
    if (t.schedule) lines.push(`  schedule ${t.schedule.kind}(${Object.entries(t.schedule.attrs).map(([k, v]) => `${k}=${attr(v)}`).join(", ")})`);
    if (t.frozen.length) lines.push(`  freeze ${t.frozen.join(", ")}`);
    lines.push(`  ${Object.entries(t.settings).map(([k, v]) => `${k}=${attr(v)}`).join(", ")}`);
    lines.push("}");
  }
  return lines.join("\n") + "\n";
}
