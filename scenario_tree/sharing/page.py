"""The standalone page: one self-contained HTML file that shows a tree and re-evaluates it in the browser.

:func:`write_page` is the one function the command line, ``tree.save("tree.html")`` and the explorer's
export call. The file holds the drawing (inline SVG), the tree's data and ``static/scenario_page.js``
(which re-evaluates the tree as the reader moves sliders) with ``static/scenario_page.css``, and a
Content-Security-Policy that allows no request to any address, so it opens offline from an e-mail
attachment or a file share.

The page data (:func:`page_data`), also what the JupyterLab viewer passes to ``mount``::

    {"format": "scenario-tree-page/1", "title", "description", "source": {... as in the file ...},
     "file": file name or null, "written": ISO date the page was written, "actors": [...],
     "abbreviations": [the drawing's short actor names], "prefix": the drawing's id prefix,
     "svg": the drawing (null without one), "root": root id,
     "nodes": [{"id", "label", "kind", "actor": index of the deciding actor (decisions) or null,
                "parent": id or null, "children": [ids],
                "probability": the branch probability as a number (``#`` and expressions evaluated) or null,
                "written": how the file writes it: a number, "#" or the expression text (null off chance branches),
                "payoff": [number per actor] (expressions evaluated), "payoff_written": {actor: expression text},
                "tags", "notes", "quotes": [{"text", "paragraph", "page"}], "url",
                "drawn": whether the drawing shows it, "folded": whether it is drawn as a folded summary}],
     "parameters": {name: value}, "parameter_expressions": {name: expression text},
     "risk_tolerance": [each actor's risk tolerance R of u(x) = 1 - exp(-x/R), null for a linear actor],
     "style": {the drawing's colours: "kinds": {kind: {"fill", "stroke"}}, "tags": {tag: fill}, "policy",
               "muted", "muted_fill", "muted_text", "text", "edge", "selected"}}

Numbers are evaluated with the tree's parameters when the page is written; the page says which were
expressions. Nodes are listed parents first, children in order (as ``tree.nodes()``).
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import xml.etree.ElementTree as ElementTree
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

from ..drawing import Drawing, DrawOptions
from ..drawing.marks import abbreviations
from ..drawing.options import MUTED_COLOUR, MUTED_TEXT, POLICY_COLOUR, SELECTED_COLOUR, STYLE, TEXT_COLOUR
from ..files import atomic_write
from ..model import REMAINDER, TreeModel, preorder
from ..model.nodes import payoff_vector

__all__ = ["PAGE_FORMAT", "MAX_DRAWN_NODES", "page_data", "page_html", "script_json", "write_page"]

PAGE_FORMAT = "scenario-tree-page/1"
MAX_DRAWN_NODES = 2000  # larger trees are drawn with their least likely subtrees folded
# as render._node_style and render.edge_mark draw an off-policy node's fill and an on-policy edge
MUTED_FILL, PLAIN_EDGE = "#f6f6f6", "#555555"
_STATIC = resources.files("scenario_tree.sharing") / "static"
_SVG = "{http://www.w3.org/2000/svg}"
# with the hashes of the page's own script and style, nothing else may load or run
_POLICY = ("default-src 'none'; script-src '{script}'; style-src '{style}'; img-src data:; "
           "base-uri 'none'; form-action 'none'")


def page_data(tree: TreeModel, *, drawing: bool = True, written: datetime.date | None = None,
              **options: Any) -> dict[str, Any]:
    """The page's data (the contract in the module docstring), JSON-safe.

    Args:
        tree: The tree, with its numbers as they are now.
        drawing: Include the drawing (needs Graphviz); without it ``svg`` and ``prefix`` are null.
        written: The date to state as the page's writing (default: today).
        **options: Drawing options (see ``DrawOptions``), such as ``rankdir``; the page states the
            title itself and folds only trees of more than ``MAX_DRAWN_NODES`` nodes.
    """
    evaluation = tree.evaluate()
    actors = tree.actors
    values = tree.parameter_values()
    chosen = DrawOptions(**{"max_nodes": MAX_DRAWN_NODES, **options, "show_title": False})
    svg = Drawing(tree, chosen).svg() if drawing else None
    drawn, folded, tag_fills = _drawn_nodes(svg) if svg else (set(), set(), {})
    nodes = [_node_data(node, actors, values, evaluation.probability[node.id]) for node in preorder(tree.root)]
    for node in nodes:
        node["drawn"], node["folded"] = node["id"] in drawn, node["id"] in folded
    return {
        "format": PAGE_FORMAT,
        "title": tree.title,
        "description": tree.meta.get("description"),
        "source": tree.meta.get("source") or None,
        "file": Path(tree.file).name if tree.file else None,
        "written": (written or datetime.date.today()).isoformat(),
        "actors": actors,
        "abbreviations": abbreviations(actors),
        "prefix": _prefix(svg) if svg else None,
        "svg": svg,
        "root": tree.root.id,
        "nodes": nodes,
        "parameters": values,
        "risk_tolerance": [None if tolerance == float("inf") else tolerance  # JSON has no infinity
                           for tolerance in evaluation.tolerance.tolist()],
        "parameter_expressions": {name: _expression_of(spec) for name, spec in tree.parameters.items()
                                  if _expression_of(spec) is not None},
        "style": _style(tag_fills),
    }


def page_html(tree: TreeModel, *, written: datetime.date | None = None, **options: Any) -> str:
    """The whole self-contained page: drawing, data, script and style, with no outside reference."""
    data = page_data(tree, written=written, **options)
    script = _read_static("scenario_page.js")
    if "</script" in script.lower():  # it is inlined: such a text would end the script element
        raise ValueError("scenario_page.js must not contain '</script'")
    module = (f"{script}\n"
              'const element = document.getElementById("scenario-page");\n'
              'const data = JSON.parse(document.getElementById("scenario-page-data").textContent);\n'
              "window.scenarioPage = mount(element, data);\n")
    style = "body { margin: 0; }\n" + _read_static("scenario_page.css")
    policy = _POLICY.format(script=_hash(module), style=_hash(style))
    title = escape(data["title"])
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="scenario-tree">\n'
        '<link rel="icon" href="data:,">\n'
        f"<title>{title}</title>\n<style>{style}</style>\n</head>\n<body>\n"
        f'<div id="scenario-page"><noscript>{title}: this page needs JavaScript to show the tree.</noscript></div>\n'
        f'<script type="application/json" id="scenario-page-data">{script_json(data)}</script>\n'
        f'<script type="module">{module}</script>\n'
        "</body>\n</html>\n"
    )


def write_page(tree: TreeModel, path: str | Path, *, written: datetime.date | None = None, **options: Any) -> Path:
    """Write the standalone page of ``tree`` to ``path`` atomically; returns the path.

    ``options`` are drawing options, as for :func:`page_data`.
    """
    return atomic_write(Path(path), page_html(tree, written=written, **options).encode("utf-8"))


def script_json(data: Any) -> str:
    r"""JSON that no text can break out of inside a ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\u003c``-style escapes (so no ``</script>`` or ``<!--``), and
    U+2028/U+2029 are escaped for older JavaScript parsers.

    >>> script_json({"label": "</script><b>"})
    '{"label": "\\u003c/script\\u003e\\u003cb\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    for character in "<>&\u2028\u2029":
        text = text.replace(character, f"\\u{ord(character):04x}")
    return text


