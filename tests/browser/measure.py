"""Measurements of what a reader sees in the browser: text sizes, cut texts, contrast; JupyterLab's theme and sidebar.

Every function runs one short JavaScript snippet with ``page.evaluate`` and returns plain data (lists
of dicts); none asserts anything, so a test decides what is acceptable and its failure message can list
the offending texts. ``root`` is always a CSS selector; the first element it matches is measured.

How each quantity is measured:

- **On-screen text size** (:func:`drawing_text_sizes`): for an SVG ``<text>``, its computed
  ``font-size`` (CSS px in the drawing's own units) times the scale the drawing is shown at, where the
  scale is the height of the text's bounding client rect (CSS px on screen) over the height of its
  ``getBBox()`` (the same glyph box in the drawing's units). The result is the font size a reader sees,
  comparable with the 13 px of JupyterLab's own text; the scale from ``getScreenCTM()`` is returned
  alongside as a cross-check.
- **Cut text** (:func:`clipped_texts`): an element whose content is wider than its box
  (``scrollWidth > clientWidth``) while ``overflow-x`` hides it (``hidden``/``clip``, reported as
  ``ellipsis`` when ``text-overflow: ellipsis`` is in effect) and some text inside it reaches past the
  box; an ``<input>`` whose value is wider than the box; a text that ends in "…" while a longer text
  starting with the same words is the element's tooltip or one of the model's texts; and any element
  (inside the root, or an ancestor of it) that scrolls sideways (``overflow-x: auto``/``scroll``).
  :func:`broken_words` finds words and numbers that the layout breaks across two lines.
- **Contrast** (:func:`contrast_report`, :func:`drawing_contrast_report`): WCAG 2 contrast ratio
  ``(L1 + 0.05) / (L2 + 0.05)`` of relative luminances. The text colour and each background are
  composited the way the browser paints them (source-over in sRGB, ``opacity`` applied per ancestor
  as a group), up to the canvas (white unless the root or body paints it).
"""

from __future__ import annotations

from typing import Any

LIGHT_THEME = "JupyterLab Light"
DARK_THEME = "JupyterLab Dark"
READING_VIEWPORT = {"width": 1400, "height": 1000}  # the reading conditions

# Shared JavaScript: colour parsing, compositing and the WCAG ratio, prepended to the snippets that need it.
COLOUR_JS = r"""
const canvas = document.createElement("canvas").getContext("2d", {willReadFrequently: true});
const parsed = new Map();
function rgba(text) {  // any CSS colour -> [r, g, b, a] with r, g, b in 0..255 and a in 0..1
  if (parsed.has(text)) return parsed.get(text);
  let value = null;
  const match = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(text);
  if (match) {
    const alpha = match[4] === undefined ? 1
      : match[4].endsWith("%") ? parseFloat(match[4]) / 100 : parseFloat(match[4]);
    value = [+match[1], +match[2], +match[3], alpha];
  } else if (!text || text === "none" || text === "transparent") {
    value = [0, 0, 0, 0];
  } else {  // colour(), oklch(), a named colour...: let a canvas resolve it
    canvas.clearRect(0, 0, 1, 1);
    canvas.fillStyle = "#000";
    canvas.fillStyle = text;
    canvas.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = canvas.getImageData(0, 0, 1, 1).data;
    value = [r, g, b, a / 255];
  }
  parsed.set(text, value);
  return value;
}
function over(top, below) {  // source-over of two non-premultiplied colours
  const alpha = top[3] + below[3] * (1 - top[3]);
  if (alpha === 0) return [0, 0, 0, 0];
  const mix = (i) => (top[i] * top[3] + below[i] * below[3] * (1 - top[3])) / alpha;
  return [mix(0), mix(1), mix(2), alpha];
}
function faded(colour, opacity) { return [colour[0], colour[1], colour[2], colour[3] * opacity]; }
function luminance([r, g, b]) {
  const channel = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}
function ratio(a, b) {
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (high + 0.05) / (low + 0.05);
}
function hex(colour) {
  return "#" + colour.slice(0, 3).map((c) => Math.round(c).toString(16).padStart(2, "0")).join("");
}
function canvasColour() {  // what the page paints below everything: the root's or body's background, else white
  for (const element of [document.documentElement, document.body]) {
    const colour = rgba(getComputedStyle(element).backgroundColor);
    if (colour[3] > 0) return over(colour, [255, 255, 255, 1]);
  }
  return [255, 255, 255, 1];
}
function chainOf(element) {  // the element and its ancestors, innermost first
  const chain = [];
  for (let at = element; at; at = at.parentElement) chain.push(at);
  return chain;
}
function composite(chain, content) {
  // Paint ``content`` inside the innermost element of ``chain``: each element draws its background below
  // what is inside it, then its opacity fades the whole group; finally the canvas is below everything.
  let colour = content;
  for (const element of chain) {
    const style = getComputedStyle(element);
    colour = faded(over(colour, rgba(style.backgroundColor)), parseFloat(style.opacity));
  }
  return over(colour, canvasColour());
}
function painted(chain, property) {  // whether something other than a plain colour paints a background here
  return chain.filter((element) => getComputedStyle(element)[property] !== "none").map((element) => element.tagName);
}
"""

