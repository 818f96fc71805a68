// Grammar unit tests: each construct parses to the expected AST shape, spans
// point at the right text, and syntax errors are reported (several per file,
// each with a span inside the file and an expectation).

import { describe, expect, it } from "vitest";
import type * as A from "../../grammar/ast.js";
import { parseSource } from "../../grammar/parse.js";
import type { Span } from "../../core/diagnostics/diagnostic.js";
import { makeSource } from "../../core/diagnostics/source.js";

function parse(text: string): A.Program {
  const r = parseSource(makeSource("test.net", text));
  expect(r.diagnostics.map((d) => d.message)).toEqual([]);
  return r.program!;
}

function errors(text: string) {
  const r = parseSource(makeSource("bad.net", text));
  expect(r.program).toBeUndefined();
  return r.diagnostics;
}

const slice = (s: Span) => s.source.text.slice(s.start, s.end);

/** The statements of the first network (or block) in the file. */
function body(text: string): readonly A.Stmt[] {
  const d = parse(text).decls.find((x) => x.kind === "network" || x.kind === "block") as A.NetworkDecl | A.BlockDecl;
  return d.body;
}

/** The value of `v = EXPR` inside a network. */
function expr(src: string): A.Expr {
  const s = body(`network n {\n  v = ${src}\n}`)[0] as A.AssignStmt;
  expect(s.kind).toBe("assign");
  return s.value;
}

/** A compact, span-free rendering of an expression: checks tree shape at a glance. */
function show(e: A.Expr): string {
  switch (e.kind) {
    case "number":
      return String(e.value);
    case "string":
      return JSON.stringify(e.value);
    case "bool":
      return String(e.value);
    case "ident":
      return e.name;
    case "list":
      return `[${e.items.map(show).join(", ")}]`;
    case "tuple":
      return `tuple(${e.items.map(show).join(", ")})`;
    case "unary":
      return `(${e.op}${show(e.operand)})`;
    case "binary":
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case "ternary":
      return `(${show(e.cond)} ? ${show(e.then)} : ${show(e.else)})`;
    case "call":
      return `${e.callee.name}(${e.args.map((a) => (a.name ? `${a.name.name}=` : "") + show(a.value)).join(", ")})`;
    case "pipe":
      return `(${show(e.left)} |> ${show(e.right)})`;
    case "member":
      return `${show(e.object)}.${e.member.name}`;
    case "index":
      return `${show(e.object)}[${show(e.index)}]`;
    case "named":
      return `(${show(e.expr)} as ${e.name.name})`;
  }
}

describe("declarations", () => {
  it("parses imports, blocks, networks and training sections in order", () => {
    const p = parse(`
      import "std/blocks"
      import "lib/common.net"
      block b(c, s = 2) (x, y) { return x }
      network n(classes = 10) { input x: [3, 8, 8] output y = x }
      network plain { input x: [1] output y = x }
      train n { loss ce(y, label: int) optimizer adam() }
    `);
    expect(p.decls.map((d) => d.kind)).toEqual(["import", "import", "block", "network", "network", "train"]);
    const [i1, i2, b, n, plain, t] = p.decls as [A.ImportDecl, A.ImportDecl, A.BlockDecl, A.NetworkDecl, A.NetworkDecl, A.TrainDecl];
    expect([i1.path, i2.path]).toEqual(["std/blocks", "lib/common.net"]);
    expect(b.name.name).toBe("b");
    expect(b.params.map((q) => q.name.name)).toEqual(["c", "s"]);
    expect(b.params[0]!.default).toBeUndefined();
    expect(b.params[1]!.default).toMatchObject({ kind: "number", value: 2 });
    expect(b.inputs.map((q) => q.name)).toEqual(["x", "y"]);
    expect(b.body.map((s) => s.kind)).toEqual(["return"]);
    expect(n.name.name).toBe("n");
    expect(n.params.map((q) => q.name.name)).toEqual(["classes"]);
    expect(plain.params).toEqual([]);
    expect(t.network.name).toBe("n");
  });

  it("accepts an empty file and a block with no parameters or inputs", () => {
    expect(parse("").decls).toEqual([]);
    expect(parse("# only a comment\n").decls).toEqual([]);
    const b = parse("block b() () { return x }").decls[0] as A.BlockDecl;
    expect(b.params).toEqual([]);
    expect(b.inputs).toEqual([]);
  });

  it("skips comments anywhere", () => {
    const ss = body(`network n { # header
      input x: [3] # trailing
      # a full line
      output y = x |> relu # more
    }`);
    expect(ss.map((s) => s.kind)).toEqual(["input", "output"]);
  });
});

