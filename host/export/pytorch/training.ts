// The training section as PyTorch: freeze(model), make_optimizer(model)
// (the optimizer with dlc's hyperparameters and decay groups, and the
// schedule as a torch lr_scheduler stepped once per epoch, as dlc sets the
// rate once per epoch), loss_fn(outputs, labels) (each head's loss with
// its weight, summed as dlc's weighted_sum), and train_step, one step as
// dlc takes it. A network without a training section gets the one dlc
// assumes for `dlc summary --train` (compiler/pipeline.ts), said so in the file.
//
// The rules mirrored (core/optim/optimizers.ts, host/training/schedules.ts):
// - SGD, Adam and AdamW are torch.optim's, with the same defaults;
// - decay_all = false exempts biases and parameters of rank ≤ 1 (norm
//   scales and shifts, PReLU slopes) from weight decay: a second group;
// - frozen parameters (trainable false) get requires_grad_(False) and are
//   left out of the optimizer; BN layers in frozen scopes still normalise
//   with batch statistics and update their running statistics, as dlc's do;
// - lr(epoch) = warm(epoch) · s(epoch): StepLR and CosineAnnealingLR where
//   there is no warm-up, a LambdaLR with the formula written out otherwise.

import type { Attrs, Graph, TrainSpec } from "../../../core/ir/graph.js";
import { excludedFromDecay, optimizerHyper } from "../../../core/optim/optimizers.js";
import { pyBool, pyFloat, pyNum, pyStr } from "../../../ops/torch_export.js";
import { torchLosses } from "../../../ops/torch_exports.js";
import { ExportBug } from "./module.js";

function num(a: Attrs, key: string, fallback: number): number {
  const v = a[key];
  return typeof v === "number" ? v : fallback;
}

/** Parameters that do not train, as Python: scope prefixes where those say it exactly, else the names. */
function frozenCode(g: Graph, spec: TrainSpec): string[] {
  const frozen = [...g.params.values()].filter((p) => p.kind !== "buffer" && !p.trainable).map((p) => p.name);
  const byPrefix = (name: string) => spec.frozen.some((f) => name === f || name.startsWith(`${f}.`));
  const trainable = [...g.params.values()].filter((p) => p.kind !== "buffer" && p.trainable).map((p) => p.name);
  const exact = frozen.every(byPrefix) && !trainable.some(byPrefix);
  const list = (xs: readonly string[]) => (xs.length === 0 ? "()" : `(${xs.map(pyStr).join(", ")},)`);
  if (exact) {
    return [
      `# Layers and block scopes whose parameters do not train (the training section's freeze).`,
      `FROZEN = ${list(spec.frozen)}`,
      ``,
      ``,
      `def is_frozen(name):`,
      `    return any(name == f or name.startswith(f + ".") for f in FROZEN)`,
    ];
  }
  return [`# Parameters that do not train (the training section's freeze).`, `FROZEN = frozenset(${list(frozen)})`, ``, ``, `def is_frozen(name):`, `    return name in FROZEN`];
}

/** The optimizer constructor call over `groups` (a Python expression). */
function optimizerCall(spec: TrainSpec, groups: string): string {
  const h = optimizerHyper(spec.optimizer);
  if (h.kind === "sgd") {
    const kw = [`lr=${pyNum(h.lr)}`];
    if (h.momentum !== 0) kw.push(`momentum=${pyNum(h.momentum)}`);
    if (h.nesterov) kw.push(`nesterov=${pyBool(true)}`);
    if (h.weightDecay !== 0) kw.push(`weight_decay=${pyNum(h.weightDecay)}`);
    return `torch.optim.SGD(${groups}, ${kw.join(", ")})`;
  }
  const cls = h.kind === "adam" ? "Adam" : "AdamW";
  return `torch.optim.${cls}(${groups}, lr=${pyNum(h.lr)}, betas=(${pyNum(h.beta1)}, ${pyNum(h.beta2)}), eps=${pyNum(h.eps)}, weight_decay=${pyNum(h.weightDecay)})`;
}