PATH_JS = r"""
// Classes every widget or Lumino element has: they make a path long without saying where it is.
const NOISE = /^(lm-|p-|jp-mod-|mod-|jupyter-widgets$|widget-container$|widget-box$|jupyter-button$)/;
function pathOf(element, host, rootSelector) {  // a selector-like path from the root to the element
  const steps = [];
  for (let at = element; at && at !== host; at = at.parentElement) {
    if (at.dataset && at.dataset.node) {  // a node or an edge of the drawing: its node id says where it is
      steps.push(`${at.tagName.toLowerCase()}[data-node="${at.dataset.node}"]`);
      continue;
    }
    const classes = [...at.classList].filter((name) => !NOISE.test(name))
      .sort((a, b) => b.startsWith("st-") - a.startsWith("st-")).slice(0, 2);
    let step = at.tagName.toLowerCase() + classes.map((name) => "." + CSS.escape(name)).join("");
    const twins = at.parentElement ? [...at.parentElement.children].filter((other) =>
      other.tagName === at.tagName && classes.every((name) => other.classList.contains(name))) : [];
    if (twins.length > 1) step += `:nth-child(${[...at.parentElement.children].indexOf(at) + 1})`;
    steps.push(step);
  }
  return [rootSelector, ...steps.reverse()].join(" > ");
}
function shown(element) {
  return element.checkVisibility({visibilityProperty: true, opacityProperty: true}) &&
         element.getClientRects().length > 0;
}
function hostOf(selector) {
  const host = document.querySelector(selector);
  if (!host) throw new Error(`nothing on the page matches ${selector}`);
  return host;
}
"""

TEXT_SIZES_JS = r"""
(root) => {
  const host = hostOf(root);
  const clip = (element) => {  // the part of the screen where the element can be seen
    let box = {left: 0, top: 0, right: innerWidth, bottom: innerHeight};
    // <body> and <html> pass their overflow on to the viewport, which the box starts from
    for (let at = element.parentElement; at && at !== document.body; at = at.parentElement) {
      const style = getComputedStyle(at);
      const clips = style.overflowX !== "visible" || style.overflowY !== "visible" ||
                    at.tagName.toLowerCase() === "svg";
      if (!clips) continue;
      const rect = at.getBoundingClientRect();
      box = {left: Math.max(box.left, rect.left), top: Math.max(box.top, rect.top),
             right: Math.min(box.right, rect.right), bottom: Math.min(box.bottom, rect.bottom)};
    }
    return box;
  };
  const sizes = [];
  for (const text of host.querySelectorAll("svg text")) {
    const content = text.textContent.trim();
    if (!content || !shown(text)) continue;
    const rect = text.getBoundingClientRect();
    const box = clip(text);
    if (rect.right <= box.left || rect.left >= box.right || rect.bottom <= box.top || rect.top >= box.bottom) continue;
    const bbox = text.getBBox();
    if (!bbox.height) continue;
    const fontSize = parseFloat(getComputedStyle(text).fontSize);
    const matrix = text.getScreenCTM();
    sizes.push({
      text: content, path: pathOf(text, host, root), font_size: fontSize,
      scale: rect.height / bbox.height, ctm_scale: Math.sqrt(Math.abs(matrix.a * matrix.d - matrix.b * matrix.c)),
      size: fontSize * rect.height / bbox.height, left: rect.left, top: rect.top,
    });
  }
  return sizes;
}
"""