describe("statements", () => {
  it("parses input types: dims only, dtype with dims, dims from expressions", () => {
    const [a, b, c] = body(`network n {
      input a: [3, 224, 224]
      input b: f32[8]
      input c: i32[2 * 4, 1]
    }`) as A.InputStmt[];
    expect(a!.name.name).toBe("a");
    expect(a!.type.dtype).toBeUndefined();
    expect(a!.type.dims!.map(show)).toEqual(["3", "224", "224"]);
    expect(b!.type.dtype!.name).toBe("f32");
    expect(c!.type.dtype!.name).toBe("i32");
    expect(c!.type.dims!.map(show)).toEqual(["(2 * 4)", "1"]);
  });

  it("parses outputs with and without a value", () => {
    const [, o1, o2] = body("network n { input x: [1] output y = x |> relu output x }") as [A.Stmt, A.OutputStmt, A.OutputStmt];
    expect(o1.kind).toBe("output");
    expect(o1.name.name).toBe("y");
    expect(show(o1.value!)).toBe("(x |> relu)");
    expect(o2.name.name).toBe("x");
    expect(o2.value).toBeUndefined();
  });

  it("parses single and multiple assignment", () => {
    const [s1, s2] = body("network n { y = f(x) a, b, c = split(x, 3) }") as A.AssignStmt[];
    expect(s1!.target).toMatchObject({ kind: "ident", name: "y" });
    expect(s2!.target.kind).toBe("tuplePattern");
    expect((s2!.target as Extract<A.Pattern, { kind: "tuplePattern" }>).names.map((n) => n.name)).toEqual(["a", "b", "c"]);
    expect(slice(s2!.target.span)).toBe("a, b, c");
    expect(show(s2!.value)).toBe("split(x, 3)");
  });

  it("parses for with a name or a tuple pattern, repeat, and return", () => {
    const ss = body(`block b() (x) {
      for c in [64, 128] { x = x |> conv(c, k=3) }
      for (c, s) in [(64, 1), (128, 2)] { x = x |> conv(c, k=3, s=s) }
      repeat n - 1 { x = x |> relu }
      return x
    }`);
    expect(ss.map((s) => s.kind)).toEqual(["for", "for", "repeat", "return"]);
    const [f1, f2, r, ret] = ss as [A.ForStmt, A.ForStmt, A.RepeatStmt, A.ReturnStmt];
    expect(f1.pattern).toMatchObject({ kind: "ident", name: "c" });
    expect(show(f1.iterable)).toBe("[64, 128]");
    expect(f1.body.map((s) => s.kind)).toEqual(["assign"]);
    expect(f2.pattern.kind).toBe("tuplePattern");
    expect((f2.pattern as Extract<A.Pattern, { kind: "tuplePattern" }>).names.map((n) => n.name)).toEqual(["c", "s"]);
    expect(show(f2.iterable)).toBe("[tuple(64, 1), tuple(128, 2)]");
    expect(show(r.count)).toBe("(n - 1)");
    expect(show(ret.value)).toBe("x");
  });

  it("parses if, if/else and else-if chains", () => {
    const [a, b, c] = body(`network n {
      if s == 1 { y = x }
      if s == 1 { y = x } else { y = z }
      if s == 1 { y = x } else if s == 2 { y = z } else { y = w }
    }`) as A.IfStmt[];
    expect(show(a!.cond)).toBe("(s == 1)");
    expect(a!.then.length).toBe(1);
    expect(a!.else).toBeUndefined();
    expect(b!.else!.map((s) => s.kind)).toEqual(["assign"]);
    const nested = c!.else![0] as A.IfStmt;
    expect(nested.kind).toBe("if");
    expect(show(nested.cond)).toBe("(s == 2)");
    expect(nested.else!.length).toBe(1);
  });

  it("lexes words that start with a keyword as names", () => {
    const [s] = body("network n { inputs = important |> format_x(index=1, iffy=asset) }") as A.AssignStmt[];
    expect(s!.target).toMatchObject({ kind: "ident", name: "inputs" });
    expect(show(s!.value)).toBe("(important |> format_x(index=1, iffy=asset))");
  });
});