def _node_data(node: Any, actors: list[str], values: dict[str, float], probability: float | None) -> dict[str, Any]:
    branch = node.parent is not None and node.parent.kind == "chance"
    return {
        "id": node.id,
        "label": node.label,
        "kind": node.kind,
        "actor": _decider(node, actors),
        "parent": node.parent.id if node.parent is not None else None,
        "children": [child.id for child in node.children],
        "probability": probability if branch else None,
        "written": _written_probability(node.probability, probability) if branch else None,
        "payoff": [float(amount) for amount in payoff_vector(node.payoff, actors, values)],
        "payoff_written": _payoff_expressions(node.payoff, actors),
        "tags": list(node.tags),
        "notes": node.notes,
        "quotes": [{key: quote[key] for key in ("text", "paragraph", "page") if key in quote} for quote in node.quotes],
        "url": node.url,
    }


def _decider(node: Any, actors: list[str]) -> int | None:
    if node.kind != "decision":
        return None
    return actors.index(node.actor) if node.actor in actors else 0


def _written_probability(raw: Any, evaluated: float | None) -> float | str | None:
    """``#``, the expression text, or the number (a ``{value, low, high}`` range is its value)."""
    if raw == REMAINDER:
        return REMAINDER
    expression = _expression_of(raw)
    return expression if expression is not None else evaluated


def _expression_of(raw: Any) -> str | None:
    if isinstance(raw, dict):
        raw = raw.get("value")
    return raw if isinstance(raw, str) and raw != REMAINDER else None


def _payoff_expressions(payoff: Any, actors: list[str]) -> dict[str, str]:
    if isinstance(payoff, dict):
        return {actor: amount for actor, amount in payoff.items() if isinstance(amount, str)}
    return {actors[0]: payoff} if isinstance(payoff, str) else {}


def _drawn_nodes(svg: str) -> tuple[set[str], set[str], dict[str, str]]:
    """The ids the drawing shows, those it folded, and each legend tag's fill."""
    drawn, folded, tag_fills = set(), set(), {}
    for group in ElementTree.fromstring(svg).iter(f"{_SVG}g"):
        classes = (group.get("class") or "").split()
        if "node" in classes and group.get("data-node"):
            drawn.add(group.get("data-node"))
            if "folded" in classes:
                folded.add(group.get("data-node"))
        elif "legend" in classes:
            title = group.findtext(f"{_SVG}title") or ""
            shape = next((child for child in group if child.get("fill") not in (None, "none")), None)
            if title.startswith("tag ") and shape is not None:  # render.marks titles a legend entry "tag {tag}"
                tag_fills[title[len("tag "):]] = shape.get("fill")
    return drawn, folded, tag_fills


def _prefix(svg: str) -> str | None:
    for group in ElementTree.fromstring(svg).iter(f"{_SVG}g"):
        node_id, dom_id = group.get("data-node"), group.get("id") or ""
        if node_id and dom_id.endswith(f"-node-{node_id}"):
            return dom_id[: -len(f"-node-{node_id}")]
    return None


def _style(tag_fills: dict[str, str]) -> dict[str, Any]:
    return {
        "kinds": {kind: {"fill": fill, "stroke": stroke} for kind, (fill, stroke) in STYLE.items()},
        "tags": tag_fills,
        "policy": POLICY_COLOUR,
        "muted": MUTED_COLOUR,
        "muted_fill": MUTED_FILL,
        "muted_text": MUTED_TEXT,
        "text": TEXT_COLOUR,
        "edge": PLAIN_EDGE,
        "selected": SELECTED_COLOUR,
    }


def _read_static(name: str) -> str:
    return (_STATIC / name).read_text(encoding="utf-8")


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
