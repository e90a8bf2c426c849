// The drawing of a scenario tree in the browser: a readable first view, pan and zoom, a minimap,
// fold controls, patches, the SVG download. Plain ES module for anywidget: no bundler, no
// dependencies. Every event that changes the tree goes to Python ({type: "click", id}, {type: "key",
// key}, {type: "fold_all"}, ...), which owns all the logic; this file shows what Python sends and
// moves the view box.

const SVG_NS = "http://www.w3.org/2000/svg";
const PX_PER_UNIT = 4 / 3; // Graphviz draws in points: at natural size one point is 4/3 CSS pixels
const FIRST_SCALE = 0.85; // the first view: the 12 pt labels at about 13.6 px, a little more of the tree in sight
const SMALLEST_READABLE_SCALE = 0.7; // 12 pt labels at 11.2 px: the whole tree is shown this small, never smaller
const NAVIGATION_KEYS = ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "Backspace"];
let views = 0; // distinct ids for each view's graph group (the minimap <use>s it)

function parseSvg(text) {
  const doc = new DOMParser().parseFromString(text, "image/svg+xml");
  if (doc.querySelector("parsererror")) throw new Error("scenario-tree: the drawing is not valid SVG");
  return doc.documentElement;
}

function parseGroup(fragment) {
  return parseSvg(`<svg xmlns="${SVG_NS}">${fragment}</svg>`).firstElementChild;
}

function element(tag, attributes = {}, text = "") {
  const made = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) made.setAttribute(name, value);
  if (text) made.textContent = text;
  return made;
}

// Ctrl+Z and Ctrl+Shift+Z (or Ctrl+Y) anywhere in the explorer, but not in a text field, which has its own.
function historyKey(event) {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return null;
  const target = event.target;
  if (target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))) return null;
  const key = event.key.toLowerCase();
  if (key === "z") return event.shiftKey ? "redo" : "undo";
  if (key === "y") return "redo";
  return null;
}

