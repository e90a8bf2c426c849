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
from functools import cached_property
from typing import Any

from ..errors import GraphvizError
from .dot import dot_source
from .marks import Mark
from .options import DrawOptions

__all__ = ["Geometry", "Layout", "TIDY_THRESHOLD", "compute_layout", "run_graphviz", "tidy_positions"]

TIDY_THRESHOLD = 1500
LABEL_SUFFIX = "~label"  # "~" never occurs in node ids, so no node can be mistaken for a label
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
    """Where one line of text goes; ``opening`` is its ``<text ...`` tag up to the style, written once."""

    x: str
    y: str
    anchor: str
    size: str

    @cached_property
    def opening(self) -> str:
        return f'<text text-anchor="{self.anchor}" x="{self.x}" y="{self.y}" font-size="{self.size}" '


@dataclass
class Geometry:
    """The shapes and text places of one element; ``styled`` keeps its shapes written per style."""

    shapes: list[Shape] = field(default_factory=list)
    texts: list[TextSpot] = field(default_factory=list)
    styled: dict[tuple, str] = field(default_factory=dict, repr=False, compare=False)


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
        # a pinned edge's label is drawn as a node of its own (see dot.dot_source)
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

CHARACTER_WIDTH = 7.2  # points per character at the 12 pt node font, on the generous side
LINE_HEIGHT = 15.0
COLUMN_GAP = 40.0
ROW_GAP = 8.0


def tidy_positions(drawn: Sequence[Mark], options: DrawOptions) -> dict[str, tuple[float, float]]:
    """Place nodes in linear time: depth along one axis, subtrees side by side along the other.

    Each subtree gets a band as wide as the larger of its node (with the label of the edge into
    it) and its children's bands side by side; children are centred in their parent's band and
    each node in its own band, so no two nodes overlap whatever the direction.
    """
    vertical = options.rankdir in ("TB", "BT")
    nodes = [mark for mark in drawn if mark.role in ("node", "legend")]
    by_title = {mark.title: mark for mark in nodes}
    children: dict[str, list[str]] = {mark.title: [] for mark in nodes}
    edges: dict[str, Mark] = {}
    for mark in drawn:
        if mark.role == "edge":
            parent, child = mark.title.split("->")
            children[parent].append(child)
            edges[child] = mark
    root = next(mark.title for mark in nodes if mark.role == "node")
    order, depth = _preorder(root, children)

    def along(mark: Mark | None) -> float:
        return 0.0 if mark is None else (_text_height(mark.lines) if vertical else _text_width(mark.lines))

    def across(mark: Mark | None) -> float:
        return 0.0 if mark is None else (_text_width(mark.lines) if vertical else _text_height(mark.lines))

    column_start = _column_starts(order, depth, lambda title: along(by_title[title]) + along(edges.get(title)))
    band = _bands(order, children, lambda title: max(across(by_title[title]), across(edges.get(title))))
    centre = _centres(order, children, band)
    positions = {}
    for title in order:
        start = column_start[depth[title]]
        edge = edges.get(title)
        positions[by_title[title].dom_id] = _oriented(start + along(edge) + along(by_title[title]) / 2, centre[title],
                                                      options.rankdir)
        if edge is not None:  # the edge's label sits in the space kept for it before the node
            positions[edge.dom_id] = _oriented(start + along(edge) / 2, centre[title], options.rankdir)
    legend_along = max(column_start.values(), default=0.0) + max(map(along, nodes), default=0.0) + 2 * COLUMN_GAP
    offset = 0.0
    for mark in (m for m in nodes if m.role == "legend"):
        positions[mark.dom_id] = _oriented(legend_along, offset + across(mark) / 2, options.rankdir)
        offset += across(mark) + ROW_GAP
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


def _column_starts(order: list[str], depth: dict[str, int], size: Any) -> dict[int, float]:
    columns: dict[int, float] = {}
    for title in order:
        columns[depth[title]] = max(columns.get(depth[title], 0.0), size(title))
    starts, start = {}, 0.0
    for level in sorted(columns):
        starts[level] = start
        start += columns[level] + COLUMN_GAP
    return starts


def _bands(order: list[str], children: dict[str, list[str]], size: Any) -> dict[str, float]:
    band: dict[str, float] = {}
    for title in reversed(order):  # children come after their parent in preorder
        below = sum(band[child] for child in children[title]) + ROW_GAP * max(len(children[title]) - 1, 0)
        band[title] = max(size(title) + ROW_GAP, below)
    return band


def _centres(order: list[str], children: dict[str, list[str]], band: dict[str, float]) -> dict[str, float]:
    start = {order[0]: 0.0}
    centre = {}
    for title in order:
        centre[title] = start[title] + band[title] / 2
        kids = children[title]
        used = sum(band[child] for child in kids) + ROW_GAP * max(len(kids) - 1, 0)
        cursor = start[title] + (band[title] - used) / 2
        for child in kids:
            start[child] = cursor
            cursor += band[child] + ROW_GAP
    return centre


def _text_height(lines: Sequence[str]) -> float:
    return len(lines) * LINE_HEIGHT + ROW_GAP


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
