"""What a drawing shows: which nodes are folded, each node's and edge's text and style, and DOT.

This module decides the content of a drawing and writes it as Graphviz DOT; it runs nothing.
``layout`` runs Graphviz once for the geometry and ``svg`` writes the picture from that geometry,
so a change of numbers only needs a new :func:`marks` and a new SVG, not a new layout.

Every text from a file is passed through :func:`dot_text`, so a label such as ``<b>x</b>`` or
``\\N`` is shown literally and can neither become an HTML-like label nor a Graphviz escape.
"""

from __future__ import annotations

import hashlib
import heapq
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING

import graphviz
import numpy as np

from .evaluate import CHANCE, DECISION, OUTCOME, Evaluation

if TYPE_CHECKING:
    from .tree import ScenarioTree

__all__ = ["DrawOptions", "Mark", "View", "dot_source", "dot_text", "marks", "view"]

RANKDIRS = ("LR", "TB", "RL", "BT")
FONT = "Helvetica,Arial,sans-serif"
TAG_COLOURS = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
               "#9c755f", "#bab0ac")
STYLE = {
    "decision": ("#dbe8f7", "#2c5d95"),
    "chance": ("#fbefc9", "#a8731b"),
    "outcome": ("#ffffff", "#555555"),
    "folded": ("#ececec", "#777777"),
}
POLICY_COLOUR, MUTED_COLOUR, SELECTED_COLOUR, TEXT_COLOUR = "#1d5fa8", "#b9b9b9", "#d0307f", "#222222"
MUTED_TEXT = "#9a9a9a"
WRAP = 26
PREFIX_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class DrawOptions:
    """How to draw a tree. Every field has a sensible default.

    Args:
        rankdir: Direction of the tree: ``LR`` (default), ``TB``, ``RL`` or ``BT``.
        depth: Fold every subtree below this depth (the root is depth 0).
        min_probability: Fold every node whose path probability is below this.
        max_nodes: Fold the least likely subtrees until at most this many nodes are shown
            (``None`` draws everything however large).
        folded: Ids of nodes to fold. unfolded: Ids never folded automatically.
        selected: Id of a node whose path from the root is highlighted.
        width_by_probability: Make edges thicker the likelier their path.
        colour_by_tag: Colour outcomes by their first tag, with a legend.
        show_title: Show the title and the source above the tree.
        id_prefix: Prefix of every element id (default: from the title and root id).
        timeout: Seconds Graphviz may run.
    """

    rankdir: str = "LR"
    depth: int | None = None
    min_probability: float | None = None
    max_nodes: int | None = 400
    folded: frozenset[str] = frozenset()
    unfolded: frozenset[str] = frozenset()
    selected: str | None = None
    width_by_probability: bool = False
    colour_by_tag: bool = True
    show_title: bool = True
    id_prefix: str | None = None
    timeout: float = 60.0

    def __post_init__(self) -> None:
        if self.rankdir not in RANKDIRS:
            raise ValueError(f"unknown rankdir: {self.rankdir!r} (must be one of {list(RANKDIRS)})")
        if self.depth is not None and self.depth < 0:
            raise ValueError(f"depth: found {self.depth}, expected 0 or more")
        if self.min_probability is not None and not 0 <= self.min_probability <= 1:
            raise ValueError(f"min_probability: found {self.min_probability}, expected a number in [0, 1]")
        if self.max_nodes is not None and self.max_nodes < 1:
            raise ValueError(f"max_nodes: found {self.max_nodes}, expected 1 or more (or None)")
        if self.id_prefix is not None and not PREFIX_PATTERN.match(self.id_prefix):
            raise ValueError(f"id_prefix: found {self.id_prefix!r}, expected a letter then letters, digits, _ or -")
        object.__setattr__(self, "folded", frozenset(self.folded))
        object.__setattr__(self, "unfolded", frozenset(self.unfolded))

    def but(self, **changes: object) -> DrawOptions:
        """A copy with some fields changed."""
        return replace(self, **changes)