describe("expressions", () => {
  it("gives * precedence over +, and + over comparisons, && and ||", () => {
    expect(show(expr("a + b * c"))).toBe("(a + (b * c))");
    expect(show(expr("a * b + c"))).toBe("((a * b) + c)");
    expect(show(expr("a - b - c"))).toBe("((a - b) - c)");
    expect(show(expr("a // b % c / d"))).toBe("(((a // b) % c) / d)");
    expect(show(expr("a + 1 == b * 2"))).toBe("((a + 1) == (b * 2))");
    expect(show(expr("a < b && c >= d || !e"))).toBe("(((a < b) && (c >= d)) || (!e))");
    expect(show(expr("(a + b) * c"))).toBe("((a + b) * c)");
  });

  it("makes |> left-associative and looser than arithmetic", () => {
    expect(show(expr("x |> f |> g"))).toBe("((x |> f) |> g)");
    expect(show(expr("x |> conv(64, k=3) |> bn |> relu"))).toBe("(((x |> conv(64, k=3)) |> bn) |> relu)");
    expect(show(expr("a + b |> relu"))).toBe("((a + b) |> relu)");
  });

  it("parses the conditional operator as the loosest, right-associative", () => {
    expect(show(expr("c ? a : b"))).toBe("(c ? a : b)");
    expect(show(expr("s == 1 ? x : x |> conv(c, k=1) |> bn"))).toBe("((s == 1) ? x : ((x |> conv(c, k=1)) |> bn))");
    expect(show(expr("a ? b : c ? d : e"))).toBe("(a ? b : (c ? d : e))");
    expect(show(expr("a ? b ? c : d : e"))).toBe("(a ? (b ? c : d) : e)");
  });

  it("makes ** right-associative and tighter than unary minus", () => {
    expect(show(expr("a ** b ** c"))).toBe("(a ** (b ** c))");
    expect(show(expr("-a ** 2"))).toBe("(-(a ** 2))");
    expect(show(expr("2 ** -1"))).toBe("(2 ** (-1))");
    expect(show(expr("2 * 3 ** 2"))).toBe("(2 * (3 ** 2))");
  });

  it("parses unary minus and not, nested", () => {
    expect(show(expr("-x"))).toBe("(-x)");
    expect(show(expr("- -x"))).toBe("(-(-x))");
    expect(show(expr("!a && b"))).toBe("((!a) && b)");
    expect(show(expr("a - -1"))).toBe("(a - (-1))");
  });

  it("binds `as` to the postfix expression before it", () => {
    expect(show(expr("conv(8, k=3) as enc"))).toBe("(conv(8, k=3) as enc)");
    expect(show(expr("x |> conv(8, k=3) as c1 |> relu"))).toBe("((x |> (conv(8, k=3) as c1)) |> relu)");
    expect(show(expr("x |> bn as final_bn"))).toBe("(x |> (bn as final_bn))");
    const e = expr("x |> dense(4) as head");
    const named = (e as A.PipeExpr).right as A.NamedExpr;
    expect(named.kind).toBe("named");
    expect(named.name.name).toBe("head");
  });

  it("parses member and index chains left to right", () => {
    expect(show(expr("x.shape[1]"))).toBe("x.shape[1]");
    expect(show(expr("a.b.c"))).toBe("a.b.c");
    expect(show(expr("xs[0][i + 1].channels"))).toBe("xs[0][(i + 1)].channels");
    expect(show(expr("f(x).shape[-1]"))).toBe("f(x).shape[(-1)]");
    expect(show(expr("x.channels // 2"))).toBe("(x.channels // 2)");
    const e = expr("x.shape[1]") as A.IndexExpr;
    expect(e.kind).toBe("index");
    expect((e.object as A.MemberExpr).kind).toBe("member");
  });

  it("parses literals, lists, tuples and parentheses", () => {
    expect(expr("42")).toMatchObject({ kind: "number", value: 42 });
    expect(expr("1.5e-3")).toMatchObject({ kind: "number", value: 0.0015 });
    expect(expr('"same"')).toMatchObject({ kind: "string", value: "same" });
    expect(expr('"a\\"b\\n"')).toMatchObject({ kind: "string", value: 'a"b\n' });
    expect(expr("true")).toMatchObject({ kind: "bool", value: true });
    expect(expr("false")).toMatchObject({ kind: "bool", value: false });
    expect(show(expr("[]"))).toBe("[]");
    expect(show(expr("[1, [2, 3]]"))).toBe("[1, [2, 3]]");
    expect(show(expr("(1, 2)"))).toBe("tuple(1, 2)");
    expect(expr("(1)")).toMatchObject({ kind: "number", value: 1 });
  });

  it("parses calls with positional and keyword arguments", () => {
    const e = expr('conv(64, k=3, padding="same", bias=false)') as A.CallExpr;
    expect(e.kind).toBe("call");
    expect(e.callee.name).toBe("conv");
    expect(e.args.map((a) => a.name?.name)).toEqual([undefined, "k", "padding", "bias"]);
    expect(show(e)).toBe('conv(64, k=3, padding="same", bias=false)');
    expect(show(expr("relu()"))).toBe("relu()");
    expect(show(expr("concat(a, b |> relu, axis=0)"))).toBe("concat(a, (b |> relu), axis=0)");
  });
});