CLIPPED_JS = r"""
({root, modelTexts}) => {
  const host = hostOf(root);
  const found = [];
  const note = (element, reason, text, extra = {}) => found.push({
    path: pathOf(element, host, root), reason, text: text.replace(/\s+/g, " ").trim().slice(0, 160),
    scroll_width: element.scrollWidth, client_width: element.clientWidth, ...extra});
  const textNodes = (element) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const nodes = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (node.textContent.trim() && !(parent instanceof SVGElement) && shown(parent)) nodes.push(node);
    }
    return nodes;
  };
  const sticksOut = (element) => {  // the texts inside that reach past the element's inner box
    const rect = element.getBoundingClientRect();
    const left = rect.left + element.clientLeft;
    const right = left + element.clientWidth;
    return textNodes(element).filter((node) => {
      const range = document.createRange();
      range.selectNodeContents(node);
      const box = range.getBoundingClientRect();
      return box.width > 0 && (box.right > right + 0.5 || box.left < left - 0.5);
    }).map((node) => node.textContent.trim());
  };
  const elements = [host, ...host.querySelectorAll("*")].filter((element) =>
    !(element instanceof SVGElement) && shown(element));
  for (const element of elements) {
    const style = getComputedStyle(element);
    const wider = element.scrollWidth > element.clientWidth;
    if (element.matches("input:not([type=range]):not([type=checkbox]):not([type=radio]), textarea")) {
      if (wider) note(element, "input value cut", element.value);
      continue;
    }
    if (wider && ["auto", "scroll"].includes(style.overflowX)) {
      note(element, "scrolls sideways", element.innerText || element.textContent);
      continue;
    }
    if (wider && ["hidden", "clip"].includes(style.overflowX)) {
      const cut = style.textOverflow === "ellipsis" ? [element.innerText || element.textContent] : sticksOut(element);
      if (cut.length && cut.join("").trim()) {
        note(element, style.textOverflow === "ellipsis" ? "ellipsis" : "cut", cut.join(" | "));
        continue;
      }
    }
    const own = [...element.childNodes].filter((node) => node.nodeType === Node.TEXT_NODE)
      .map((node) => node.textContent).join("").trim();
    const ellipsis = own.match(/^(.*?)\s*(…|\.\.\.)$/s);
    if (ellipsis && ellipsis[1]) {
      const start = ellipsis[1];
      const tips = [];
      for (let at = element; at && at !== host.parentElement; at = at.parentElement) {
        tips.push(at.getAttribute("title") || "", at.getAttribute("aria-label") || "");
      }
      const longer = [...tips, ...modelTexts].find((full) => full.startsWith(start) && full.length > own.length);
      if (longer) note(element, "shortened with …", own, {full: longer});
    }
  }
  for (let at = host.parentElement; at; at = at.parentElement) {  // an ancestor scrolling sideways hides the explorer
    const style = getComputedStyle(at);
    if (at.scrollWidth > at.clientWidth && ["auto", "scroll"].includes(style.overflowX)) {
      found.push({path: `ancestor ${at.tagName.toLowerCase()}.${[...at.classList].join(".")}`,
                  reason: "scrolls sideways", text: "", scroll_width: at.scrollWidth, client_width: at.clientWidth});
    }
  }
  return found;
}
"""

BROKEN_WORDS_JS = r"""
(root) => {
  const host = hostOf(root);
  const found = [];
  const walker = document.createTreeWalker(host, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!node.textContent.trim() || parent instanceof SVGElement || !shown(parent)) continue;
    // A word is what lies between spaces, hyphens, dashes and slashes: a line may end after those.
    for (const match of node.textContent.matchAll(/[^\s\-\u2010-\u2015\/]{2,}/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const boxes = [...range.getClientRects()].filter((box) => box.width > 0);
      const lines = boxes.filter((box, index) => index === 0 || box.top > boxes[index - 1].top + box.height / 2);
      if (lines.length > 1) {
        found.push({path: pathOf(parent, host, root), word: match[0], text: node.textContent.trim().slice(0, 120),
                    lines: lines.length});
      }
    }
  }
  return found;
}
"""