/** The scheduler: a torch scheduler where one is exactly dlc's schedule, else LambdaLR with dlc's formula. */
function schedulerCode(spec: TrainSpec): string[] {
  const s = spec.schedule;
  const epochs = num(spec.settings, "epochs", 10);
  const base = optimizerHyper(spec.optimizer).lr;
  const warmup = s ? num(s.attrs, "warmup", 0) : 0;
  if (!s || (s.kind === "constant" && warmup === 0)) return [`scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda epoch: 1.0)  # a constant rate`];
  if (s.kind === "step" && warmup === 0) return [`scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=${pyNum(num(s.attrs, "every", 1))}, gamma=${pyNum(num(s.attrs, "gamma", 0.1))})`];
  if (s.kind === "cosine" && warmup === 0) return [`scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=${epochs}, eta_min=${pyNum(num(s.attrs, "min_lr", 0))})`];
  // With warm-up: dlc's lr(e) / base, e the 0-based epoch.
  const lines = [`def lr_factor(epoch):`, `    # warm-up: (e + 1) / (W + 1) for the first W = ${warmup} epochs`, `    warm = (epoch + 1) / ${warmup + 1} if epoch < ${warmup} else 1.0`];
  if (s.kind === "constant") lines.push(`    return warm`);
  else if (s.kind === "step") lines.push(`    return warm * ${pyFloat(num(s.attrs, "gamma", 0.1))} ** (epoch // ${pyNum(num(s.attrs, "every", 1))})`);
  else if (s.kind === "cosine") {
    const minLr = num(s.attrs, "min_lr", 0);
    const T = epochs - warmup;
    if (T <= 0) lines.push(`    return warm  # warm-up fills the run`);
    else {
      lines.push(`    t = min(max(epoch - ${warmup}, 0), ${T})  # epochs after warm-up, of ${T}`);
      lines.push(`    return warm * (${pyFloat(minLr)} + (${pyFloat(base)} - ${pyFloat(minLr)}) * (1 + math.cos(math.pi * t / ${T})) / 2) / ${pyFloat(base)}`);
    }
  } else throw new ExportBug(`schedule '${s.kind}' has no PyTorch form`);
  return [...lines, ``, `scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_factor)`];
}

