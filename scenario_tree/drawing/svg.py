"""Write the SVG of a drawing from a cached layout and the current text and styles.

A fresh drawing and a restyled one go through the same writer, so a number edit gives exactly the
SVG a new layout would give for the new text (only the geometry is the old one). Text is always
XML-escaped here: nothing from a file becomes markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from html import escape as _escape

from .layout import Geometry, Layout, TextSpot
from .marks import Mark
from .options import FONT

__all__ = ["document", "element_parts", "element_pieces", "element_svg", "write_svg"]

escape = lru_cache(maxsize=65536)(_escape)  # the same labels are written again at every restyle

SVG_NAMESPACES = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'


def write_svg(layout: Layout, drawn: Sequence[Mark], heading: Sequence[str] = (), fixed_size: bool = False) -> str:
    """The whole SVG document: scalable (a ``viewBox``) unless ``fixed_size`` asks for Graphviz's size."""
    graph = next((mark for mark in drawn if mark.role == "graph"), None)
    return document(layout, graph, element_pieces(layout, drawn), heading, fixed_size)


def element_pieces(layout: Layout, drawn: Sequence[Mark]) -> list[str]:
    """The SVG group of every mark, in order (empty for the title, which :func:`document` writes)."""
    return [element_svg(layout.elements[mark.dom_id], mark)
            if mark.role != "graph" and mark.dom_id in layout.elements else "" for mark in drawn]


def document(layout: Layout, graph: Mark | None, pieces: Sequence[str], heading: Sequence[str] = (),
             fixed_size: bool = False) -> str:
    """The SVG document around the pieces written by :func:`element_svg`.

    ``heading`` (the title, then the source and the legend) gives the document's ``<title>`` and
    ``<desc>``, which travel with an exported file; ``fixed_size`` adds Graphviz's ``width`` and
    ``height`` (a file shown on its own), which a drawing that scales to its container leaves out.
    """
    size = f' width="{layout.width}" height="{layout.height}"' if fixed_size else ""
    title = heading[0] if heading else "scenario tree"
    parts = [
        f'<svg {SVG_NAMESPACES} class="scenario-tree" viewBox="{layout.view_box}"{size} '
        f'preserveAspectRatio="xMidYMin meet" font-family="{FONT}" role="img" aria-label="{escape(title)}">\n',
        f"<title>{escape(title)}</title>\n",
        f"<desc>{escape(chr(10).join(heading[1:]))}</desc>\n" if len(heading) > 1 else "",
        f'<g class="graph" transform="{layout.transform}">\n',
    ]
    parts.append(_background(layout, graph))
    parts.extend(pieces)
    parts.append("</g>\n</svg>\n")
    return "".join(parts)


def _background(layout: Layout, graph: Mark | None) -> str:
    geometry = next(iter(layout.elements.values()))
    shapes = "".join(f'<{shape.tag} fill="white" stroke="none" {shape.geometry}/>\n' for shape in geometry.shapes)
    if graph is None:
        return shapes
    return (f'<g id="{graph.dom_id}" class="title"><title>{escape(graph.title)}</title>\n{shapes}'
            + _texts(geometry, graph) + "</g>\n")


def element_svg(geometry: Geometry, mark: Mark) -> str:
    """One node, edge or legend entry as an SVG group: ``<title>``, shapes, then text lines."""
    return "".join(element_parts(geometry, mark))


def element_parts(geometry: Geometry, mark: Mark) -> list[str]:
    """The SVG group of :func:`element_svg` in parts, with the text numbers change at odd positions.

    Those are the escaped tooltip, then each line after the mark's ``layout_lines``; the parts
    between them depend only on the mark's look and layout text, so a restyle that keeps the look
    writes just the odd parts again (see :mod:`~scenario_tree.drawing.restyle`).
    """
    style = (mark.fill, mark.stroke, mark.stroke_width, mark.dashed)
    shapes = geometry.styled.get(style)
    if shapes is None:  # a restyle meets few distinct styles: write each element's shapes once per style
        shapes = geometry.styled[style] = "".join(_shape(shape, mark) for shape in geometry.shapes)
    node = f' data-node="{escape(mark.node)}"' if mark.node else ""
    spots = list(zip(geometry.texts, mark.lines, mark.roles or ("text",) * len(mark.lines)))
    text_style = _text_style(mark)
    parts = [f'<g id="{mark.dom_id}" class="{mark.classes}"{node}><title>', escape(mark.tooltip or mark.title),
             "</title>\n" + shapes + "".join(_text(spot, role, text_style, line)
                                           for spot, line, role in spots[: mark.layout_lines])]
    for spot, line, role in spots[mark.layout_lines:]:
        parts[-1] += _opening(spot, role, text_style)
        parts += [escape(line), "</text>\n"]
    parts[-1] += "</g>\n"
    return parts


def _shape(shape, mark: Mark) -> str:
    fill = mark.fill if shape.filled else "none"
    stroke = mark.stroke if shape.stroked else "none"
    dashes = ' stroke-dasharray="5,2"' if mark.dashed else ""
    return (f'<{shape.tag} fill="{fill}" stroke="{stroke}" stroke-width="{mark.stroke_width:g}"{dashes} '
            f"{shape.geometry}/>\n")


def _text_style(mark: Mark) -> str:
    return f'fill="{mark.font_colour}"' + (' font-weight="bold">' if mark.font_weight == "bold" else ">")


def _opening(spot: TextSpot, role: str, style: str) -> str:
    return f'{spot.opening}class="st-{role}" {style}'


def _text(spot: TextSpot, role: str, style: str, line: str) -> str:
    return f"{_opening(spot, role, style)}{escape(line)}</text>\n"


def _texts(geometry: Geometry, mark: Mark) -> str:
    style = _text_style(mark)
    roles = mark.roles or ("text",) * len(mark.lines)
    return "".join(_text(spot, role, style, line) for spot, line, role in zip(geometry.texts, mark.lines, roles))