CONTRAST_JS = r"""
(root) => {
  const host = hostOf(root);
  const report = [];
  const fields = "input:not([type=range]):not([type=checkbox]):not([type=radio]):not([type=hidden]), textarea, select";
  for (const element of [host, ...host.querySelectorAll("*")]) {
    if (element instanceof SVGElement || !shown(element)) continue;
    if (element.closest(':disabled, [aria-disabled="true"]')) continue;  // WCAG 1.4.3 exempts inactive controls
    let text = [...element.childNodes].filter((node) => node.nodeType === Node.TEXT_NODE)
      .map((node) => node.textContent).join(" ").replace(/\s+/g, " ").trim();
    if (element.matches(fields)) {
      text = (element.matches("select") ? element.selectedOptions[0]?.text : element.value) || "";
    }
    if (!text.trim()) continue;
    const style = getComputedStyle(element);
    const chain = chainOf(element);
    const colour = composite(chain, rgba(style.color));
    const background = composite(chain, [0, 0, 0, 0]);
    report.push({
      path: pathOf(element, host, root), text: text.slice(0, 120), colour: hex(colour), background: hex(background),
      ratio: Math.round(ratio(colour, background) * 100) / 100, font_size: parseFloat(style.fontSize),
      font_weight: style.fontWeight, images: painted(chain, "backgroundImage"), filters: painted(chain, "filter"),
    });
  }
  return report;
}
"""

DRAWING_CONTRAST_JS = r"""
(root) => {
  const host = hostOf(root);
  const report = [];
  for (const svg of host.querySelectorAll("svg")) {
    if (!shown(svg)) continue;
    const card = composite(chainOf(svg), [0, 0, 0, 0]);  // what the page paints behind the drawing
    const filled = [...svg.querySelectorAll("polygon, ellipse, rect, circle, path")].filter((shape) =>
      rgba(getComputedStyle(shape).fill)[3] > 0 && shown(shape));
    for (const text of svg.querySelectorAll("text")) {
      const content = text.textContent.trim();
      if (!content || !shown(text)) continue;
      const box = text.getBBox();
      const centre = new DOMPoint(box.x + box.width / 2, box.y + box.height / 2).matrixTransform(text.getScreenCTM());
      // Every filled shape painted before the text whose fill holds the text's centre lies below it, in order.
      const below = filled.filter((shape) => shape.compareDocumentPosition(text) & Node.DOCUMENT_POSITION_FOLLOWING)
        .filter((shape) => shape.isPointInFill(centre.matrixTransform(shape.getScreenCTM().inverse())));
      let background = card;
      for (const shape of below) {
        const style = getComputedStyle(shape);
        const opacity = chainOf(shape).filter((at) => svg.contains(at))
          .reduce((product, at) => product * parseFloat(getComputedStyle(at).opacity), 1);
        background = over(faded(rgba(style.fill), parseFloat(style.fillOpacity) * opacity), background);
      }
      const style = getComputedStyle(text);
      const opacity = chainOf(text).filter((at) => svg.contains(at))
        .reduce((product, at) => product * parseFloat(getComputedStyle(at).opacity), 1);
      const colour = over(faded(rgba(style.fill), parseFloat(style.fillOpacity) * opacity), background);
      report.push({
        path: pathOf(text, host, root), text: content.slice(0, 120), colour: hex(colour), background: hex(background),
        on: below.length ? below[below.length - 1].tagName : "card",
        ratio: Math.round(ratio(colour, background) * 100) / 100,
        font_size: parseFloat(style.fontSize), filters: painted(chainOf(text), "filter"),
      });
    }
  }
  return report;
}
"""


def snippet(body: str, *helpers: str) -> str:
    """One function for ``page.evaluate``: the helpers' declarations, then ``body`` (an arrow function) called."""
    return f"(argument) => {{\n{''.join(helpers)}\nreturn ({body.strip()})(argument);\n}}"


def drawing_text_sizes(page: Any, root: str) -> list[dict[str, Any]]:
    """The on-screen font size (CSS px) of every visible SVG ``<text>`` under ``root``.

    A text counts when it has content, is rendered (``checkVisibility`` with visibility and opacity)
    and its box meets the part of the screen that its scrolling or clipping ancestors let through.

    Returns:
        One dict per text: ``text``, ``path``, ``font_size`` (the drawing's units), ``scale`` (client
        rect height / ``getBBox`` height), ``ctm_scale`` (from ``getScreenCTM``), ``size``
        (``font_size * scale``, the size a reader sees) and its ``left``/``top`` on screen.
    """
    return page.evaluate(snippet(TEXT_SIZES_JS, PATH_JS), root)


