// A scenario tree as an interactive page: the evaluation, the numbers as Python writes them, and the UI.
//
// One plain ES module with no dependency and no bundler. The standalone page (scenario_tree.sharing.page)
// inlines it; the JupyterLab document viewer imports it. Exports:
//   evaluate(data, probabilities?)  pure backward induction over the page data (see page.py for its shape)
//   mount(element, data, options?)  the whole UI inside `element`: {select, setProbability, reset, destroy, ...}
//   shareOut, formatG, formatFixed, formatNumber, formatProbability: pure helpers, exported for the tests.
// Everything mirrors Python: evaluate.py (values, ties, probabilities, outcome order), tree.py (`#`
// remainders, moving one branch with locks) and render.py (how the drawing writes numbers).

const REMAINDER = "#";
const TIE_RELATIVE = 1e-12; // evaluate.TIE_RELATIVE
const SHARE_TOLERANCE = 1e-9; // what ScenarioTree._share_out lets pass
const ZERO_TOTAL = 1e-12; // tree._TOLERANCE: below it, free branches share the room equally
const OUTCOME_ROWS = 200; // rows per outcome table; the rest is counted
const POLICY_ROWS = 60; // decisions listed under "Chosen policy"; the rest is counted
const READABLE_SCALE = 0.95; // screen px per drawing pt: 12 pt labels at 11.4 px, the smallest shown whole
const FIRST_SCALE = 1.15; // a tree too large to show whole starts at 12 pt labels of about 13.8 px

// -- evaluation ------------------------------------------------------------------------------------

// The option a decision takes: the first at least top - TIE_RELATIVE * (the largest |value|), where
// top is the best value (evaluate.tie_floor). Kept alone so that a change of the tie rule is a change here only.
function chosenOption(keys) {
  let top = -Infinity;
  let magnitude = 0;
  for (const key of keys) {
    top = Math.max(top, key);
    magnitude = Math.max(magnitude, Math.abs(key));
  }
  return keys.findIndex((key) => key >= top - TIE_RELATIVE * magnitude);
}

const compiledTrees = new WeakMap();

// The nodes in level order (as evaluate.compile_tree lays them out, which orders equal outcomes).
function compile(data) {
  let compiled = compiledTrees.get(data);
  if (compiled) return compiled;
  const byId = new Map(data.nodes.map((node) => [node.id, node]));
  const order = [byId.get(data.root)];
  for (let index = 0; index < order.length; index++) {
    for (const child of order[index].children) order.push(byId.get(child));
  }
  compiled = { byId, order };
  compiledTrees.set(data, compiled);
  return compiled;
}

function asMap(probabilities) {
  if (probabilities instanceof Map) return probabilities;
  return new Map(Object.entries(probabilities || {}));
}

// A chance node's branch probabilities: moved values first, then the file's; `#` shares what is left.
function branchProbabilities(chance, byId, moved) {
  const raw = chance.children.map((id) => {
    if (moved.has(id)) return moved.get(id);
    const node = byId.get(id);
    return node.written === REMAINDER ? REMAINDER : node.probability;
  });
  let given = 0;
  let remainders = 0;
  for (const value of raw) {
    if (value === REMAINDER) remainders += 1;
    else if (value !== null && value !== undefined) given += value;
  }
  const share = remainders ? (1.0 - given) / remainders : 0.0;
  return raw.map((value) => (value === REMAINDER ? share : value ?? 0.0));
}

// a branch written as an expression keeps the value it had when the page was written
function isExpression(node) {
  return typeof node.written === "string" && node.written !== REMAINDER;
}

// -R ln(p1·exp(-c1/R) + p2·exp(-c2/R) + …) of the children's certainty equivalents ci, shifted by the least
// ci of a branch that can happen so that no exponent is positive (evaluate._certain, the same arithmetic)
function certaintyEquivalent(children, certainty, probability, actor, tolerance) {
  let low = Infinity;
  for (const child of children) if (probability[child] > 0) low = Math.min(low, certainty[child][actor]);
  let total = 0;
  for (const child of children) {
    if (probability[child] > 0) total += probability[child] * Math.expm1(-(certainty[child][actor] - low) / tolerance);
  }
  return low - tolerance * Math.log1p(Math.max(total, -1 + Number.EPSILON / 2));
}

function table() {
  return Object.create(null); // node ids are keys: "__proto__" is a valid id
}

/**
 * Backward induction over the page data, each decision maximising its own actor's value.
 *
 * @param {object} data The page data (page.py's contract).
 * @param {Map|object} [probabilities] Branch probabilities that replace the file's ({id: number}).
 * An actor with a risk tolerance R (data.risk_tolerance, null: linear) is also evaluated in certainty
 * equivalents of the payoffs from each node on, folded back as evaluate.py does, and decides by them.
 *
 * @returns {object} `ids` (level order), `value` {id: [per actor]}, `certainty` {id: [per actor]: the
 *   certainty equivalents, the value for a linear actor}, `best` {id: child id or null},
 *   `probability` {id: number or null}, `pathProbability`, `policyProbability` {id: number} and
 *   `outcomes` sorted as Python's Evaluation.outcomes().
 */
