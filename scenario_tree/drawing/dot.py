"""Graphviz DOT source of a drawing; it runs nothing (see :mod:`~scenario_tree.drawing.layout`).

Every text from a file is passed through :func:`dot_text`, so a label such as ``<b>x</b>`` or
``\\N`` is shown literally and can neither become an HTML-like label nor a Graphviz escape.
"""

from __future__ import annotations

from collections.abc import Sequence

from .marks import Mark
from .options import FONT, DrawOptions

__all__ = ["dot_source", "dot_text"]


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
    graph.attr(rankdir=options.rankdir, nodesep="0.18", ranksep="0.35", fontname=FONT, fontsize="12",
               labelloc="t", labeljust="l", bgcolor="white", pad="0.15")
    graph.attr("node", fontname=FONT, fontsize="11", margin="0.08,0.04")
    graph.attr("edge", fontname=FONT, fontsize="10", arrowsize="1.1")
    for mark in drawn:
        label = graphviz.nohtml("\\n".join(dot_text(line) for line in mark.lines))
        style = _dot_style(mark)
        if mark.role == "graph":
            graph.attr(label=label, fontcolor=mark.font_colour, id=mark.dom_id)
        elif mark.role == "edge" and positions:
            # neato -n2 spends seconds placing edge labels: pin each one as a text node instead
            parent, child = mark.title.split("->")
            graph.edge(parent, child, id=mark.dom_id, **style)
            graph.node(f"~{mark.dom_id}", label=label, id=f"{mark.dom_id}~label", shape="plaintext",
                       fontsize="10", fontcolor=mark.font_colour, pos=_pin(positions[mark.dom_id]))
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


def _pin(position: tuple[float, float]) -> str:
    return "{:.1f},{:.1f}!".format(*position)


def _dot_style(mark: Mark) -> dict[str, str]:
    style = {"color": mark.stroke, "fontcolor": mark.font_colour, "penwidth": f"{mark.stroke_width:g}"}
    if mark.role == "edge":
        return {**style, **mark.attributes}
    styles = ["filled"] + (["dashed"] if mark.dashed else [])
    if mark.role == "legend":
        return {**style, "shape": "box", "style": "filled,rounded", "fillcolor": mark.fill}
    return {**style, "style": ",".join(styles), "fillcolor": mark.fill, **mark.attributes}