def clipped_texts(page: Any, root: str, model_texts: list[str] | tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Every element under ``root`` whose text a reader cannot see whole, and every sideways scroller.

    Args:
        page: The Playwright page.
        root: CSS selector of the explorer.
        model_texts: The model's full texts (labels, ids): a shown text that ends in "…" while one of
            these starts with it and is longer was shortened.

    Returns:
        One dict per finding: ``path`` (selector-like, from ``root``), ``reason`` (``ellipsis``,
        ``cut``, ``input value cut``, ``shortened with …``, ``scrolls sideways``), ``text`` and the
        element's ``scroll_width``/``client_width`` (and ``full`` for a shortened text).
    """
    return page.evaluate(snippet(CLIPPED_JS, PATH_JS), {"root": root, "modelTexts": list(model_texts)})


def broken_words(page: Any, root: str) -> list[dict[str, Any]]:
    """Every word of the HTML under ``root`` that the layout breaks across lines ("3.7" / "5").

    A word is a run of two or more characters without spaces, hyphens, dashes or slashes (a line may
    end after those); it is broken when its client rects lie on more than one line.

    Returns:
        One dict per broken word: ``path``, ``word``, ``text`` (its text node) and ``lines``.
    """
    return page.evaluate(snippet(BROKEN_WORDS_JS, PATH_JS), root)


def contrast_report(page: Any, root: str) -> list[dict[str, Any]]:
    """The contrast of every visible HTML text under ``root`` with what is painted behind it.

    Counts every element with a direct, non-blank text node, and the values of text fields and
    selects; skips disabled controls (``:disabled``, ``aria-disabled``) and everything inside an SVG
    (see :func:`drawing_contrast_report`). The background is found by walking up the ancestors and
    compositing their background colours and opacities down to the canvas.

    Returns:
        One dict per text: ``path``, ``text``, ``colour`` and ``background`` (as painted, hex),
        ``ratio`` (WCAG), ``font_size``, ``font_weight``, and the tags of ancestors that paint a
        ``background-image`` or apply a ``filter`` (``images``, ``filters``), which the ratio ignores.
    """
    return page.evaluate(snippet(CONTRAST_JS, COLOUR_JS, PATH_JS), root)


def drawing_contrast_report(page: Any, root: str) -> list[dict[str, Any]]:
    """The contrast of every visible SVG ``<text>`` under ``root`` with what lies below it.

    Below a text are the filled shapes painted before it whose fill holds the text's centre (a node's
    box, the drawing's white background), composited over the card, i.e. what the page paints behind
    the ``<svg>``.

    Returns:
        One dict per text: ``path``, ``text``, ``colour``, ``background``, ``on`` (the tag of the top
        shape below it, or ``card``), ``ratio``, ``font_size`` and ``filters`` (as for
        :func:`contrast_report`).
    """
    return page.evaluate(snippet(DRAWING_CONTRAST_JS, COLOUR_JS, PATH_JS), root)


# -- JupyterLab --------------------------------------------------------------------------------------

SET_THEME_JS = r"""
async (name) => { await window.jupyterapp.commands.execute("apputils:change-theme", {theme: name}); }
"""

THEME_SETTLED_JS = r"""
(name) => document.body.dataset.jpThemeName === name &&
  getComputedStyle(document.body).getPropertyValue("--jp-layout-color0").trim() !== ""
"""

OPEN_FILE_BROWSER_JS = r"""
() => {
  const app = window.jupyterapp;
  app.shell.activateById("filebrowser");
  const browser = document.getElementById("filebrowser");
  return Boolean(browser) && !app.shell.leftCollapsed && browser.checkVisibility();
}
"""


def set_theme(page: Any, name: str, timeout_ms: float = 30_000) -> None:
    """Switch JupyterLab to the theme ``name`` (``apputils:change-theme``) and wait until it is painted.

    The choice is a user setting, so it outlives the page: switch back when done.
    """
    if page.evaluate("() => document.body.dataset.jpThemeName") == name:
        return
    page.evaluate(SET_THEME_JS, name)
    page.wait_for_function(THEME_SETTLED_JS, arg=name, timeout=timeout_ms)
    page.wait_for_timeout(500)  # the theme's stylesheet is in; let transitions and re-layouts finish


def open_file_browser(page: Any, viewport: dict[str, int] = READING_VIEWPORT) -> None:
    """Show JupyterLab's file browser in the left sidebar, in a window of ``viewport`` size."""
    page.set_viewport_size(viewport)
    page.wait_for_function(OPEN_FILE_BROWSER_JS)
    page.wait_for_timeout(300)  # the main area shrinks to make room; let it lay out again