@dataclass
class Mark:
    """One drawn element (node, edge, legend entry or the title) with its text and style.

    ``layout_text`` is the part of the text that decides the layout; the rest are numbers that
    may change without moving anything.
    """

    dom_id: str
    title: str
    role: str  # node | edge | legend | graph
    classes: str
    lines: list[str]
    layout_lines: int
    fill: str = "none"
    stroke: str = TEXT_COLOUR
    stroke_width: float = 1.0
    font_colour: str = TEXT_COLOUR
    font_weight: str = "normal"
    dashed: bool = False
    attributes: dict[str, str] = field(default_factory=dict)
    roles: tuple[str, ...] = ()  # what each line is (label, values, probability, reach, summary): its SVG class
    node: str = ""  # the id of the node a node or edge mark stands for

    @property
    def layout_text(self) -> tuple[str, ...]:
        return (self.dom_id, str(len(self.lines)), *self.lines[: self.layout_lines])


@dataclass
class View:
    """Which rows of the compiled tree are drawn and which of them are folded summaries."""

    rows: list[int]
    folded: set[int]
    hidden_count: int
    tags: list[str]
    prefix: str


def view(tree: ScenarioTree, evaluation: Evaluation, options: DrawOptions) -> View:
    """Choose the nodes to draw: folds asked for, then depth and probability, then the size cap."""
    compiled = evaluation.compiled
    count = len(compiled.nodes)
    prefix = options.id_prefix or _prefix(tree)
    unlimited = options.max_nodes is None or options.max_nodes >= count
    if unlimited and not options.folded and options.depth is None and options.min_probability is None:
        rows = list(range(count))  # everything fits: no need to choose (the common case while editing)
        return View(rows, set(), 0, _all_tags(tree, compiled) if options.colour_by_tag else [], prefix)
    ids = [node.id for node in compiled.nodes]
    stop = np.zeros(count, dtype=bool)
    if options.folded:
        stop |= np.isin(np.array(ids, dtype=object), list(options.folded))
    if options.depth is not None:
        stop |= _depths(compiled) >= options.depth
    if options.min_probability is not None:
        stop |= evaluation.path_probabilities < options.min_probability
    if options.unfolded:
        stop &= ~np.isin(np.array(ids, dtype=object), list(options.unfolded - options.folded))
    stop &= compiled.child_count > 0
    rows, folded = _expand(compiled, evaluation.path_probabilities, stop, options.max_nodes, ids, options)
    tags = _tags_in(compiled.nodes, rows) if options.colour_by_tag else []
    return View(rows, folded, count - len(rows), tags, prefix)


def _depths(compiled) -> np.ndarray:
    """Depth of every row: rows are in level order, so depth is the level a row falls in."""
    return np.repeat(np.arange(len(compiled.level_starts) - 1), np.diff(compiled.level_starts))


def _expand(compiled, path_probability, stop, max_nodes, ids, options) -> tuple[list[int], set[int]]:
    """Open nodes from the root, likeliest first, until the cap; what stays closed is folded."""
    budget = len(ids) if max_nodes is None else max_nodes
    rows, folded, frontier = [0], set(), [(-1.0, 0)]
    protected = set(options.unfolded)
    while frontier:
        _, row = heapq.heappop(frontier)
        count = int(compiled.child_count[row])
        if count == 0:
            continue
        wanted = ids[row] in protected
        if stop[row] or (len(rows) + count > budget and not wanted):
            folded.add(row)
            continue
        first = int(compiled.first_child[row])
        for child in range(first, first + count):
            rows.append(child)
            heapq.heappush(frontier, (-float(path_probability[child]), child))
    rows.sort()
    return rows, folded


def _all_tags(tree: ScenarioTree, compiled) -> list[str]:
    """The tags of all outcomes, read again only after a text edit."""
    cached = compiled.memo.get("tags")
    if cached is None or cached[0] != tree.text_version:
        cached = compiled.memo["tags"] = (tree.text_version, _tags_in(compiled.nodes, range(len(compiled.nodes))))
    return list(cached[1])