export function evaluate(data, probabilities) {
  const { byId, order } = compile(data);
  const moved = asMap(probabilities);
  const actors = data.actors.length;
  const probability = table();
  for (const node of order) {
    if (node.kind !== "chance") continue;
    branchProbabilities(node, byId, moved).forEach((p, index) => { probability[node.children[index]] = p; });
  }
  const tolerance = data.actors.map((_, actor) => data.risk_tolerance?.[actor] ?? Infinity);
  const value = table();
  const certainty = table();
  const best = table();
  for (let row = order.length - 1; row >= 0; row--) {
    const node = order[row];
    const own = node.payoff.slice(0, actors);
    const sure = node.payoff.slice(0, actors);
    best[node.id] = null;
    if (node.children.length && node.kind === "chance") {
      for (let actor = 0; actor < actors; actor++) {
        let sum = 0;
        for (const child of node.children) sum += value[child][actor] * probability[child];
        own[actor] += sum;
        sure[actor] = Number.isFinite(tolerance[actor])
          ? sure[actor] + certaintyEquivalent(node.children, certainty, probability, actor, tolerance[actor])
          : own[actor];
      }
    } else if (node.children.length && node.kind === "decision") {
      const decider = node.actor ?? 0;
      const choice = node.children[chosenOption(node.children.map((child) => certainty[child][decider]))];
      best[node.id] = choice;
      for (let actor = 0; actor < actors; actor++) {
        own[actor] += value[choice][actor];
        sure[actor] += certainty[choice][actor];
      }
    }
    value[node.id] = own;
    certainty[node.id] = sure;
  }
  const pathProbability = table();
  const policyProbability = table();
  pathProbability[data.root] = 1;
  policyProbability[data.root] = 1;
  for (const node of order) {
    for (const child of node.children) {
      const branch = node.kind === "chance" ? probability[child] : 1;
      const taken = node.kind === "decision" ? Number(best[node.id] === child) : branch;
      pathProbability[child] = pathProbability[node.id] * branch;
      policyProbability[child] = policyProbability[node.id] * taken;
    }
  }
  for (const node of order) if (!(node.id in probability)) probability[node.id] = null;
  const outcomes = order.filter((node) => node.kind === "outcome").map((node) => ({
    id: node.id,
    label: node.label,
    policy_probability: policyProbability[node.id],
    path_probability: pathProbability[node.id],
    value: value[node.id],
  }));
  // Array.prototype.sort is stable: equal outcomes keep their level order, as in Python
  outcomes.sort((a, b) => b.policy_probability - a.policy_probability || b.path_probability - a.path_probability);
  return { ids: order.map((node) => node.id), value, certainty, best, probability, pathProbability, policyProbability,
    outcomes };
}

/**
 * Move one branch of a chance node and rescale the others, as ScenarioTree.set_probability does:
 * fixed (locked) siblings keep their value, the free ones share the room in proportion to their
 * current values (equally if those sum to 0).
 *
 * @param {number[]} current The branches' probabilities now.
 * @param {number} index The branch moved. @param {number} probability Its new value.
 * @param {boolean[]} fixed Which branches stay as they are.
 * @param {string} [name] The branch's name for the message.
 * @returns {number[]} The new probabilities. @throws {Error} What Python refuses, with its message.
 */
export function shareOut(current, index, probability, fixed, name = "the branch") {
  let lockedTotal = 0;
  const free = [];
  current.forEach((value, other) => {
    if (other === index) return;
    if (fixed[other]) lockedTotal += value;
    else free.push(other);
  });
  let room = 1.0 - probability - lockedTotal;
  const g = (number) => formatG(number, 6);
  if (room < -SHARE_TOLERANCE) {
    throw new Error(`cannot set ${name} to ${g(probability)}: its locked siblings hold ${g(lockedTotal)}, ` +
                    `so it can be at most ${g(1 - lockedTotal)}`);
  }
  if (!free.length && Math.abs(room) > SHARE_TOLERANCE) {
    throw new Error(`cannot set ${name} to ${g(probability)}: every sibling is locked, so it must be ` +
                    `${g(1 - lockedTotal)}`);
  }
  room = Math.max(room, 0.0);
  let freeTotal = 0;
  for (const other of free) freeTotal += current[other];
  const next = current.slice();
  for (const other of free) {
    next[other] = freeTotal > ZERO_TOTAL ? (current[other] / freeTotal) * room : room / free.length;
  }
  next[index] = probability;
  return next;
}

// -- numbers as Python formats them -----------------------------------------------------------------
// Python rounds the exact binary value half to even; JavaScript's toPrecision rounds ties up. So the
// exact decimal value of the double is written out (BigInt) and rounded here.

function exactDecimal(x) {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & 0xfffffffffffffn;
  let power = -1074;
  if (biased) {
    mantissa |= 1n << 52n;
    power = biased - 1075;
  }
  if (mantissa === 0n) return { negative, digits: "0", exponent: 0 };
  if (power >= 0) return { negative, digits: (mantissa << BigInt(power)).toString(), exponent: 0 };
  return { negative, digits: (mantissa * 5n ** BigInt(-power)).toString(), exponent: power };
}

// round(digits * 10**(exponent + shift)) to an integer, half to even
function roundScaled(digits, exponent, shift) {
  const scale = exponent + shift;
  if (scale >= 0) return BigInt(digits) * 10n ** BigInt(scale);
  const cut = digits.length + scale;
  if (cut < 0) return 0n;
  const head = cut ? BigInt(digits.slice(0, cut)) : 0n;
  const first = digits[cut];
  const beyond = /[1-9]/.test(digits.slice(cut + 1));
  const up = first > "5" || (first === "5" && (beyond || head % 2n === 1n));
  return up ? head + 1n : head;
}

function stripZeros(text) {
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}

/** Python's `format(x, ".{precision}g")` for a finite x. */
export function formatG(x, precision) {
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const { negative, digits, exponent } = exactDecimal(x);
  let point = digits.length - 1 + exponent; // the power of ten of the leading digit
  let kept = roundScaled(digits, exponent, precision - 1 - point).toString();
  if (kept.length > precision) { // rounding carried into a new digit: 9.995 -> 10.0
    point += 1;
    kept = kept.slice(0, precision);
  }
  const sign = negative ? "-" : "";
  if (point >= -4 && point < precision) {
    const text = point >= 0 ? `${kept.slice(0, point + 1)}.${kept.slice(point + 1)}` : `0.${"0".repeat(-point - 1)}${kept}`;
    return sign + stripZeros(text);
  }
  const power = String(Math.abs(point)).padStart(2, "0");
  return `${sign}${stripZeros(`${kept[0]}.${kept.slice(1)}`)}e${point < 0 ? "-" : "+"}${power}`;
}

/** Python's `format(x, ".{decimals}f")`, or `",.{decimals}f"` with grouping. */
export function formatFixed(x, decimals, grouping = false) {
  const { negative, digits, exponent } = exactDecimal(x);
  const text = roundScaled(digits, exponent, decimals).toString().padStart(decimals + 1, "0");
  let whole = text.slice(0, text.length - decimals);
  if (grouping) whole = whole.replace(/\B(?=(\d{3})+$)/g, ",");
  return `${negative ? "-" : ""}${whole}${decimals ? `.${text.slice(text.length - decimals)}` : ""}`;
}