describe("training sections", () => {
  it("parses losses, optimizer, schedule, freeze and settings", () => {
    const t = parse(`train net {
      loss cross_entropy(logits, label: int, smoothing = 0.1)
      loss mse(box, target: f32[4], weight = 2)
      loss bce(mask, m)
      optimizer sgd(lr = 0.1, momentum = 0.9)
      schedule step(every = 30)
      freeze stem, stage1.conv1, layer.0
      epochs = 90
      batch = 2 * 128
    }`).decls[0] as A.TrainDecl;
    expect(t.items.map((i) => i.kind)).toEqual(["loss", "loss", "loss", "optimizer", "schedule", "freeze", "setting", "setting"]);
    const [ce, mse, bce, opt, sch, fr, ep, ba] = t.items as [A.LossDecl, A.LossDecl, A.LossDecl, A.ConfigDecl, A.ConfigDecl, A.FreezeDecl, A.SettingDecl, A.SettingDecl];
    expect([ce.fn.name, ce.output.name, ce.label.name]).toEqual(["cross_entropy", "logits", "label"]);
    expect(ce.labelType!.dtype!.name).toBe("int");
    expect(ce.labelType!.dims).toBeUndefined();
    expect(ce.args.map((a) => a.name!.name)).toEqual(["smoothing"]);
    expect(mse.labelType!.dtype!.name).toBe("f32");
    expect(mse.labelType!.dims!.map(show)).toEqual(["4"]);
    expect(bce.labelType).toBeUndefined();
    expect(bce.args).toEqual([]);
    expect(opt.fn.name).toBe("sgd");
    expect(opt.args.map((a) => a.name!.name)).toEqual(["lr", "momentum"]);
    expect(sch.kind).toBe("schedule");
    expect(fr.names.map((n) => n.name)).toEqual(["stem", "stage1.conv1", "layer.0"]);
    expect(slice(fr.names[1]!.span)).toBe("stage1.conv1");
    expect(ep.name.name).toBe("epochs");
    expect(show(ba.value)).toBe("(2 * 128)");
  });
});

