"""Graphviz DOT source of a drawing; it runs nothing (see :mod:`~scenario_tree.drawing.layout`).

Every text from a file is passed through :func:`dot_text`, so a label such as ``<b>x</b>`` or
``\\N`` is shown literally and can neither become an HTML-like label nor a Graphviz escape.
"""

from __future__ import annotations

from collections.abc import Sequence

from .marks import Mark
from .options import FONT, DrawOptions

__all__ = ["EDGE_SIZE", "NODE_SIZE", "TITLE_SIZE", "dot_source", "dot_text"]

TITLE_SIZE, NODE_SIZE, EDGE_SIZE = "14", "12", "11"  # points: at natural size 12 pt is 16 px on screen


def dot_text(text: str) -> str:
    r"""Text for a DOT label, shown literally: no HTML-like label, no ``\N``-style escape, no entity.

    >>> dot_text('<b>"x"</b> \\N & \\')
    '&lt;b&gt;\\"x\\"&lt;/b&gt; \\\\N &amp; \\\\'
    """
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\\", "\\\\").replace('"', '\\"'))


def dot_source(drawn: Sequence[Mark], options: DrawOptions, positions: dict[str, tuple[float, float]] | None = None
               ) -> str:
    """The DOT source of a drawing; with ``positions`` the nodes are pinned (for ``neato -n2``)."""
    import graphviz  # only here: making DOT is rare, importing the package is not free

    graph = graphviz.Digraph("scenario_tree")
    graph.attr(rankdir=options.rankdir, nodesep="0.2", ranksep="0.45", fontname=FONT, fontsize=TITLE_SIZE,
               labelloc="t", labeljust="l", bgcolor="white", pad="0.15")
    graph.attr("node", fontname=FONT, fontsize=NODE_SIZE, margin="0.1,0.05")
    graph.attr("edge", fontname=FONT, fontsize=EDGE_SIZE, arrowsize="1.1")
    for mark in drawn:
        label = graphviz.nohtml("\\n".join(_laid_out(mark)))
        style = _dot_style(mark)
        if mark.role == "graph":
            graph.attr(label=label, fontcolor=mark.font_colour, id=mark.dom_id)
        elif mark.role == "edge" and positions:
            # neato -n2 spends seconds placing edge labels: pin each one as a text node instead
            parent, child = mark.title.split("->")
            graph.edge(parent, child, id=mark.dom_id, **style)
            if mark.lines:
                graph.node(f"~{mark.dom_id}", label=label, id=f"{mark.dom_id}~label", shape="plaintext",
                           fontsize=EDGE_SIZE, fontcolor=mark.font_colour, pos=_pin(positions[mark.dom_id]))
        elif mark.role == "edge":
            parent, child = mark.title.split("->")
            graph.edge(parent, child, label=label, id=mark.dom_id, **style)
        else:
            name = mark.title if mark.role == "node" else f"~{mark.dom_id}"
            extra = {"pos": _pin(positions[mark.dom_id])} if positions else {}
            graph.node(name, label=label, id=mark.dom_id, **style, **extra)
    if not positions:
        legend = [f'"~{mark.dom_id}"' for mark in drawn if mark.role == "legend"]
        if legend:
            graph.body.append(f"\t{{rank=sink; {' '.join(legend)}}}\n")
    return graph.source


def _laid_out(mark: Mark) -> list[str]:
    """The lines as Graphviz should size them: the numbers, which edits change without a new layout, get room."""
    return [dot_text(line) if index < mark.layout_lines or mark.role != "node" else f"\u2002{dot_text(line)}\u2002"
            for index, line in enumerate(mark.lines)]


def _pin(position: tuple[float, float]) -> str:
    return "{:.1f},{:.1f}!".format(*position)


def _dot_style(mark: Mark) -> dict[str, str]:
    style = {"color": mark.stroke, "fontcolor": mark.font_colour, "penwidth": f"{mark.stroke_width:g}"}
    if mark.role == "edge":
        return {**style, **mark.attributes}
    extra = dict(mark.attributes)
    styles = ["filled"] + (["dashed"] if mark.dashed else []) + ([extra.pop("style")] if "style" in extra else [])
    if mark.role == "legend":
        return {**style, "shape": "box", "style": "filled,rounded", "fillcolor": mark.fill}
    return {**style, "style": ",".join(styles), "fillcolor": mark.fill, **extra}