def _tags_in(nodes, rows) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        node = nodes[row]
        if node.kind == "outcome" and node.tags:
            seen.setdefault(node.tags[0], None)
    return list(seen)


def _prefix(tree: ScenarioTree) -> str:
    digest = hashlib.sha1(f"{tree.title}\0{tree.root.id}".encode()).hexdigest()[:6]
    return f"st{digest}"


# -- text and style of every element -------------------------------------------------------------


def marks(tree: ScenarioTree, evaluation: Evaluation, chosen: View, options: DrawOptions) -> list[Mark]:
    """The text and style of every element of the drawing, in drawing order."""
    on_path = selected_rows(tree, evaluation, options.selected)
    result = [_graph_mark(tree, chosen, options)] if options.show_title else []
    for row in chosen.rows:
        result.extend(row_marks(evaluation, chosen, row, row in on_path, options))
    result.extend(
        Mark(f"{chosen.prefix}-legend-{index}", f"tag {tag}", "legend", "legend", [tag], 1,
             fill=tag_tint(index), stroke=TAG_COLOURS[index % len(TAG_COLOURS)])
        for index, tag in enumerate(chosen.tags))
    return result


def row_marks(evaluation: Evaluation, chosen: View, row: int, selected: bool, options: DrawOptions) -> list[Mark]:
    """The node drawn for one row and, below the root, the edge leading to it."""
    node = node_mark(evaluation, chosen, row, selected, options)
    return [node, edge_mark(evaluation, chosen, row, selected, options)] if row else [node]


def row_signature(evaluation: Evaluation, on_path: set[int], options: DrawOptions) -> tuple[np.ndarray, int]:
    """Every number a row's node and edge show, one row per node: rows with equal signatures draw the same.

    The first returned number of columns are the node's, the rest the edge's.

    Only what is shown counts (a path probability changes nothing on a chance node unless edge
    widths follow it), so an edit redraws as few rows as the picture allows.
    """
    compiled = evaluation.compiled
    count = len(compiled.nodes)
    policy, path = evaluation.policy_probabilities, evaluation.path_probabilities
    outcome = compiled.kind == OUTCOME
    shown_probability = np.where(outcome, np.where(policy > 0, policy, -1.0 - path), 0.0)
    chosen = np.zeros(count)
    chosen[1:] = evaluation.best_rows[compiled.parent[1:]] == np.arange(1, count)
    selected = np.zeros(count)
    selected[list(on_path)] = 1
    width = path if options.width_by_probability else np.zeros(count)
    node = np.column_stack([evaluation.values, shown_probability, policy > 0, selected])
    edge = np.column_stack([policy > 0, width, np.nan_to_num(evaluation.branch_probabilities, nan=-1.0),
                            chosen, selected])
    return np.concatenate([node, edge], axis=1), node.shape[1]


def tag_tint(index: int) -> str:
    """The light fill of the ``index``-th tag: its colour mixed with three parts white."""
    colour = TAG_COLOURS[index % len(TAG_COLOURS)]
    channels = [int(colour[start:start + 2], 16) for start in (1, 3, 5)]
    return "#" + "".join(f"{round(channel + (255 - channel) * 0.7):02x}" for channel in channels)


def selected_rows(tree: ScenarioTree, evaluation: Evaluation, selected: str | None) -> set[int]:
    if selected is None:
        return set()
    row = evaluation.compiled.row[tree.node(selected)]
    rows = set()
    while row >= 0:
        rows.add(row)
        row = int(evaluation.compiled.parent[row])
    return rows