/** A value as the drawing writes it (render._number). */
export function formatNumber(value) {
  if (Math.abs(value) >= 1e4) return formatFixed(value, 0, true);
  const text = formatG(value, 3);
  return text === "-0" ? "0" : text;
}

/** A probability as the drawing writes it (render._probability_text). */
export function formatProbability(probability) {
  return probability >= 0.001 || probability === 0 ? formatG(probability, 3) : formatG(probability, 2);
}

// -- the drawing's text lines ----------------------------------------------------------------------
// The only place that knows what each line of the drawing shows (render.node_mark and edge_mark):
// a text's class names its line, and here is how that line is written from an evaluation.

const DRAWN_LINES = {
  node: {
    "st-values": (id, result, data) => {
      const values = result.value[id];
      if (data.actors.length === 1) return formatNumber(values[0]);
      return values.map((value, actor) => `${data.abbreviations[actor]} ${formatNumber(value)}`).join(" · ");
    },
    "st-reach": (id, result) => (result.policyProbability[id] > 0
      ? `p ${formatProbability(result.policyProbability[id])}`
      : `p ${formatProbability(result.pathProbability[id])} if chosen`),
  },
  edge: {
    "st-probability": (id, result) => formatProbability(result.probability[id]),
  },
};

// What the drawing's tooltips (each group's <title>) say, as scenario_tree.drawing.marks writes them.
const TOOLTIPS = {
  node(id, result, data) {
    const { byId } = compile(data);
    const node = byId.get(id);
    let kind = node.kind === "decision" ? `decision: ${data.actors[node.actor ?? 0]} chooses` : node.kind;
    if (node.folded) kind += `, folded: ${outcomesUnder(byId, id)} outcomes below (click to unfold)`;
    const values = data.actors.map((actor, index) => `${actor} ${formatNumber(result.value[id][index])}`).join(", ");
    const lines = [node.label, kind, `value: ${values}`];
    const parent = node.parent === null ? null : byId.get(node.parent);
    if (parent && parent.kind === "chance") {
      lines.push(`probability of this branch: ${formatProbability(result.probability[id])}`);
    }
    if (node.kind === "outcome") {
      const policy = result.policyProbability[id];
      lines.push(policy > 0 ? `reached with probability ${formatProbability(policy)} under the chosen policy`
        : "off the chosen policy: a decision above chooses another branch");
    }
    return lines.join("\n");
  },
  edge(id, result, data) {
    const { byId } = compile(data);
    const node = byId.get(id);
    const parent = byId.get(node.parent);
    const chance = parent.kind === "chance" ? ` (p ${formatProbability(result.probability[id])})` : "";
    return `${parent.label} → ${node.label}${chance}`;
  },
};

function outcomesUnder(byId, id) {
  let count = 0;
  const stack = [id];
  while (stack.length) {
    const node = byId.get(stack.pop());
    if (node.children.length === 0) count += 1;
    else stack.push(...node.children);
  }
  return count;
}

// -- small DOM helpers (text only: nothing from the file ever becomes markup) -----------------------

// children: nodes, text (as text), nested arrays, and null/undefined/false (left out)
function fill(element, ...children) {
  element.replaceChildren(...children.flat(Infinity).filter((child) => child !== null && child !== undefined &&
    child !== false).map((child) => (child instanceof Node ? child : String(child))));
  return element;
}

function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") element.className = value;
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  return fill(element, ...children);
}

function parseSvg(text) {
  const parsed = new DOMParser().parseFromString(text, "image/svg+xml");
  if (parsed.querySelector("parsererror")) throw new Error("scenario-tree: the drawing is not valid SVG");
  return document.importNode(parsed.documentElement, true);
}

const fixed3 = (p) => formatFixed(p, 3);
const g4 = (value) => formatG(value, 4);

function sourceText(source) {
  if (!source) return "";
  const parts = [source.author, source.title ? `“${source.title}”` : null, source.outlet, source.date];
  return parts.filter(Boolean).join(", ");
}

// -- the drawing: found once, then restyled by classes and updated text -----------------------------

function indexDrawing(svg) {
  const groups = new Map();
  for (const group of svg.querySelectorAll("g[data-node]")) {
    const role = group.classList.contains("edge") ? "edge" : group.classList.contains("node") ? "node" : null;
    if (!role) continue;
    const entry = groups.get(group.dataset.node) || {};
    entry[role] = group;
    entry[`${role}Texts`] = Object.keys(DRAWN_LINES[role]).map((line) => [line, group.querySelector(`text.${line}`)])
      .filter(([, text]) => text);
    groups.set(group.dataset.node, entry);
  }
  return groups;
}

function paintDrawing(data, groups, result, selectedPath) {
  for (const [id, entry] of groups) {
    const onPolicy = result.policyProbability[id] > 0;
    const parent = entry.parentId;
    for (const role of ["node", "edge"]) {
      const group = entry[role];
      if (!group) continue;
      group.classList.toggle("on-policy", onPolicy);
      group.classList.toggle("off-policy", !onPolicy);
      group.classList.toggle("selected", selectedPath.has(id));
      if (role === "edge") group.classList.toggle("chosen", parent !== null && result.best[parent] === id);
      for (const [line, text] of entry[`${role}Texts`]) {
        const written = DRAWN_LINES[role][line](id, result, data);
        if (text.textContent !== written) text.textContent = written;
      }
      const title = group.querySelector(":scope > title");
      const tooltip = TOOLTIPS[role](id, result, data);
      if (title && title.textContent !== tooltip) title.textContent = tooltip;
    }
  }
}

// -- mount -----------------------------------------------------------------------------------------