function describe(kind: string, attrs: Attrs): string {
  return `${kind}(${Object.entries(attrs)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? JSON.stringify(v) : String(v)}`)
    .join(", ")})`;
}

/** The Python of the training section; `assumed` when the network has none and dlc's assumed one is written. */
export function trainingSource(g: Graph, spec: TrainSpec, assumed: boolean, outputNames: readonly string[]): string {
  const h = optimizerHyper(spec.optimizer);
  const decayGroups = h.weightDecay !== 0 && !h.decayAll;
  // The rule written in Python must be dlc's for every parameter of this network.
  for (const p of g.params.values()) {
    if (p.kind === "buffer") continue;
    if (excludedFromDecay(p) !== (p.name.endsWith(".bias") || p.shape.length <= 1)) throw new ExportBug(`parameter '${p.name}': dlc's weight-decay rule differs from the exported one`);
  }
  const labels = [...new Map(spec.losses.map((l) => [l.label, l])).values()];
  const single = outputNames.length === 1;
  const lossTerms = spec.losses.map((l) => {
    const form = torchLosses[l.kind];
    if (!form) throw new ExportBug(`loss '${l.kind}' has no PyTorch form (ops/${l.kind}/torch.ts)`);
    const out = single ? "outputs" : `outputs[${pyStr(l.output)}]`;
    const label = labels.length === 1 ? "labels" : `labels[${pyStr(l.label)}]`;
    const term = form.expr(out, label, l.attrs);
    return l.weight === 1 ? term : `${pyFloat(l.weight)} * ${term}`;
  });
  const settings = spec.settings;
  const clip = settings.clip_norm;
  const groups = decayGroups
    ? [
        `    decay = [p for n, p in named if not (n.endswith(".bias") or p.dim() <= 1)]`,
        `    no_decay = [p for n, p in named if n.endswith(".bias") or p.dim() <= 1]  # biases, norm scales and shifts`,
        `    optimizer = ${optimizerCall(spec, `[{"params": decay}, {"params": no_decay, "weight_decay": 0.0}]`)}`,
      ]
    : [`    optimizer = ${optimizerCall(spec, "[p for _, p in named]")}`];
  const labelDoc = labels.map((l) => `${l.label}: [N${l.labelShape.map((d) => `, ${d}`).join("")}] ${l.labelDType === "i32" ? "int" : "float32"}`).join("; ");
  const lines = [
    `# ---------------------------------------------------------------- training`,
    assumed
      ? `# '${g.name}' has no training section: these are what dlc assumes for it (dlc summary --train).`
      : `# The training section of '${g.name}'.`,
    ``,
    `EPOCHS = ${num(settings, "epochs", 10)}`,
    `BATCH = ${num(settings, "batch", 32)}`,
    `SEED = ${num(settings, "seed", 0)}`,
    `CLIP_NORM = ${typeof clip === "number" ? pyNum(clip) : "None"}  # clip the gradients' global norm to this, when not None`,
    `# The labels loss_fn reads: per-sample shapes and element types.`,
    `LABELS = {${labels.map((l) => `${pyStr(l.label)}: ((${l.labelShape.join(", ")}${l.labelShape.length === 1 ? "," : ""}), ${l.labelDType === "i32" ? "torch.long" : "torch.float32"})`).join(", ")}}`,
    ...frozenCode(g, spec),
    ``,
    ``,
    `def _unwrapped(model):`,
    `    # DistributedDataParallel and DataParallel hold the network as .module.`,
    `    return model.module if isinstance(model, (nn.parallel.DistributedDataParallel, nn.DataParallel)) else model`,
    ``,
    ``,
    `def freeze(model):`,
    `    """Stops the frozen layers' parameters from training (before wrapping the model in DistributedDataParallel)."""`,
    `    for name, p in _unwrapped(model).named_parameters():`,
    `        if is_frozen(name):`,
    `            p.requires_grad_(False)`,
    `    return model`,
    ``,
    ``,
    `def make_optimizer(model):`,
    `    """The optimizer ${describe(spec.optimizer.kind, spec.optimizer.attrs)} and the schedule ${spec.schedule ? describe(spec.schedule.kind, spec.schedule.attrs) : "(none: a constant rate)"},`,
    `    over the parameters that train (freeze(model) is applied first). Returns (optimizer, scheduler):`,
    `    call scheduler.step() once per epoch, as dlc sets the learning rate once per epoch."""`,
    `    freeze(model)`,
    `    named = [(n, p) for n, p in _unwrapped(model).named_parameters() if p.requires_grad]`,
    ...groups,
    ...schedulerCode(spec).map((l) => (l === "" ? "" : `    ${l}`)),
    `    return optimizer, scheduler`,
    ``,
    ``,
    `def loss_fn(outputs, labels):`,
    `    """The total loss: ${spec.losses.map((l) => `${l.weight} · ${l.kind}(${l.output}, ${l.label})`).join(" + ")}.`,
    `    outputs: what the model returns${single ? "" : " (a dict by output name)"}; labels: ${labels.length === 1 ? "the label tensor" : "a dict by label name"} (${labelDoc})."""`,
    `    return ${lossTerms.join(" + ")}`,
    ``,
    ``,
    `def train_step(model, optimizer, inputs, labels):`,
    `    """One optimizer step as dlc takes it: forward, loss, backward, clipping, update. inputs: a dict by input name. Returns the loss."""`,
    `    optimizer.zero_grad()`,
    `    loss = loss_fn(model(**inputs), labels)`,
    `    loss.backward()`,
    `    if CLIP_NORM is not None:`,
    `        torch.nn.utils.clip_grad_norm_([p for p in model.parameters() if p.requires_grad], CLIP_NORM)`,
    `    optimizer.step()`,
    `    return loss.detach()`,
  ];
  return lines.join("\n");
}