def _graph_mark(tree: ScenarioTree, chosen: View, options: DrawOptions) -> Mark:
    lines = [line for line in tree.title.splitlines() if line.strip()] or [" "]
    source = tree.meta.get("source") or {}
    cited = ", ".join(str(source[key]) for key in ("author", "title", "outlet", "date") if source.get(key))
    if cited:
        lines.append(f"Source: {cited}")
    if len(tree.actors) > 1:
        lines.append("Values: " + " · ".join(f"{name} = {actor}" for name, actor in
                                            zip(abbreviations(tree.actors), tree.actors)))
    if chosen.hidden_count:
        lines.append(f"{chosen.hidden_count} nodes folded into {len(chosen.folded)} summaries (▸)")
    return Mark(f"{chosen.prefix}-graph", tree.title, "graph", "graph", lines, len(lines), font_colour=TEXT_COLOUR)


def node_mark(evaluation: Evaluation, chosen: View, row: int, selected: bool, options: DrawOptions) -> Mark:
    compiled = evaluation.compiled
    node = compiled.nodes[row]
    kind = node.kind
    folded = row in chosen.folded
    on_policy = evaluation.policy_probabilities[row] > 0
    values = _values_text(evaluation, row)
    label = _wrap(node.label)
    if folded:
        lines = [*label, f"▸ {_count_outcomes(compiled, row)} outcomes folded", values]
        roles = ("label",) * len(label) + ("summary", "values")
        layout_lines = len(lines) - 1
    elif row == 0:
        lines = [*label, values]
        roles = ("label",) * len(label) + ("values",)
        layout_lines = len(lines) - 1
    elif kind == "outcome":
        lines = [values, _outcome_probability(evaluation, row)]
        roles = ("values", "reach")
        layout_lines = 0
    else:
        lines = [values]
        roles = ("values",)
        layout_lines = 0
    tag = None
    if kind == "outcome" and options.colour_by_tag and node.tags and node.tags[0] in chosen.tags:
        tag = chosen.tags.index(node.tags[0])
    return Mark(f"{chosen.prefix}-node-{node.id}", node.id, "node", lines=lines, layout_lines=layout_lines,
                roles=roles, node=node.id,
                **_node_style(kind, folded, tag, bool(on_policy), selected))


@lru_cache(maxsize=1024)
def _node_style_items(kind: str, folded: bool, tag: int | None, on_policy: bool, selected: bool) -> tuple:
    fill, stroke = STYLE["folded" if folded else kind]
    if tag is not None:
        fill = tag_tint(tag)
    classes = ["node", "folded" if folded else kind, "on-policy" if on_policy else "off-policy"]
    if selected:
        classes.append("selected")
    return tuple({
        "classes": " ".join(classes),
        "fill": fill if on_policy else "#f6f6f6",
        "stroke": SELECTED_COLOUR if selected else (stroke if on_policy else MUTED_COLOUR),
        "stroke_width": 3.0 if selected else (1.6 if kind == "outcome" else 1.2),
        "font_colour": TEXT_COLOUR if on_policy else MUTED_TEXT,
        "font_weight": "bold" if selected else "normal",
        "dashed": folded,
        "attributes": {"shape": _shape(kind, folded)},
    }.items())


def _node_style(kind: str, folded: bool, tag: int | None, on_policy: bool, selected: bool) -> dict:
    """A node's style, which depends on a handful of flags only (cached: restyles recompute none)."""
    return dict(_node_style_items(kind, folded, tag, on_policy, selected))