/**
 * Show a tree's page inside `element`: drawing, details, sliders, policy and outcomes.
 *
 * The UI lives in `element` only: its styles are scoped to the class added here, nothing is put on
 * `window` or `document`, and `destroy()` removes every listener and the content.
 *
 * @param {HTMLElement} element Where to show the page.
 * @param {object} data The page data (scenario_tree.sharing.page.page_data).
 * @param {object} [options] `onOpenNotebook`: called when "Open in a notebook" is pressed (the
 *   button shows only with it).
 * @returns {object} `select(id)`, `setProbability(id, p)`, `reset()`, `destroy()`, and `lock`,
 *   `unlock`, `fold`, `unfold`, `stepIn`, `up`, `back`, `evaluation()`, `selected()`.
 */
export function mount(element, data, options = {}) {
  const { byId, order } = compile(data);
  const parentOf = new Map();
  for (const node of data.nodes) for (const child of node.children) parentOf.set(child, node.id);
  const state = {
    selected: data.root,
    history: [],
    moved: new Map(),
    locked: new Set(),
    folded: new Set(),
    result: null,
    messages: new Map(),
  };
  const cleanups = [];
  const listen = (target, type, handler, settings) => {
    target.addEventListener(type, handler, settings);
    cleanups.push(() => target.removeEventListener(type, handler, settings));
  };

  element.classList.add("scenario-page");
  element.tabIndex = 0;
  const parts = buildLayout();
  fill(element, parts.header, parts.toolbar, parts.body, parts.results);
  const tools = buildToolbar();
  // a page written without a drawing (page_data(drawing=False)) still evaluates and lists everything
  const svg = data.svg ? parseSvg(data.svg) : document.createElementNS("http://www.w3.org/2000/svg", "svg");
  parts.stage.append(svg);
  setPalette(parts.stage, data.style);
  const groups = indexDrawing(svg);
  for (const [id, entry] of groups) {
    entry.parentId = parentOf.get(id) ?? null;
    const node = byId.get(id);
    if (entry.node) {
      entry.node.style.setProperty("--st-on-fill", onPolicyFill(node));
      entry.node.style.setProperty("--st-on-stroke", data.style.kinds[node.folded ? "folded" : node.kind].stroke);
    }
  }
  const view = viewBox(svg);
  wireEvents();
  wireControls();
  refresh();
  view.startReadable(groups.get(data.root)?.node);
  element.dataset.ready = "true";

  function onPolicyFill(node) {
    if (node.folded) return data.style.kinds.folded.fill;
    const tag = node.kind === "outcome" && node.tags.length ? data.style.tags[node.tags[0]] : undefined;
    return tag ?? data.style.kinds[node.kind].fill;
  }

  // -- layout ---------------------------------------------------------------------------------------

  function buildLayout() {
    const source = data.source || {};
    const changed = h("span", { class: "sp-changed", hidden: true });
    const legend = data.actors.length > 1
      ? h("p", { class: "sp-legend" }, "Values: ", data.actors.map((actor, index) =>
        `${data.abbreviations[index]} = ${actor}`).join(" · "))
      : null;
    const hidden = data.svg ? data.nodes.filter((node) => !node.drawn).length : 0;
    const header = h("header", { class: "sp-header" },
      h("h1", { class: "sp-title" }, data.title),
      sourceText(source) ? h("p", { class: "sp-source" }, "Source: ", sourceText(source),
        source.url ? h("span", { class: "sp-url" }, ` · ${source.url}`) : null) : null,
      h("p", { class: "sp-provenance" },
        `The numbers are those of ${data.file ? `the file ${data.file}` : "the tree"} when this page was written ` +
        `(${data.written}${data.parameters && Object.keys(data.parameters).length ? ", expressions evaluated then" : ""}). ` +
        "Moving a slider changes them in this page only; Reset brings the file's numbers back. ", changed),
      hidden ? h("p", { class: "sp-folded-note" }, `This tree has ${data.nodes.length} nodes: ${hidden} of them ` +
        "were folded when the page was written (▸ in the drawing). Their numbers are in the outcome table.") : null,
      legend, aboutTree());
    const stage = h("div", { class: "sp-stage", "aria-label": "drawing of the tree" });
    const details = h("section", { class: "sp-details", "aria-live": "polite" });
    const sliders = h("section", { class: "sp-sliders" });
    const crumbs = h("nav", { class: "sp-path", "aria-label": "path from the root" });
    const body = h("div", { class: "sp-body" },
      h("div", { class: "sp-card" }, stage),
      h("aside", { class: "sp-side" }, crumbs, details, sliders));
    const policy = h("section", { class: "sp-policy" });
    const outcomes = h("section", { class: "sp-outcomes" });
    const results = h("div", { class: "sp-results" }, policy, outcomes);
    const toolbar = h("div", { class: "sp-toolbar", role: "toolbar" });
    return { header, changed, toolbar, stage, details, sliders, crumbs, body, policy, outcomes, results };
  }

  function aboutTree() {
    const parameters = Object.entries(data.parameters || {});
    if (!data.description && !parameters.length) return null;
    const expressions = data.parameter_expressions || {};
    return h("details", { class: "sp-about" }, h("summary", {}, "About this tree"),
      data.description ? h("p", {}, data.description) : null,
      parameters.length ? h("table", { class: "sp-parameters" }, h("caption", {}, "Parameters"),
        parameters.map(([name, value]) => h("tr", {}, h("th", {}, name), h("td", {}, g4(value)),
          h("td", { class: "sp-written" }, expressions[name] ? `written as ${expressions[name]}` : "")))) : null);
  }

  function button(label, title, action, css) {
    const element_ = h("button", { type: "button", class: `sp-button ${css || ""}`.trim(), title }, label);
    listen(element_, "click", () => action());
    return element_;
  }

  function buildToolbar() {
    const tools = {
      home: button("⌂ Root", "Select the root (Home)", () => select(data.root), "sp-home"),
      back: button("◀ Back", "The previous selection (Backspace)", back, "sp-back"),
      up: button("↑ Up", "Select the parent (←)", up, "sp-up"),
      stepIn: button("Step in ▸", "Select the chosen branch, or the first (→)", () => stepIn(), "sp-step-in"),
      fold: button("Fold", "Hide the subtree below the selected node", toggleFold, "sp-fold"),
      fit: button("Fit", "Show the whole drawing", () => view.fit(), "sp-fit"),
      readable: button("100%", "Readable size around the selected node: labels as large as they were drawn",
        () => view.readableAround(groups.get(state.selected)?.node), "sp-readable"),
      zoomIn: button("+", "Zoom in", () => view.zoom(0.8), "sp-zoom-in"),
      zoomOut: button("−", "Zoom out", () => view.zoom(1.25), "sp-zoom-out"),
      reset: button("Reset", "Put back the file's numbers", reset, "sp-reset"),
    };
    const notebook = options.onOpenNotebook
      ? button("Open in a notebook", "Open this tree in a notebook", () => options.onOpenNotebook(data), "sp-notebook")
      : null;
    fill(parts.toolbar, tools.home, tools.back, tools.up, tools.stepIn, tools.fold, h("span", { class: "sp-gap" }),
      tools.fit, tools.readable, tools.zoomIn, tools.zoomOut, h("span", { class: "sp-gap" }), tools.reset, notebook);
    return tools;
  }

  function setPalette(stage, style) {
    const palette = {
      "--st-policy": style.policy, "--st-muted": style.muted, "--st-muted-fill": style.muted_fill,
      "--st-muted-text": style.muted_text, "--st-text": style.text, "--st-plain-edge": style.edge,
      "--st-selected": style.selected,
    };
    for (const [name, colour] of Object.entries(palette)) stage.style.setProperty(name, colour);
  }

  // -- zoom and pan: the drawing's viewBox ----------------------------------------------------------

  function viewBox(drawing) {
    const [x, y, w, height] = (drawing.getAttribute("viewBox") || "0 0 100 100").split(/[\s,]+/).map(Number);
    const home = { x, y, w, h: height };
    let box = { ...home };
    let lead = { left: 0.5, top: 0.5 }; // where a revealed node is placed in the view (see startReadable)
    const apply = () => drawing.setAttribute("viewBox", `${box.x} ${box.y} ${box.w} ${box.h}`);
    const toDrawing = (clientX, clientY) => {
      const matrix = drawing.getScreenCTM();
      return matrix ? new DOMPoint(clientX, clientY).matrixTransform(matrix.inverse()) : null;
    };
    // a view of w x h drawing units with the group on the side the tree grows from, the whole group
    // in sight (its branches then have the rest of the view)
    function placeAt(group, w, h) {
      const rect = group.getBoundingClientRect();
      const start = toDrawing(rect.left, rect.top);
      const end = toDrawing(rect.right, rect.bottom);
      if (!start || !end) return;
      const along = (low, high, size, share) => {
        const margin = size * 0.03;
        const wanted = (low + high) / 2 - size * share;
        return Math.min(Math.max(wanted, high + margin - size), low - margin);
      };
      box = { x: along(start.x, end.x, w, lead.left), y: along(start.y, end.y, h, lead.top), w, h };
      apply();
    }
    return {
      fit() { box = { ...home }; apply(); },
      zoom(factor, clientX, clientY) {
        const at = clientX === undefined ? null : toDrawing(clientX, clientY);
        const cx = at ? at.x : box.x + box.w / 2;
        const cy = at ? at.y : box.y + box.h / 2;
        box = { x: cx - (cx - box.x) * factor, y: cy - (cy - box.y) * factor, w: box.w * factor, h: box.h * factor };
        apply();
      },
      pan(start, dx, dy) {
        const matrix = drawing.getScreenCTM();
        const scale = matrix ? 1 / matrix.a : 1;
        box = { ...start, x: start.x - dx * scale, y: start.y - dy * scale };
        apply();
      },
      // the readable zoom with the group where the tree grows from, its branches in sight
      readableAround(group) {
        const seen = drawing.getBoundingClientRect();
        if (!group || !seen.width) return;
        placeAt(group, seen.width / FIRST_SCALE, seen.height / FIRST_SCALE);
      },
      // bring a group that is out of sight into view, keeping the zoom
      reveal(group) {
        const seen = drawing.getBoundingClientRect();
        const rect = group.getBoundingClientRect();
        const inside = rect.left >= seen.left && rect.right <= seen.right && rect.top >= seen.top &&
          rect.bottom <= seen.bottom;
        if (inside || !rect.width) return;
        placeAt(group, box.w, box.h);
      },
      // a drawing too large to read whole starts at a readable zoom on the root (Fit still shows all)
      startReadable(root) {
        const seen = drawing.getBoundingClientRect();
        if (!root || !seen.width) return;
        const rect = root.getBoundingClientRect();
        const corner = toDrawing(rect.left, rect.top + rect.height / 2);
        // where the tree grows from (the root's side of the drawing): a revealed node goes there,
        // so that its branches are in sight
        const clamp = (value) => Math.min(0.8, Math.max(0.2, value));
        lead = { left: clamp((corner.x - home.x) / home.w), top: clamp((corner.y - home.y) / home.h) };
        if (Math.min(seen.width / home.w, seen.height / home.h) >= READABLE_SCALE) return;
        const w = seen.width / FIRST_SCALE;
        const h = seen.height / FIRST_SCALE;
        box = { x: corner.x - w * 0.02, y: corner.y - h / 2, w, h };
        apply();
      },
      get box() { return { ...box }; },
    };
  }

  function wireEvents() {
    const stage = parts.stage;
    let drag = null;
    listen(stage, "pointerdown", (event) => {
      drag = { x: event.clientX, y: event.clientY, box: view.box, moved: false, pointer: event.pointerId };
    });
    listen(stage, "pointermove", (event) => {
      if (!drag || drag.pointer !== event.pointerId) return;
      const dx = event.clientX - drag.x;
      const dy = event.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) > 4) {
        drag.moved = true;
        stage.setPointerCapture(event.pointerId);
      }
      if (drag.moved) view.pan(drag.box, dx, dy);
    });
    listen(stage, "pointerup", () => { setTimeout(() => { drag = null; }, 0); });
    listen(stage, "click", (event) => {
      if (drag && drag.moved) return;
      const group = event.target.closest("g.node[data-node]");
      if (group && stage.contains(group)) clickNode(group.dataset.node);
    });
    listen(stage, "wheel", (event) => {
      event.preventDefault();
      view.zoom(event.deltaY > 0 ? 1.15 : 1 / 1.15, event.clientX, event.clientY);
    }, { passive: false });
    listen(element, "keydown", (event) => {
      if (event.target.closest("input, button, select, textarea, summary")) return;
      const actions = {
        ArrowLeft: up, ArrowRight: () => stepIn(), ArrowUp: () => sibling(-1), ArrowDown: () => sibling(1),
        Home: () => select(data.root), Backspace: back,
      };
      if (actions[event.key]) {
        event.preventDefault();
        actions[event.key]();
      }
    });
  }

  // -- navigation -----------------------------------------------------------------------------------

  function select(id, remember = true) {
    if (!byId.has(id)) throw new Error(`unknown node id: ${JSON.stringify(id)}`);
    if (remember && id !== state.selected) state.history.push(state.selected);
    state.selected = id;
    refresh();
    const group = groups.get(id)?.node;
    if (group && !group.classList.contains("sp-hidden")) view.reveal(group);
  }

  function clickNode(id) {
    if (state.folded.has(id)) {
      state.folded.delete(id);
      applyFolds();
    }
    select(id);
  }

  function stepIn(childId) {
    const node = byId.get(state.selected);
    if (!node.children.length) return;
    const target = childId ?? state.result.best[node.id] ?? node.children[0];
    if (!node.children.includes(target)) throw new Error(`${target} is not a branch of ${node.id}`);
    if (state.folded.has(node.id)) {
      state.folded.delete(node.id);
      applyFolds();
    }
    select(target);
  }

  function up() {
    const parent = parentOf.get(state.selected);
    if (parent !== undefined) select(parent);
  }

  function back() {
    while (state.history.length) {
      const id = state.history.pop();
      if (byId.has(id)) {
        select(id, false);
        return;
      }
    }
  }

  function sibling(offset) {
    const parent = parentOf.get(state.selected);
    if (parent === undefined) return;
    const siblings = byId.get(parent).children;
    select(siblings[(siblings.indexOf(state.selected) + offset + siblings.length) % siblings.length]);
  }

  function pathTo(id) {
    const path = [id];
    while (parentOf.has(path[path.length - 1])) path.push(parentOf.get(path[path.length - 1]));
    return path.reverse();
  }

  // -- folding: hide a subtree's groups, mark the folded node ---------------------------------------

  function toggleFold() {
    const id = state.selected;
    if (!byId.get(id).children.length) return;
    if (state.folded.has(id)) unfold(id);
    else fold(id);
  }

  function fold(id) {
    if (!byId.get(id).children.length) throw new Error(`${id} has no branches to fold`);
    state.folded.add(id);
    applyFolds();
    if (pathTo(state.selected).slice(0, -1).includes(id)) select(id);
    else refresh();
  }

  function unfold(id) {
    state.folded.delete(id);
    applyFolds();
    refresh();
  }

  function outcomesBelow(id) {
    let count = 0;
    const stack = [id];
    while (stack.length) {
      const node = byId.get(stack.pop());
      if (!node.children.length) count += 1;
      else stack.push(...node.children);
    }
    return count;
  }

  function applyFolds() {
    const hiddenIds = new Set(); // below a folded node; level order visits parents first
    for (const node of order) {
      const parent = parentOf.get(node.id);
      if (parent !== undefined && (state.folded.has(parent) || hiddenIds.has(parent))) hiddenIds.add(node.id);
    }
    for (const [id, entry] of groups) {
      const hidden = hiddenIds.has(id);
      entry.node?.classList.toggle("sp-hidden", hidden);
      entry.edge?.classList.toggle("sp-hidden", hidden);
      const folded = state.folded.has(id);
      entry.node?.classList.toggle("sp-folded", folded);
      entry.badge?.remove();
      entry.badge = null;
      if (folded && entry.node && !hidden) entry.badge = addBadge(entry.node, `▸ ${outcomesBelow(id)} outcomes folded`);
    }
  }

  function addBadge(group, text) {
    const box = group.getBBox();
    const badge = document.createElementNS("http://www.w3.org/2000/svg", "text");
    badge.setAttribute("class", "sp-badge");
    badge.setAttribute("x", String(box.x + box.width + 4));
    badge.setAttribute("y", String(box.y + box.height / 2 + 4));
    badge.textContent = text;
    group.append(badge);
    return badge;
  }

  // -- numbers --------------------------------------------------------------------------------------

  function setProbability(id, probability, source) {
    const node = byId.get(id);
    const chance = byId.get(parentOf.get(id));
    if (!node || !chance || chance.kind !== "chance") {
      throw new Error(`${JSON.stringify(id)} is not a branch of a chance node; only those have probabilities`);
    }
    if (isExpression(node)) {
      throw new Error(`“${node.label}” is written as ${node.written} in the file: it cannot be moved in this page`);
    }
    if (typeof probability !== "number" || !(probability >= 0 && probability <= 1)) {
      throw new Error(`“${node.label}”: probability: found ${probability}, expected a number in [0, 1]`);
    }
    const current = chance.children.map((child) => state.result.probability[child]);
    const fixed = chance.children.map((child) => state.locked.has(child) || isExpression(byId.get(child)));
    const next = shareOut(current, chance.children.indexOf(id), probability, fixed, `“${node.label}”`);
    chance.children.forEach((child, index) => state.moved.set(child, next[index]));
    state.messages.clear();
    refresh(source);
  }

  function reset() {
    state.moved.clear();
    state.messages.clear();
    refresh();
  }

  function lock(id, locked = true) {
    const parent = byId.get(parentOf.get(id));
    if (!parent || parent.kind !== "chance") throw new Error(`${JSON.stringify(id)} is not a branch of a chance node`);
    if (locked) state.locked.add(id);
    else state.locked.delete(id);
    refresh();
  }

  // -- showing the state ----------------------------------------------------------------------------

  function refresh(source) {
    state.result = evaluate(data, state.moved);
    const path = new Set(pathTo(state.selected));
    paintDrawing(data, groups, state.result, path);
    for (const [id, entry] of groups) entry.node?.classList.toggle("sp-current", id === state.selected);
    renderCrumbs();
    renderDetails();
    renderSliders(source);
    renderPolicy();
    renderOutcomes();
    updateTools();
    parts.changed.hidden = !state.moved.size;
    parts.changed.textContent = state.moved.size ? "Numbers have been moved here: they are no longer the file's." : "";
    element.dataset.version = String(Number(element.dataset.version || 0) + 1);
  }

  function updateTools() {
    const node = byId.get(state.selected);
    tools.back.disabled = !state.history.length;
    tools.up.disabled = !parentOf.has(state.selected);
    tools.stepIn.disabled = !node.children.length;
    tools.fold.disabled = !node.children.length || !groups.has(node.id);
    tools.fold.textContent = state.folded.has(node.id) ? "Unfold" : "Fold";
    tools.reset.disabled = !state.moved.size;
  }

  function renderCrumbs() {
    const items = pathTo(state.selected).map((id) => {
      const node = byId.get(id);
      const current = id === state.selected;
      return h("button", { type: "button", class: current ? "sp-crumb sp-crumb-current" : "sp-crumb",
        "data-node": id, "aria-current": current ? "true" : null }, node.label);
    });
    const children = byId.get(state.selected).children.map((id) => h("button", { type: "button",
      class: "sp-step", "data-node": id }, `${byId.get(id).label} ›`));
    fill(parts.crumbs, h("span", { class: "sp-caption" }, "Path"), ...items,
      children.length ? h("span", { class: "sp-caption" }, "Step in") : "", ...children);
  }

  function renderDetails() {
    const node = byId.get(state.selected);
    const result = state.result;
    const id = node.id;
    const facts = [
      ["kind", node.kind === "decision" ? `decision (decided by ${data.actors[node.actor ?? 0]})` : node.kind],
      ["path", `/${pathTo(id).join("/")}`],
      ["branch probability", result.probability[id] === null ? "—" : `${fixed3(result.probability[id])}${writtenNote(node)}`],
      ["path probability", fixed3(result.pathProbability[id])],
      ["policy probability", fixed3(result.policyProbability[id])],
      ...data.actors.map((actor, index) => [`value (${actor})`, g4(result.value[id][index])]),
      ...data.actors.flatMap((actor, index) => (data.risk_tolerance?.[index] ?? null) === null ? [] :
        [[`certainty equivalent (${actor})`, g4(result.certainty[id][index])]]),
    ];
    if (node.payoff.some((amount) => amount !== 0) || Object.keys(node.payoff_written).length) {
      facts.push(["payoff on entering", data.actors.map((actor, index) => {
        const written = node.payoff_written[actor];
        return `${actor} ${g4(node.payoff[index])}${written ? ` (written as ${written})` : ""}`;
      }).join(", ")]);
    }
    if (node.tags.length) facts.push(["tags", node.tags.join(", ")]);
    if (node.url) facts.push(["link", node.url]);
    if (node.folded) facts.push(["drawing", `folded when the page was written: ${outcomesBelow(id)} outcomes not drawn`]);
    fill(parts.details, 
      h("h2", { class: "sp-label" }, node.label),
      h("table", { class: "sp-facts" }, facts.map(([name, value]) => h("tr", {}, h("th", {}, name), h("td", {}, value)))),
      node.kind === "decision" && node.children.length ? optionsTable(node) : null,
      node.notes ? h("p", { class: "sp-notes" }, node.notes) : null,
      node.quotes.map((quote) => h("blockquote", { class: "sp-quote" }, `“${quote.text}”`,
        quote.paragraph ? h("cite", {}, ` ¶${quote.paragraph}`) : quote.page ? h("cite", {}, ` p. ${quote.page}`) : null)),
    );
  }

  function writtenNote(node) {
    if (state.moved.has(node.id)) return ` (moved here; the file has ${fixed3(node.probability)})`;
    if (node.written === REMAINDER) return " (written as #: an equal share of the rest)";
    if (isExpression(node)) return ` (written as ${node.written})`;
    return "";
  }

  function optionsTable(node) {
    const chosen = state.result.best[node.id];
    return h("table", { class: "sp-options" },
      h("caption", {}, `Options, chosen by ${data.actors[node.actor ?? 0]}`),
      h("tr", {}, h("th", {}, "option"), data.actors.map((actor) => h("th", {}, actor))),
      node.children.map((child) => h("tr", { class: child === chosen ? "sp-chosen" : null, "data-node": child },
        h("td", {}, child === chosen ? "✔ " : "", byId.get(child).label),
        state.result.value[child].map((value) => h("td", { class: "sp-num" }, g4(value))))));
  }

  // -- sliders: the probabilities of the chance node in view ----------------------------------------

  function chanceInView() {
    const node = byId.get(state.selected);
    if (node.kind === "chance" && node.children.length) return node;
    const parent = byId.get(parentOf.get(node.id));
    return parent && parent.kind === "chance" ? parent : null;
  }

  function renderSliders(source) {
    const chance = chanceInView();
    if ((chance?.id ?? null) !== state.sliderChance) buildSliders(chance);
    for (const [id, row] of state.sliderRows) {
      const probability = state.result.probability[id];
      // the control being moved keeps the user's value; every other shows the number, rounded
      if (!(source && source.id === id && source.control === "range")) row.range.value = String(probability);
      if (!(source && source.id === id && source.control === "number")) row.number.value = formatProbability(probability);
      row.range.dataset.shown = row.range.value;
      row.number.dataset.shown = row.number.value;
      row.lockBox.checked = state.locked.has(id) || row.expression;
      row.message.textContent = state.messages.get(id) || "";
    }
  }

  function buildSliders(chance) {
    state.sliderChance = chance?.id ?? null;
    state.sliderRows = new Map();
    if (!chance) {
      fill(parts.sliders, );
      return;
    }
    const rows = chance.children.map((id) => sliderRow(byId.get(id)));
    fill(parts.sliders, h("h3", {}, `Probabilities of “${chance.label}”`), ...rows,
      h("p", { class: "sp-hint" }, "Moving one branch rescales the others; locked ones stay."));
  }

  function sliderRow(node) {
    const expression = isExpression(node);
    const why = expression ? `Written as ${node.written} in the file and evaluated when the page was written: ` +
      "it cannot be moved here." : null;
    const range = h("input", { type: "range", min: 0, max: 1, step: 0.001, class: "sp-slider", "data-node": node.id,
      "aria-label": `probability of ${node.label}`, disabled: expression, title: why });
    const number = h("input", { type: "number", min: 0, max: 1, step: "any", class: "sp-number",
      "data-node": node.id, "aria-label": `probability of ${node.label}`, disabled: expression, title: why });
    const lockBox = h("input", { type: "checkbox", class: "sp-lock", "data-node": node.id, disabled: expression,
      title: why ?? "Keep this branch fixed while the others move" });
    const message = h("span", { class: "sp-message", role: "alert", "data-node": node.id });
    const row = h("div", { class: expression ? "sp-slider-row sp-expression" : "sp-slider-row", "data-node": node.id },
      h("span", { class: "sp-slider-label" }, node.label), range, number,
      h("label", { class: "sp-lock-label" }, lockBox, "lock"), message);
    state.sliderRows.set(node.id, { range, number, lockBox, message, expression });
    return row;
  }

  function moveFromControl(id, value, control) {
    try {
      setProbability(id, value, { id, control });
    } catch (error) {
      state.messages.set(id, error.message);
      renderSliders(); // the control snaps back to the number in force
    }
  }

  function wireControls() {
    // one listener per panel (rows are rebuilt as the selection moves): only real input events
    // move a number, and a control that merely shows a rounded value never writes it back
    listen(parts.sliders, "input", (event) => {
      const range = event.target.closest("input.sp-slider");
      if (range && range.value !== range.dataset.shown) moveFromControl(range.dataset.node, Number(range.value), "range");
    });
    listen(parts.sliders, "change", (event) => {
      const control = event.target;
      if (control.matches("input.sp-lock")) lock(control.dataset.node, control.checked);
      if (!control.matches("input.sp-number") || control.value === control.dataset.shown) return;
      moveFromControl(control.dataset.node, control.value.trim() === "" ? NaN : Number(control.value), "number");
    });
    for (const panel of [parts.crumbs, parts.details, parts.policy, parts.outcomes]) {
      listen(panel, "click", (event) => {
        const target = event.target.closest("[data-node]");
        if (target && panel.contains(target)) select(target.dataset.node);
      });
    }
  }

  // -- the policy and the outcomes ------------------------------------------------------------------

  function renderPolicy() {
    const result = state.result;
    const decisions = data.nodes.filter((node) => node.kind === "decision" && node.children.length &&
      result.policyProbability[node.id] > 0);
    fill(parts.policy, 
      h("h3", {}, "Chosen policy"),
      h("p", { class: "sp-root-value" }, "Value of the tree: ", data.actors.map((actor, index) =>
        `${actor} ${formatNumber(result.value[data.root][index])}`).join(" · ")),
      h("ol", { class: "sp-policy-list" }, decisions.slice(0, POLICY_ROWS).map((node) => {
        const choice = result.best[node.id];
        return h("li", { "data-node": node.id, "data-choice": choice },
          h("span", { class: "sp-decision" }, node.label), ` (${data.actors[node.actor ?? 0]}) → `,
          h("b", {}, byId.get(choice).label));
      })),
      decisions.length > POLICY_ROWS ? h("p", { class: "sp-more" }, `and ${decisions.length - POLICY_ROWS} more`) : null);
  }

  function outcomeRow(outcome) {
    const cells = outcome.value.map((value) => h("td", { class: "sp-num" }, formatNumber(value)));
    const bar = h("div", { class: "sp-bar" });
    bar.style.width = `${(outcome.policy_probability * 100).toFixed(1)}%`;
    return h("tr", {
      "data-node": outcome.id, class: outcome.policy_probability > 0 ? "sp-reached" : "sp-unreached",
      "data-policy-probability": outcome.policy_probability, "data-path-probability": outcome.path_probability,
      "data-value": JSON.stringify(outcome.value),
    }, h("td", { class: "sp-outcome-label" }, outcome.label),
    h("td", { class: "sp-num sp-policy-p" }, formatProbability(outcome.policy_probability)),
    h("td", { class: "sp-bar-cell" }, bar),
    h("td", { class: "sp-num sp-path-p" }, formatProbability(outcome.path_probability)), cells);
  }

  function outcomeTable(outcomes, css) {
    const header = h("tr", {}, h("th", {}, "outcome"), h("th", {}, "p"), h("th", {}, ""), h("th", {}, "path p"),
      data.actors.map((actor, index) => h("th", { title: actor }, data.actors.length > 1 ? data.abbreviations[index] : actor)));
    const rows = outcomes.slice(0, OUTCOME_ROWS).map(outcomeRow);
    const more = outcomes.length > OUTCOME_ROWS ? h("p", { class: "sp-more" }, `and ${outcomes.length - OUTCOME_ROWS} more`) : null;
    return [h("table", { class: `sp-outcome-table ${css}` }, h("thead", {}, header), h("tbody", {}, rows)), more];
  }

  function renderOutcomes() {
    const reached = state.result.outcomes.filter((outcome) => outcome.policy_probability > 0);
    const others = state.result.outcomes.filter((outcome) => !(outcome.policy_probability > 0));
    const open = parts.outcomes.querySelector("details")?.open ?? false;
    fill(parts.outcomes, h("h3", {}, "Outcomes under the chosen policy"), ...outcomeTable(reached, "sp-on-policy"),
      others.length ? h("details", { open }, h("summary", {}, `${others.length} outcomes off the chosen policy`),
        ...outcomeTable(others, "sp-off-policy")) : null);
  }

  const api = {
    select: (id) => select(id),
    setProbability: (id, probability) => setProbability(id, probability),
    reset,
    lock: (id) => lock(id, true),
    unlock: (id) => lock(id, false),
    fold,
    unfold,
    stepIn,
    up,
    back,
    evaluation: () => state.result,
    selected: () => state.selected,
    destroy() {
      for (const cleanup of cleanups.splice(0)) cleanup();
      element.replaceChildren();
      element.classList.remove("scenario-page");
      element.removeAttribute("tabindex");
      delete element.dataset.ready;
      delete element.dataset.version;
    },
  };
  return api;
}
