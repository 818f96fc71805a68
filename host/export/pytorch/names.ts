// Python names for the exported module: local variables for the graph's
// values, attribute paths for its submodules, and the class name. dlc's
// names are identifiers joined by dots (block scopes); Python's keywords,
// the names the exported file itself defines, and nn.Module's own
// attributes (a layer called `eval` or `train`) must not be shadowed.

const KEYWORDS = new Set(
  "False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield".split(" "),
);

/**
 * nn.Module's methods and attributes (torch 1.13 and later): a submodule of
 * such a name cannot be an attribute (`self.eval = …` fails), so it is set
 * and read through `_modules["eval"]`, which keeps its state_dict name.
 */
const MODULE_ATTRIBUTES = new Set(
  (
    "T_destination add_module apply bfloat16 buffers call_super_init children cpu cuda double dump_patches eval extra_repr float forward " +
    "get_buffer get_extra_state get_parameter get_submodule half ipu load_state_dict modules named_buffers named_children named_modules " +
    "named_parameters parameters register_backward_hook register_buffer register_forward_hook register_forward_pre_hook " +
    "register_full_backward_hook register_full_backward_pre_hook register_load_state_dict_post_hook register_module register_parameter " +
    "register_state_dict_pre_hook requires_grad_ set_extra_state share_memory state_dict to to_empty train training type xpu zero_grad"
  ).split(" "),
);

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether `s` can be written as `parent.s` for a submodule of an nn.Module. */
export function isAttributeName(s: string): boolean {
  return IDENTIFIER.test(s) && !KEYWORDS.has(s) && !MODULE_ATTRIBUTES.has(s) && !s.startsWith("_");
}

/** Hands out distinct Python local names, none of them reserved. */
export class LocalNames {
  private readonly taken: Set<string>;

  constructor(reserved: Iterable<string>) {
    this.taken = new Set(reserved);
  }

  /** A fresh name like `stage1_basic2_conv1` for dlc's `stage1.basic2.conv1`. */
  fresh(dlcName: string): string {
    let base = dlcName.replace(/[^A-Za-z0-9_]/g, "_");
    if (!/^[A-Za-z_]/.test(base)) base = `v_${base}`;
    if (KEYWORDS.has(base)) base = `${base}_`;
    let name = base;
    for (let k = 2; this.taken.has(name); k++) name = `${base}_${k}`;
    this.taken.add(name);
    return name;
  }
}

/** The class name of network `name`: `resnet18` → `Resnet18`, `multitask_localization` → `MultitaskLocalization`. */
export function className(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
  const joined = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
  const cls = /^[A-Za-z]/.test(joined) ? joined : `Net${joined}`;
  return KEYWORDS.has(cls) || cls === "Model" ? `${cls}Net` : cls;
}