def edge_mark(evaluation: Evaluation, chosen: View, row: int, selected: bool, options: DrawOptions) -> Mark:
    compiled = evaluation.compiled
    node = compiled.nodes[row]
    parent_row = int(compiled.parent[row])
    parent_kind = compiled.kind[parent_row]
    chosen_branch = parent_kind == DECISION and evaluation.best_rows[parent_row] == row
    on_policy = evaluation.policy_probabilities[row] > 0
    lines = _wrap(node.label)
    layout_lines = len(lines)
    roles = ("label",) * layout_lines
    if parent_kind == CHANCE:
        lines.append(_probability_text(float(evaluation.branch_probabilities[row])))
        roles += ("probability",)
    width = 1.2
    if options.width_by_probability:
        width = round(0.6 + 5.4 * float(evaluation.path_probabilities[row]), 2)
    if chosen_branch:
        width = max(width, 2.6 if on_policy else 1.8)
    # a branch an off-policy decision would choose is still off the policy: muted like the rest
    colour = (POLICY_COLOUR if chosen_branch else "#555555") if on_policy else MUTED_COLOUR
    classes = ["edge", "chosen" if chosen_branch else "", "on-policy" if on_policy else "off-policy"]
    if selected:
        classes.append("selected")
    return Mark(
        f"{chosen.prefix}-edge-{node.id}", f"{compiled.nodes[parent_row].id}->{node.id}", "edge",
        " ".join(filter(None, classes)), lines, layout_lines,
        fill=SELECTED_COLOUR if selected else colour,
        stroke=SELECTED_COLOUR if selected else colour,
        stroke_width=max(width, 3.0) if selected else width,
        font_colour=TEXT_COLOUR if on_policy else MUTED_TEXT,
        font_weight="bold" if chosen_branch or selected else "normal",
        attributes={"arrowhead": "inv" if compiled.kind[row] == OUTCOME else "none"},
        roles=roles, node=node.id,
    )


def _shape(kind: str, folded: bool) -> str:
    if folded:
        return "box"
    return {"decision": "box", "chance": "ellipse", "outcome": "plaintext"}[kind]


def _wrap(text: str, width: int = WRAP) -> list[str]:
    return list(_wrapped(str(text), width))


@lru_cache(maxsize=65536)
def _wrapped(text: str, width: int) -> tuple[str, ...]:
    """Label text in lines of at most ``width`` characters (cached: restyles rewrap nothing)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines.extend(textwrap.wrap(paragraph, width, break_long_words=True) or [" "])
    return tuple(lines)


def _values_text(evaluation: Evaluation, row: int) -> str:
    values = evaluation.values[row]
    if len(evaluation.actors) == 1:
        return _number(float(values[0]))
    names = abbreviations(evaluation.actors)
    return " · ".join(f"{name} {_number(float(value))}" for name, value in zip(names, values))


def abbreviations(actors: Sequence[str]) -> list[str]:
    """Short distinct names for actors, shown in the drawing beside each value.

    >>> abbreviations(["west", "putin", "russian_society"])
    ['W', 'P', 'R']
    >>> abbreviations(["pennzoil", "putin"])
    ['PE', 'PU']
    """
    return list(_abbreviations(tuple(actors)))


@lru_cache(maxsize=256)
def _abbreviations(actors: tuple[str, ...]) -> tuple[str, ...]:
    for length in range(1, max(map(len, actors)) + 1):
        names = tuple(actor[:length].upper() for actor in actors)
        if len(set(names)) == len(names):
            return names
    return actors


def _outcome_probability(evaluation: Evaluation, row: int) -> str:
    policy = float(evaluation.policy_probabilities[row])
    if policy > 0:
        return f"p {_probability_text(policy)}"
    return f"path p {_probability_text(float(evaluation.path_probabilities[row]))}"


def _probability_text(probability: float) -> str:
    """A probability as a short number: ``0.4``, ``0.333``, ``0.0012``."""
    return f"{probability:.3g}" if probability >= 0.001 or probability == 0 else f"{probability:.2g}"


def _number(value: float) -> str:
    if abs(value) >= 1e4:
        return f"{value:,.0f}"
    text = f"{value:.3g}"
    return "0" if text == "-0" else text


def _count_outcomes(compiled, row: int) -> int:
    count, stack = 0, [row]
    while stack:
        current = stack.pop()
        children = int(compiled.child_count[current])
        if children == 0:
            count += 1
        else:
            first = int(compiled.first_child[current])
            stack.extend(range(first, first + children))
    return count


# -- DOT -----------------------------------------------------------------------------------------


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