describe("spans", () => {
  const text = `network net(w = 2) {
  input image: f32[3, 32, 32]
  x = image |> conv(16 * w, k=3) as c1 |> relu
  output logits = x.shape[0] > 1 ? x |> gap : x
}
`;
  const n = parse(text).decls[0] as A.NetworkDecl;
  const [inp, asg, out] = n.body as [A.InputStmt, A.AssignStmt, A.OutputStmt];

  it("covers declarations and statements", () => {
    expect(slice(n.span).startsWith("network net(w = 2) {")).toBe(true);
    expect(slice(n.span).endsWith("}")).toBe(true);
    expect(slice(n.name.span)).toBe("net");
    expect(slice(n.params[0]!.span)).toBe("w = 2");
    expect(slice(inp.span)).toBe("input image: f32[3, 32, 32]");
    expect(slice(inp.type.span)).toBe("f32[3, 32, 32]");
    expect(slice(asg.span)).toBe("x = image |> conv(16 * w, k=3) as c1 |> relu");
    expect(slice(out.span)).toBe("output logits = x.shape[0] > 1 ? x |> gap : x");
  });

  it("covers expressions and their parts", () => {
    const pipe = asg.value as A.PipeExpr;
    expect(slice(pipe.span)).toBe("image |> conv(16 * w, k=3) as c1 |> relu");
    expect(slice(pipe.right.span)).toBe("relu");
    const inner = pipe.left as A.PipeExpr;
    expect(slice(inner.span)).toBe("image |> conv(16 * w, k=3) as c1");
    const named = inner.right as A.NamedExpr;
    expect(slice(named.span)).toBe("conv(16 * w, k=3) as c1");
    expect(slice(named.name.span)).toBe("c1");
    const call = named.expr as A.CallExpr;
    expect(slice(call.span)).toBe("conv(16 * w, k=3)");
    expect(slice(call.callee.span)).toBe("conv");
    expect(slice(call.args[0]!.span)).toBe("16 * w");
    expect(slice(call.args[1]!.span)).toBe("k=3");
    const mul = call.args[0]!.value as A.BinaryExpr;
    expect(slice(mul.opSpan)).toBe("*");
    expect(slice(mul.left.span)).toBe("16");

    const tern = out.value as A.TernaryExpr;
    expect(slice(tern.span)).toBe("x.shape[0] > 1 ? x |> gap : x");
    const cmp = tern.cond as A.BinaryExpr;
    expect(slice(cmp.span)).toBe("x.shape[0] > 1");
    expect(slice(cmp.opSpan)).toBe(">");
    expect(slice(cmp.left.span)).toBe("x.shape[0]");
    expect(slice((cmp.left as A.IndexExpr).object.span)).toBe("x.shape");
    expect(slice(tern.then.span)).toBe("x |> gap");
  });

  it("covers unary, power, list and tuple expressions", () => {
    const e = expr("-(a ** 2) + [1, 2][0] * (3, 4)[1]");
    const src = e.span.source.text;
    expect(src.slice(e.span.start, e.span.end)).toBe("-(a ** 2) + [1, 2][0] * (3, 4)[1]");
    const add = e as A.BinaryExpr;
    expect(slice(add.left.span)).toBe("-(a ** 2)");
    expect(slice((add.left as A.UnaryExpr).operand.span)).toBe("a ** 2");
    const mul = add.right as A.BinaryExpr;
    expect(slice((mul.left as A.IndexExpr).object.span)).toBe("[1, 2]");
    expect(slice((mul.right as A.IndexExpr).object.span)).toBe("(3, 4)");
  });
});

