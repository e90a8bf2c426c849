// The drawing of a scenario tree in the browser: click, zoom, pan, fit, patches, download.
// Plain ES module for anywidget: no bundler, no dependencies. Every event that changes the tree
// is sent to Python (`{type: "click", id}` and `{type: "key", key}`), which owns all the logic;
// this file only shows what Python sends and moves the view box.

const SVG_NS = "http://www.w3.org/2000/svg";

function parseSvg(text) {
  const doc = new DOMParser().parseFromString(text, "image/svg+xml");
  if (doc.querySelector("parsererror")) throw new Error("scenario-tree: the drawing is not valid SVG");
  return doc.documentElement;
}

function parseGroup(fragment) {
  const wrapper = parseSvg(`<svg xmlns="${SVG_NS}">${fragment}</svg>`);
  return wrapper.firstElementChild;
}

function render({ model, el }) {
  el.classList.add("scenario-tree-view");
  el.tabIndex = 0;
  const bar = document.createElement("div");
  bar.className = "st-toolbar";
  const stage = document.createElement("div");
  stage.className = "st-stage";
  el.append(bar, stage);

  let svg = null;
  let home = null; // the drawing's own view box
  let box = null; // the view box shown now

  function button(label, title, action) {
    const b = document.createElement("button");
    b.textContent = label;
    b.title = title;
    b.className = "st-tool";
    b.addEventListener("click", (event) => { event.stopPropagation(); action(); });
    bar.append(b);
    return b;
  }

  function applyBox() {
    if (svg && box) svg.setAttribute("viewBox", `${box.x} ${box.y} ${box.w} ${box.h}`);
  }

  function fit() {
    box = home ? { ...home } : null;
    applyBox();
  }

  function zoom(factor, cx, cy) {
    if (!box) return;
    const x = cx ?? box.x + box.w / 2;
    const y = cy ?? box.y + box.h / 2;
    box = { x: x - (x - box.x) * factor, y: y - (y - box.y) * factor, w: box.w * factor, h: box.h * factor };
    applyBox();
  }

  function markSelected() {
    if (!svg) return;
    const selected = model.get("selected");
    for (const g of svg.querySelectorAll("g.node")) {
      g.classList.toggle("st-current", g.dataset.node === selected);
    }
  }

  function show(text) {
    if (!text) return;
    const fresh = parseSvg(text);
    const keep = svg && home && box ? { ...box } : null;
    stage.replaceChildren(document.importNode(fresh, true));
    svg = stage.querySelector("svg");
    const [x, y, w, h] = (svg.getAttribute("viewBox") || "0 0 100 100").split(/[\s,]+/).map(Number);
    const sameSize = home && home.w === w && home.h === h;
    home = { x, y, w, h };
    box = keep && sameSize ? keep : { ...home };
    applyBox();
    markSelected();
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

  function download() {
    if (!svg) return;
    const copy = svg.cloneNode(true);
    copy.setAttribute("viewBox", `${home.x} ${home.y} ${home.w} ${home.h}`);
    const blob = new Blob([new XMLSerializer().serializeToString(copy)], { type: "image/svg+xml" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = model.get("filename") || "scenario-tree.svg";
    link.className = "st-download-link";
    document.body.append(link);
    link.click();
    setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }

  button("Fit", "Fit the whole tree (f)", fit);
  button("+", "Zoom in", () => zoom(0.8));
  button("−", "Zoom out", () => zoom(1.25));
  button("⤓ SVG", "Download the drawing as SVG", download).classList.add("st-download");

  // Dragging pans; a click without a drag selects the node under the pointer.
  let drag = null;
  stage.addEventListener("pointerdown", (event) => {
    if (!box) return;
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
    const group = event.target.closest("g.node");
    const id = group?.dataset.node;
    if (id) model.send({ type: "click", id });
  });
  stage.addEventListener("wheel", (event) => {
    if (!svg || !box) return;
    event.preventDefault();
    const rect = svg.getBoundingClientRect();
    const x = box.x + ((event.clientX - rect.left) / rect.width) * box.w;
    const y = box.y + ((event.clientY - rect.top) / rect.height) * box.h;
    zoom(event.deltaY > 0 ? 1.15 : 1 / 1.15, x, y);
  }, { passive: false });
  el.addEventListener("keydown", (event) => {
    if (event.key === "f") { fit(); return; }
    const keys = ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "Backspace"];
    if (keys.includes(event.key)) {
      event.preventDefault();
      model.send({ type: "key", key: event.key });
    }
  });

  model.on("change:svg", () => show(model.get("svg")));
  model.on("change:selected", markSelected);
  model.on("msg:custom", (message) => {
    if (message.type === "patch") patch(message.groups);
  });
  show(model.get("svg"));
  model.send({ type: "ready" });
  // anywidget calls this when the view goes away: leave no listener on the window behind
  return () => window.removeEventListener("pointerup", onPointerUp);
}

export default { render };
