"""Geometry of a drawing: run Graphviz once and keep where every shape and line of text went.

Small and middle-sized trees are laid out by ``dot``. Its time grows much faster than the number
of nodes, so above ``TIDY_THRESHOLD`` shown nodes this module places the nodes itself with a
linear-time tidy layout (leaves one after another, parents centred on their children, columns by
depth) and asks ``neato -n2`` only to draw them where they were put.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from collections.abc import Sequence
from dataclasses import dataclass, field

from .errors import GraphvizError
from .render import DrawOptions, Mark, dot_source

__all__ = ["Geometry", "Layout", "TIDY_THRESHOLD", "compute_layout", "run_graphviz", "tidy_positions"]

TIDY_THRESHOLD = 1500
LABEL_SUFFIX = "-label"
SVG_NS = "{http://www.w3.org/2000/svg}"
SHAPE_TAGS = ("polygon", "ellipse", "path", "polyline")
STYLE_ATTRIBUTES = ("fill", "stroke", "stroke-width", "stroke-dasharray")
INSTALL_HINT = ("install Graphviz: 'apt-get install graphviz' (Debian, Ubuntu), 'brew install graphviz' (macOS), "
                "'conda install graphviz' or https://graphviz.org/download/")


@dataclass
class Shape:
    """One shape as Graphviz placed it: its tag, geometry attributes, and whether it is filled and stroked."""

    tag: str
    geometry: str
    filled: bool
    stroked: bool


@dataclass
class TextSpot:
    x: str
    y: str
    anchor: str
    size: str


@dataclass
class Geometry:
    shapes: list[Shape] = field(default_factory=list)
    texts: list[TextSpot] = field(default_factory=list)


@dataclass
class Layout:
    """Where everything of one drawing is: the canvas and each element's geometry by DOM id."""

    width: str
    height: str
    view_box: str
    transform: str
    elements: dict[str, Geometry]
    engine: str
    positions: dict[str, tuple[float, float]] | None = None


def run_graphviz(source: str, engine: str = "dot", fmt: str = "svg", timeout: float = 60.0,
                 arguments: Sequence[str] = ()) -> bytes:
    """Run a Graphviz program on DOT source and return its output.

    Raises:
        GraphvizError: The program is missing, fails, or runs longer than ``timeout`` seconds.
    """
    program = shutil.which(engine)
    if program is None:
        raise GraphvizError(f"Graphviz's {engine!r} program was not found on PATH; {INSTALL_HINT}")
    command = [program, f"-T{fmt}", *arguments]
    try:
        done = subprocess.run(command, input=source.encode("utf-8"), capture_output=True, timeout=timeout,
                              env={**os.environ, "LC_ALL": "C"})
    except subprocess.TimeoutExpired:
        raise GraphvizError(f"Graphviz {engine} took longer than {timeout:g} s and was stopped; "
                            "fold the tree (depth, min_probability, max_nodes) to draw less") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip() or f"exit code {done.returncode}"
        raise GraphvizError(f"Graphviz {engine} failed: {message}")
    return done.stdout


def compute_layout(drawn: Sequence[Mark], options: DrawOptions) -> Layout:
    """Lay the drawing out: ``dot`` for ordinary trees, tidy positions and ``neato -n2`` for large ones."""
    nodes = sum(1 for mark in drawn if mark.role == "node")
    if nodes <= TIDY_THRESHOLD:
        svg = run_graphviz(dot_source(drawn, options), "dot", "svg", options.timeout)
        return parse_svg(svg, "dot")
    positions = tidy_positions(drawn, options)
    svg = run_graphviz(dot_source(drawn, options, positions), "neato", "svg", options.timeout, ["-n2"])
    layout = parse_svg(svg, "neato")
    layout.positions = positions
    return layout


def parse_svg(svg: bytes, engine: str) -> Layout:
    """Read the geometry out of Graphviz's SVG, keyed by the ``id`` each element was given."""
    root = ElementTree.fromstring(svg)
    graph = root.find(f"{SVG_NS}g")
    elements = {graph.get("id", "graph"): _geometry(graph, direct_only=True)}
    for group in graph.findall(f"{SVG_NS}g"):
        if group.get("class") in ("node", "edge") and group.get("id"):
            elements[group.get("id")] = _geometry(group, direct_only=False)
    for label_id in [key for key in elements if key.endswith(LABEL_SUFFIX)]:
        # a pinned edge's label is drawn as a node of its own (see render.dot_source)
        elements[label_id.removesuffix(LABEL_SUFFIX)].texts.extend(elements.pop(label_id).texts)
    return Layout(root.get("width", ""), root.get("height", ""), root.get("viewBox", ""),
                  graph.get("transform", ""), elements, engine)