function render({ model, el }) {
  el.classList.add("scenario-tree-view");
  const bar = element("div", { class: "st-toolbar", role: "toolbar" });
  const note = element("span", { class: "st-fold-note" });
  const stage = element("div", {
    class: "st-stage", tabindex: "0", role: "application",
    "aria-label": "The tree: click a node to select it; arrow keys walk the tree",
  });
  const minimap = element("div", { class: "st-minimap", "aria-hidden": "true" });
  stage.append(minimap);
  el.append(bar, stage);

  const graphId = `st-view-${++views}`;
  let svg = null;
  let home = null; // the whole drawing, in SVG units
  let box = null; // what is shown now, in SVG units
  let drawnOnce = false;

  function button(label, title, action, css) {
    const made = element("button", { type: "button", class: `st-tool ${css || ""}`, title }, label);
    made.addEventListener("click", (event) => { event.stopPropagation(); action(); });
    bar.append(made);
    return made;
  }

  function stageSize() {
    const rect = stage.getBoundingClientRect();
    return { width: Math.max(rect.width, 100), height: Math.max(rect.height, 100) };
  }

  function applyBox() {
    if (!svg || !box) return;
    svg.setAttribute("viewBox", `${box.x} ${box.y} ${box.w} ${box.h}`);
    drawMinimap();
  }

  // The box showing the drawing at ``scale`` times its natural size (1 pt = 4/3 px), (x, y) at the given place.
  function naturalBoxAround(x, y, where = { left: 0.5, top: 0.5 }, scale = 1) {
    const { width, height } = stageSize();
    const w = width / PX_PER_UNIT / scale;
    const h = height / PX_PER_UNIT / scale;
    return { x: x - w * where.left, y: y - h * where.top, w, h };
  }

  // A node's centre in the drawing's own units (those of the view box): its box is in the units of
  // its group, which Graphviz's transform moves, so map it through both screen transforms.
  function nodeCentre(id) {
    const group = svg && svg.querySelector(`g.node[data-node="${CSS.escape(id)}"]`);
    const outer = svg && svg.getScreenCTM();
    const inner = group && group.getScreenCTM();
    if (!outer || !inner) return null;
    const shape = group.getBBox();
    const centre = new DOMPoint(shape.x + shape.width / 2, shape.y + shape.height / 2);
    return centre.matrixTransform(outer.inverse().multiply(inner));
  }

  // The first view: the whole tree if it fits while its text stays readable, else the readable size
  // around the selected node (the root at first), placed where its branches have room.
  function readableView() {
    const { width, height } = stageSize();
    const fitting = Math.min(width / (home.w * PX_PER_UNIT), height / (home.h * PX_PER_UNIT));
    if (fitting >= SMALLEST_READABLE_SCALE) {
      return naturalBoxAround(home.x + home.w / 2, home.y + home.h / 2, undefined, Math.min(fitting, FIRST_SCALE));
    }
    const centre = nodeCentre(model.get("selected")) || { x: home.x, y: home.y + home.h / 2 };
    return naturalBoxAround(centre.x, centre.y, leadingPlace(), FIRST_SCALE);
  }

  // Where a node goes when the view moves to it: near the side the tree grows from, so that its
  // branches are in sight.
  function leadingPlace() {
    const places = { LR: { left: 0.2, top: 0.5 }, RL: { left: 0.8, top: 0.5 }, TB: { left: 0.5, top: 0.15 },
      BT: { left: 0.5, top: 0.85 } };
    return places[model.get("rankdir")] || places.LR;
  }

  function fit() {
    if (!home) return;
    box = { ...home };
    applyBox();
  }

  function naturalSize() {
    if (!box) return;
    box = naturalBoxAround(box.x + box.w / 2, box.y + box.h / 2);
    applyBox();
  }

  function zoom(factor, cx, cy) {
    if (!box) return;
    const x = cx ?? box.x + box.w / 2;
    const y = cy ?? box.y + box.h / 2;
    box = { x: x - (x - box.x) * factor, y: y - (y - box.y) * factor, w: box.w * factor, h: box.h * factor };
    applyBox();
  }

  // Keep the selected node in view without changing the zoom: readers follow their steps.
  function followSelection() {
    const centre = box && nodeCentre(model.get("selected"));
    if (!centre) return;
    const margin = 0.1;
    const inside = centre.x > box.x + box.w * margin && centre.x < box.x + box.w * (1 - margin) &&
      centre.y > box.y + box.h * margin && centre.y < box.y + box.h * (1 - margin);
    if (!inside) {
      const place = leadingPlace();
      box = { ...box, x: centre.x - box.w * place.left, y: centre.y - box.h * place.top };
      applyBox();
    }
  }

  // Marks are classes on the drawn nodes, so looking (selecting, finding, a tag) never redraws.
  function markSelected() {
    if (!svg) return;
    const selected = model.get("selected");
    const hits = new Set(model.get("hits"));
    const tagged = new Set(model.get("tagged"));
    for (const group of svg.querySelectorAll("g.node")) {
      const id = group.dataset.node;
      group.classList.toggle("st-current", id === selected);
      group.classList.toggle("st-hit", hits.has(id));
      group.classList.toggle("st-tagged", tagged.has(id));
    }
  }

  // The minimap appears when the view shows less than half of the drawing either way.
  function drawMinimap() {
    const small = home && box && (box.w < home.w / 2 || box.h < home.h / 2);
    minimap.style.display = small ? "block" : "none";
    if (!small) return;
    let map = minimap.querySelector("svg");
    if (!map) {
      map = document.createElementNS(SVG_NS, "svg");
      const use = document.createElementNS(SVG_NS, "use");
      use.setAttribute("href", `#${graphId}`);
      const frame = document.createElementNS(SVG_NS, "rect");
      frame.setAttribute("class", "st-minimap-frame");
      map.append(use, frame);
      minimap.append(map);
    }
    map.setAttribute("viewBox", `${home.x} ${home.y} ${home.w} ${home.h}`);
    const frame = map.querySelector("rect");
    for (const [name, value] of Object.entries({ x: box.x, y: box.y, width: box.w, height: box.h })) {
      frame.setAttribute(name, String(value));
    }
    frame.setAttribute("stroke-width", String(home.w / 120));
  }

  function moveToMinimapPoint(event) {
    const rect = minimap.getBoundingClientRect();
    const scale = Math.max(home.w / rect.width, home.h / rect.height); // "meet": the larger ratio
    const offsetX = (rect.width - home.w / scale) / 2;
    const offsetY = (rect.height - home.h / scale) / 2;
    const x = home.x + (event.clientX - rect.left - offsetX) * scale;
    const y = home.y + (event.clientY - rect.top - offsetY) * scale;
    box = { ...box, x: x - box.w / 2, y: y - box.h / 2 };
    applyBox();
  }

  function show(text) {
    if (!text) return;
    const fresh = document.importNode(parseSvg(text), true);
    const previous = svg && home && box ? { home: { ...home }, box: { ...box } } : null;
    if (svg) svg.remove();
    stage.insertBefore(fresh, minimap);
    svg = fresh;
    const graph = svg.querySelector(":scope > g.graph");
    if (graph) graph.id = graphId;
    const [x, y, w, h] = (svg.getAttribute("viewBox") || "0 0 100 100").split(/[\s,]+/).map(Number);
    home = { x, y, w, h };
    minimap.querySelector("svg")?.remove();
    if (previous && previous.home.w === w && previous.home.h === h) {
      box = previous.box; // the same layout restyled or re-sent: the reader's view stays
    } else if (drawnOnce && previous) {
      box = { ...previous.box }; // a new layout: keep the zoom; the selection is brought into view below
    } else {
      box = readableView();
    }
    drawnOnce = true;
    applyBox();
    markSelected();
    followSelection();
    el.dataset.updated = String(performance.now());
  }

  function patch(groups) {
    if (!svg) return;
    for (const [id, fragment] of Object.entries(groups)) {
      const old = svg.querySelector(`[id="${CSS.escape(id)}"]`);
      if (old) old.replaceWith(document.importNode(parseGroup(fragment), true));
    }
    markSelected();
    el.dataset.updated = String(performance.now());
  }

  function download(text, filename) {
    const blob = new Blob([text], { type: "image/svg+xml" });
    const link = element("a", { class: "st-download-link", download: filename || "scenario-tree.svg" });
    link.href = URL.createObjectURL(blob);
    document.body.append(link);
    link.click();
    setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }

  const send = (message) => model.send(message);
  button("Fit", "Show the whole tree (f)", fit, "st-fit");
  button("100%", "Natural size: text as large as it was drawn (0)", naturalSize, "st-natural");
  button("+", "Zoom in (+); the wheel zooms while the drawing has the focus, or with Ctrl held", () => zoom(0.8),
    "st-zoom-in");
  button("−", "Zoom out (-); the wheel zooms while the drawing has the focus, or with Ctrl held", () => zoom(1.25),
    "st-zoom-out");
  button("Unfold all", "Show every node (large trees are folded to stay readable)", () => send({ type: "unfold_all" }),
    "st-unfold-all");
  button("Fold all", "Fold every subtree below the root's branches", () => send({ type: "fold_all" }), "st-fold-all");
  const depthLabel = element("label", { class: "st-depth", title: "Fold every subtree deeper than this" }, "Depth ");
  const depth = element("select", { class: "st-depth-select" });
  depthLabel.append(depth);
  bar.append(depthLabel);
  depth.addEventListener("change", () => send({ type: "depth", value: Number(depth.value) }));
  button("⤓ SVG", "Download the drawing as an SVG file (natural size, no selection highlight)",
    () => send({ type: "download" }), "st-download");
  bar.append(note);

  function showDepth() {
    const levels = model.get("levels");
    const chosen = model.get("depth");
    depth.replaceChildren(element("option", { value: "-1" }, "all"),
      ...Array.from({ length: Math.max(levels - 1, 0) }, (_, index) => element("option", { value: String(index + 1) },
        String(index + 1))));
    depth.value = String(chosen);
  }

  function showNote() {
    note.textContent = model.get("note");
    note.title = model.get("note") ? "Click a folded summary (▸) to unfold it" : "";
  }

  // Dragging pans; a click without a drag selects the node under the pointer.
  let drag = null;
  stage.addEventListener("pointerdown", (event) => {
    if (!box || event.target.closest(".st-minimap")) return;
    drag = { x: event.clientX, y: event.clientY, box: { ...box }, moved: false };
  });
  stage.addEventListener("pointermove", (event) => {
    if (!drag || !svg) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 4) drag.moved = true;
    if (!drag.moved) return;
    const scale = drag.box.w / svg.getBoundingClientRect().width;
    box = { ...drag.box, x: drag.box.x - dx * scale, y: drag.box.y - dy * scale };
    applyBox();
  });
  const onPointerUp = () => { setTimeout(() => { drag = null; }, 0); };
  window.addEventListener("pointerup", onPointerUp);
  stage.addEventListener("click", (event) => {
    if (drag && drag.moved) return;
    const id = event.target.closest("g.node")?.dataset.node;
    if (id) send({ type: "click", id });
  });
  minimap.addEventListener("pointerdown", (event) => {
    event.stopPropagation();
    moveToMinimapPoint(event);
    const follow = (move) => moveToMinimapPoint(move);
    const stop = () => { window.removeEventListener("pointermove", follow); window.removeEventListener("pointerup", stop); };
    window.addEventListener("pointermove", follow);
    window.addEventListener("pointerup", stop);
  });
  // The wheel scrolls the notebook, as everywhere else; it zooms only when the reader has chosen
  // the drawing (it has the focus) or holds Ctrl.
  stage.addEventListener("wheel", (event) => {
    if (!svg || !box || !(event.ctrlKey || event.metaKey || document.activeElement === stage)) return;
    event.preventDefault();
    const rect = svg.getBoundingClientRect();
    const x = box.x + ((event.clientX - rect.left) / rect.width) * box.w;
    const y = box.y + ((event.clientY - rect.top) / rect.height) * box.h;
    zoom(event.deltaY > 0 ? 1.15 : 1 / 1.15, x, y);
  }, { passive: false });
  stage.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const zooms = { f: fit, "0": naturalSize, "+": () => zoom(0.8), "=": () => zoom(0.8), "-": () => zoom(1.25) };
    if (zooms[event.key]) { event.preventDefault(); zooms[event.key](); return; }
    if (NAVIGATION_KEYS.includes(event.key)) {
      event.preventDefault();
      send({ type: "key", key: event.key });
    }
  });
  const explorer = el.closest(".scenario-tree-explorer") || el;
  const onHistoryKey = (event) => {
    const action = historyKey(event);
    if (!action) return;
    event.preventDefault();
    event.stopPropagation(); // JupyterLab would undo a cell edit instead
    send({ type: "key", key: action });
  };
  explorer.addEventListener("keydown", onHistoryKey);

  model.on("change:svg", () => show(model.get("svg")));
  model.on("change:selected", () => { markSelected(); followSelection(); });
  model.on("change:hits", markSelected);
  model.on("change:tagged", markSelected);
  model.on("change:note", showNote);
  model.on("change:levels", showDepth);
  model.on("change:depth", showDepth);
  model.on("msg:custom", (message) => {
    if (message.type === "patch") patch(message.groups);
    if (message.type === "download") download(message.svg, message.filename);
  });
  showNote();
  showDepth();
  // the stage has its size only once it is in the page: draw then
  requestAnimationFrame(() => show(model.get("svg")));
  send({ type: "ready" });
  // anywidget calls this when the view goes away: leave no listener behind
  return () => {
    window.removeEventListener("pointerup", onPointerUp);
    explorer.removeEventListener("keydown", onHistoryKey);
  };
}

export default { render };