describe("syntax errors", () => {
  it("reports several errors in one file (recovery), each inside the file with an expectation", () => {
    const text = `network bad {
  input image: [3, 32, 32]
  x = image |> conv(16, k=3 p=1)
  y = x |> |> relu
  z = (y + ) |> bn
  output out = z
}

block b(c) (x) {
  return x |> conv(c, k=)
}
`;
    const ds = errors(text);
    expect(ds.length).toBeGreaterThanOrEqual(4);
    for (const d of ds) {
      expect(d.severity).toBe("error");
      expect(d.span).toBeDefined();
      expect(d.span!.start).toBeGreaterThanOrEqual(0);
      expect(d.span!.end).toBeGreaterThan(d.span!.start);
      expect(d.span!.end).toBeLessThanOrEqual(text.length);
      expect(d.expected).toBeTruthy();
    }
    const lines = ds.map((d) => text.slice(0, d.span!.start).split("\n").length);
    // Errors on lines 3, 4, 5 and 10 are all found in one run.
    for (const line of [3, 4, 5, 10]) expect(lines).toContain(line);
    const atP = ds.find((d) => slice(d.span!) === "p")!;
    expect(atP.message).toBe("unexpected 'p'");
    expect(atP.expected).toBe("')'");
    const pipes = ds.find((d) => d.message === "unexpected '|>'")!;
    expect(pipes.expected).toBe("an expression");
  });

  it("points at the end of the file when it ends too soon", () => {
    const text = "network n {\n  input x: [3]\n  output y = x |> ";
    const ds = errors(text);
    expect(ds.length).toBeGreaterThan(0);
    for (const d of ds) {
      expect(d.span!.end).toBeLessThanOrEqual(text.length);
      expect(d.span!.start).toBeGreaterThanOrEqual(0);
      expect(d.expected).toBeTruthy();
    }
    expect(ds.some((d) => d.message.includes("end of file"))).toBe(true);
  });

  it("reports an unterminated string at its opening quote", () => {
    const text = 'import "lib/common\nnetwork n { input x: [1] output y = x }\n';
    const ds = errors(text);
    const str = ds.find((d) => d.message.includes("string"))!;
    expect(str.message).toMatch(/unterminated/);
    expect(str.span!.start).toBe(text.indexOf('"'));
    expect(str.expected).toBeTruthy();
  });

  it("reports a string broken by a newline", () => {
    const ds = errors('network n { y = conv(8, k=3, padding="sa\nme") }');
    expect(ds.some((d) => /unterminated or malformed string/.test(d.message))).toBe(true);
  });

  it("reports an unexpected character", () => {
    const text = "network n { input x: [3] output y = x @ x }";
    const ds = errors(text);
    const at = ds.find((d) => d.message.includes("'@'"))!;
    expect(at.message).toBe("unexpected character '@'");
    expect(slice(at.span!)).toBe("@");
  });

  it("refuses a keyword used as a name, naming it a keyword", () => {
    for (const kw of ["loss", "input", "repeat", "for", "as", "train"]) {
      const text = `network n {\n  input x: [3]\n  ${kw} = x |> relu\n  output y = x\n}\n`;
      const ds = errors(text);
      expect(ds.length).toBeGreaterThan(0);
      const first = ds[0]!;
      expect(first.span).toBeDefined();
      expect(first.span!.end).toBeLessThanOrEqual(text.length);
      expect(first.expected).toBeTruthy();
      // The parser may stumble at the keyword or just after it, but never later than its line.
      expect(text.slice(0, first.span!.start).split("\n").length).toBe(3);
    }
    const ds = errors("network n {\n  input x: [3]\n  loss = x\n  output y = x\n}\n");
    expect(ds[0]!.message).toBe("unexpected keyword 'loss'");
  });

  it("refuses a keyword as a block parameter and a comparison chain", () => {
    expect(errors("block b(in) (x) { return x }").length).toBeGreaterThan(0);
    expect(errors("network n { v = a < b < c }").length).toBeGreaterThan(0);
  });

  it("refuses a call on a call result", () => {
    const ds = errors("network n { y = conv(8, k=3)(x) }");
    expect(ds[0]!.message).toBe("unexpected '('");
  });
});