def _geometry(group: ElementTree.Element, direct_only: bool) -> Geometry:
    geometry = Geometry()
    for element in (list(group) if direct_only else group.iter()):
        tag = element.tag.removeprefix(SVG_NS)
        if tag in SHAPE_TAGS:
            shape_attributes = " ".join(f'{name}="{value}"' for name, value in element.attrib.items()
                                        if name not in STYLE_ATTRIBUTES)
            geometry.shapes.append(Shape(tag, shape_attributes, element.get("fill") not in ("none", "transparent"),
                                         element.get("stroke") not in ("none", "transparent")))
        elif tag == "text":
            geometry.texts.append(TextSpot(element.get("x", "0"), element.get("y", "0"),
                                           element.get("text-anchor", "middle"), element.get("font-size", "11")))
    return geometry


# -- tidy layout for large trees -----------------------------------------------------------------

CHARACTER_WIDTH = 6.6  # points per character at the 11 pt node font, on the generous side
LINE_HEIGHT = 14.0
COLUMN_GAP = 40.0
ROW_GAP = 8.0


def tidy_positions(drawn: Sequence[Mark], options: DrawOptions) -> dict[str, tuple[float, float]]:
    """Place nodes in linear time: leaves in order along one axis, depth along the other."""
    nodes = [mark for mark in drawn if mark.role in ("node", "legend")]
    children: dict[str, list[str]] = {mark.title: [] for mark in nodes}
    edge_width: dict[str, float] = {}
    for mark in drawn:
        if mark.role == "edge":
            parent, child = mark.title.split("->")
            children[parent].append(child)
            edge_width[child] = _text_width(mark.lines)
    by_title = {mark.title: mark for mark in nodes}
    root = next(mark.title for mark in nodes if mark.role == "node")
    order, depth = _preorder(root, children)
    columns: dict[int, float] = {}
    for title in order:
        span = _text_width(by_title[title].lines) + edge_width.get(title, 0.0)
        columns[depth[title]] = max(columns.get(depth[title], 0.0), span)
    column_start, start = {}, 0.0
    for level in sorted(columns):
        column_start[level] = start
        start += columns[level] + COLUMN_GAP
    across = _leaf_offsets(order, children, by_title)
    positions = {}
    edge_id = {mark.title.split("->")[1]: mark.dom_id for mark in drawn if mark.role == "edge"}
    for title in order:
        start = column_start[depth[title]]
        along = start + edge_width.get(title, 0.0) + _text_width(by_title[title].lines) / 2
        positions[by_title[title].dom_id] = _oriented(along, across[title], options.rankdir)
        if title in edge_id:  # the edge's label sits in the space kept for it before the node
            positions[edge_id[title]] = _oriented(start + edge_width[title] / 2, across[title], options.rankdir)
    legend_along = start + COLUMN_GAP
    for index, mark in enumerate(m for m in nodes if m.role == "legend"):
        positions[mark.dom_id] = _oriented(legend_along, index * (LINE_HEIGHT + ROW_GAP * 2), options.rankdir)
    return positions


def _preorder(root: str, children: dict[str, list[str]]) -> tuple[list[str], dict[str, int]]:
    order, depth, stack = [], {root: 0}, [root]
    while stack:
        title = stack.pop()
        order.append(title)
        for child in reversed(children[title]):
            depth[child] = depth[title] + 1
            stack.append(child)
    return order, depth


def _leaf_offsets(order: list[str], children: dict[str, list[str]], by_title: dict[str, Mark]) -> dict[str, float]:
    across, cursor = {}, 0.0
    for title in order:
        if not children[title]:
            height = len(by_title[title].lines) * LINE_HEIGHT + ROW_GAP
            across[title] = cursor + height / 2
            cursor += height + ROW_GAP
    for title in reversed(order):  # children come after their parent in preorder
        if children[title]:
            across[title] = (across[children[title][0]] + across[children[title][-1]]) / 2
    return across


def _text_width(lines: Sequence[str]) -> float:
    return max((len(line) for line in lines), default=1) * CHARACTER_WIDTH + 16


def _oriented(along: float, across: float, rankdir: str) -> tuple[float, float]:
    if rankdir == "LR":
        return along, -across
    if rankdir == "RL":
        return -along, -across
    if rankdir == "TB":
        return across, -along
    return across, along
