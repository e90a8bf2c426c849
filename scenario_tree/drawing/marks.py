"""What a drawing shows of each element: the text and style of every node, edge and legend entry.

Marks are computed from the tree's evaluation and the chosen :class:`~scenario_tree.drawing.folding.View`;
they decide nothing about geometry. Each line of text has a role (label, values, probability, reach,
summary), which the SVG writes as its class, so that a front-end can update numbers in place.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from ..model import Evaluation, TreeModel
from ..model.compiled import CHANCE, DECISION, OUTCOME
from .folding import View
from .options import (
    MUTED_COLOUR,
    MUTED_TEXT,
    POLICY_COLOUR,
    REALISED_COLOUR,
    SELECTED_COLOUR,
    STYLE,
    TAG_COLOURS,
    TEXT_COLOUR,
    WRAP,
    DrawOptions,
)

__all__ = ["EdgeFace", "Mark", "NodeFace", "Numbers", "abbreviations", "edge_face", "face_mark", "heading_lines",
           "marks", "node_face", "row_signature", "selected_rows", "tag_tint"]


OUTCOME_NUMBER_ROLES = {False: ("values", "reach"), True: ("values", "total", "reach")}  # with a path total?
OFF_POLICY = "off the chosen policy: a decision above chooses another branch"


@dataclass(slots=True)
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
    tooltip: str = ""  # what a reader sees on hovering: the label, the kind, the values (never the id)
    look: tuple = ()  # what decides the style and the lines' roles: an edit keeping it changes only numbers

    @property
    def layout_text(self) -> tuple[str, ...]:
        return (self.dom_id, str(len(self.lines)), *self.lines[: self.layout_lines])


def marks(tree: TreeModel, evaluation: Evaluation, chosen: View, options: DrawOptions) -> list[Mark]:
    """The text and style of every element of the drawing, in drawing order."""
    on_path = selected_rows(tree, evaluation, options.selected)
    happened = selected_rows(tree, evaluation, options.realised)
    result = [_graph_mark(tree, chosen, options)] if options.show_title else []
    numbers = Numbers.read(evaluation, np.array(chosen.rows, dtype=np.int64))
    for index, row in enumerate(numbers.rows):
        selected, realised = row in on_path, row in happened
        result.append(face_mark(node_face(evaluation, chosen, row, options), numbers, index, selected, realised))
        if row:  # below the root, the edge leading to the node
            result.append(face_mark(edge_face(evaluation, chosen, row, options), numbers, index, selected, realised))
    result.extend(
        Mark(f"{chosen.prefix}-legend-{index}", f"tag {tag}", "legend", "legend", [tag], 1,
             fill=tag_tint(index), stroke=TAG_COLOURS[index % len(TAG_COLOURS)])
        for index, tag in enumerate(chosen.tags))
    return result


def row_signature(evaluation: Evaluation, on_path: set[int], options: DrawOptions,
                  happened: set[int] = frozenset()) -> tuple[np.ndarray, int]:
    """Every number a row's node and edge show, one column per row: rows with equal signatures draw the same.

    The first returned number of signature rows are the node's, the rest the edge's (one signature
    row per number, so that comparing two signatures is a few passes over whole arrays).

    Only what is shown counts (a path probability changes nothing on a chance node unless edge
    widths follow it), so an edit redraws as few rows as the picture allows.
    """
    compiled = evaluation.compiled
    count, actors = len(compiled.nodes), len(evaluation.actors)
    policy, path = evaluation.policy_probabilities, evaluation.path_probabilities
    outcome = compiled.kind == OUTCOME
    # the node's rows: values and totals (one per actor), shown probability, on the policy, selected, branch;
    # the edge's: on the policy, width, branch, chosen, selected
    node = 2 * actors + 4
    signature = np.zeros((node + 5, count))
    signature[:actors] = evaluation.values.T
    # shown on outcomes: the totals (with payoffs above them), the policy or (off it) the path probability
    np.copyto(signature[actors:2 * actors], evaluation.path_totals.T, where=outcome)
    np.copyto(signature[2 * actors], np.where(policy > 0, policy, -1.0 - path), where=outcome)
    signature[[2 * actors + 1, node]] = policy > 0
    selected = signature[2 * actors + 2]  # one number for both paths: 1 selected, 2 realised, 3 both
    selected[list(on_path)] = 1
    selected[list(happened)] += 2
    signature[node + 4] = selected
    branch = signature[2 * actors + 3]  # shown on the edge and in the node's tooltip
    branch[:] = evaluation.branch_probabilities
    branch[np.isnan(branch)] = -1.0  # NaN would differ from itself
    signature[node + 2] = branch
    if options.width_by_probability:
        signature[node + 1] = path
    signature[node + 3, 1:] = evaluation.best_rows[compiled.parent[1:]] == np.arange(1, count)
    return signature, node


def tag_tint(index: int) -> str:
    """The light fill of the ``index``-th tag: its colour mixed with three parts white."""
    colour = TAG_COLOURS[index % len(TAG_COLOURS)]
    channels = [int(colour[start:start + 2], 16) for start in (1, 3, 5)]
    return "#" + "".join(f"{round(channel + (255 - channel) * 0.7):02x}" for channel in channels)


def selected_rows(tree: TreeModel, evaluation: Evaluation, selected: str | None) -> set[int]:
    if selected is None:
        return set()
    row = evaluation.compiled.row[tree.node(selected)]
    rows = set()
    while row >= 0:
        rows.add(row)
        row = int(evaluation.compiled.parent[row])
    return rows


def heading_lines(tree: TreeModel) -> list[str]:
    """The tree's title, its source and (with several actors) what the value abbreviations stand for."""
    lines = [line for line in tree.title.splitlines() if line.strip()] or [" "]
    source = tree.meta.get("source") or {}
    cited = ", ".join(str(source[key]) for key in ("author", "title", "outlet", "date") if source.get(key))
    if cited:
        lines.append(f"Source: {cited}")
    if len(tree.actors) > 1:
        lines.append("Values: " + " · ".join(f"{name} = {actor}" for name, actor in
                                            zip(abbreviations(tree.actors), tree.actors)))
    return lines


def _graph_mark(tree: TreeModel, chosen: View, options: DrawOptions) -> Mark:
    lines = heading_lines(tree)
    if chosen.hidden_count:
        lines.append(f"{chosen.hidden_count} nodes folded into {len(chosen.folded)} summaries (▸)")
    return Mark(f"{chosen.prefix}-graph", tree.title, "graph", "graph", lines, len(lines), font_colour=TEXT_COLOUR)


@dataclass(slots=True)
class Numbers:
    """Everything some rows show of an evaluation, as plain Python numbers read in one go.

    Formatting a plain float is several times faster than formatting a numpy scalar, so the marks
    read their numbers through this, once per drawing or restyle.
    """

    rows: list[int]
    actors: int
    values: list[float]  # row after row, one number per actor (flat: nested lists would burden the GC)
    totals: list[float]  # the payoffs added up along the path (see Evaluation.path_totals), laid out alike
    own: list[bool]  # whether the path's total is the node's own value (math.isclose for every actor)
    policy: list[float]
    path: list[float]
    branch: list[float]  # NaN where the parent is not a chance node
    chosen: list[bool]  # whether the row is the branch its decision parent chooses

    @classmethod
    def read(cls, evaluation: Evaluation, rows: np.ndarray) -> Numbers:
        values, totals = evaluation.values[rows], evaluation.path_totals[rows]
        close = totals == values
        if not close.all():  # payoffs above some rows: math.isclose(total, value, rel_tol=1e-9, abs_tol=1e-12)
            with np.errstate(invalid="ignore"):
                close |= np.isfinite(totals) & np.isfinite(values) & (
                    np.abs(totals - values) <= np.maximum(1e-9 * np.maximum(np.abs(totals), np.abs(values)), 1e-12))
        parents = evaluation.compiled.parent[rows]
        return cls(rows.tolist(), values.shape[1], values.ravel().tolist(), totals.ravel().tolist(),
                   close.all(axis=1).tolist(),
                   evaluation.policy_probabilities[rows].tolist(), evaluation.path_probabilities[rows].tolist(),
                   evaluation.branch_probabilities[rows].tolist(), (evaluation.best_rows[parents] == rows).tolist())


@dataclass(frozen=True, slots=True)
class NodeFace:
    """What a node's mark shows that no number can change: kept while the drawing's view is."""

    dom_id: str
    node: str
    kind: str
    lines: tuple[str, ...]  # the label's lines, then a folded summary's count
    roles: tuple[str, ...]
    folded: bool
    tag: int | None
    tooltip: str  # the tooltip's start: the label, the kind (who decides, what is folded) and "value: "
    branch: bool  # a chance node's branch: the tooltip says how likely it is
    actors: tuple[str, ...]

    def texts(self, numbers: Numbers, index: int, selected: bool, realised: bool) -> tuple[tuple, list[str], str]:
        """The node's look (what decides its style and its lines' roles), its number lines and its tooltip's.

        The tooltip is the face's ``tooltip`` followed by the returned text, which like the number
        lines holds only numbers, actors' names and the fixed words below.
        """
        actors = numbers.actors
        if actors == 1:
            value = _number(numbers.values[index])
            lines, tail = [value], f"{self.actors[0]} {value}"
        else:
            values = list(map(_number, numbers.values[index * actors:(index + 1) * actors]))
            lines = [_numbers_text(self.actors, values)]
            tail = ", ".join([f"{actor} {value}" for actor, value in zip(self.actors, values)])
        if self.branch:
            tail = f"{tail}\nprobability of this branch: {_probability_text(numbers.branch[index])}"
        policy = numbers.policy[index]
        if self.kind != "outcome":
            return (policy > 0, selected, realised, False), lines, tail
        total = not numbers.own[index]
        if total:
            totals = numbers.totals[index * actors:(index + 1) * actors]
            lines.append("path total " + _numbers_text(self.actors, list(map(_number, totals))))
        if policy > 0:
            reach = _probability_text(policy)
            lines.append(f"p {reach}")
            tail = f"{tail}\nreached with probability {reach} under the chosen policy"
            return (True, selected, realised, total), lines, tail
        lines.append(f"p {_probability_text(numbers.path[index])} if chosen")
        return (False, selected, realised, total), lines, f"{tail}\n{OFF_POLICY}"

    def mark(self, look: tuple, lines: list[str], tail: str) -> Mark:
        """The whole mark, from what :meth:`texts` returned."""
        on_policy, selected, realised, total = look
        roles = OUTCOME_NUMBER_ROLES[total] if self.kind == "outcome" else ("values",)
        return Mark(self.dom_id, self.node, "node", lines=[*self.lines, *lines], layout_lines=len(self.lines),
                    roles=self.roles + roles, node=self.node, tooltip=self.tooltip + tail, look=look,
                    **_node_style(self.kind, self.folded, self.tag, on_policy, selected, realised))


@dataclass(frozen=True, slots=True)
class EdgeFace:
    """What an edge's mark shows that no number can change: kept while the drawing's view is."""

    dom_id: str
    title: str
    node: str
    chance: bool  # from a chance node: the edge says how likely the branch is
    decision: bool  # from a decision: the chosen branch is drawn thicker
    arrowhead: str
    tooltip: str  # the tooltip's start: from which node to which
    width_by_probability: bool

    def texts(self, numbers: Numbers, index: int, selected: bool, realised: bool) -> tuple[tuple, list[str], str]:
        """The edge's look (what decides its style), its probability line and its tooltip's end (as a node's)."""
        chosen_branch = self.decision and numbers.chosen[index]
        width = round(0.6 + 5.4 * numbers.path[index], 2) if self.width_by_probability else 1.2
        lines = [_probability_text(numbers.branch[index])] if self.chance else []
        tail = f" (p {lines[0]})" if lines else ""
        return (chosen_branch, numbers.policy[index] > 0, selected, realised, width), lines, tail

    def mark(self, look: tuple, lines: list[str], tail: str) -> Mark:
        """The whole mark, from what :meth:`texts` returned."""
        return Mark(self.dom_id, self.title, "edge", lines=lines, layout_lines=0, node=self.node,
                    tooltip=self.tooltip + tail,
                    roles=("probability",) * len(lines), look=look, attributes={"arrowhead": self.arrowhead},
                    **_edge_style(*look))


def face_mark(face: NodeFace | EdgeFace, numbers: Numbers, index: int, selected: bool, realised: bool) -> Mark:
    """The mark of a node or an edge: its face with the numbers of row ``numbers.rows[index]``."""
    return face.mark(*face.texts(numbers, index, selected, realised))


def node_face(evaluation: Evaluation, chosen: View, row: int, options: DrawOptions) -> NodeFace:
    compiled = evaluation.compiled
    node = compiled.nodes[row]
    folded = row in chosen.folded
    lines = list(_wrapped(str(node.label), WRAP))
    roles = ["label"] * len(lines)
    kind = f"decision: {node.actor or evaluation.actors[0]} chooses" if node.kind == "decision" else node.kind
    if folded:
        lines.append(f"▸ {chosen.folded_outcomes[row]} outcomes folded")
        roles.append("summary")
        kind += f", folded: {chosen.folded_outcomes[row]} outcomes below (click to unfold)"
    tag = None
    if node.kind == "outcome" and options.colour_by_tag and node.tags and node.tags[0] in chosen.tags:
        tag = chosen.tags.index(node.tags[0])
    branch = row > 0 and compiled.kind[compiled.parent[row]] == CHANCE
    return NodeFace(f"{chosen.prefix}-node-{node.id}", node.id, node.kind, tuple(lines), tuple(roles), folded, tag,
                    f"{node.label}\n{kind}\nvalue: ", bool(branch), tuple(evaluation.actors))


def edge_face(evaluation: Evaluation, chosen: View, row: int, options: DrawOptions) -> EdgeFace:
    compiled = evaluation.compiled
    node, parent_row = compiled.nodes[row], int(compiled.parent[row])
    parent, parent_kind = compiled.nodes[parent_row], compiled.kind[parent_row]
    return EdgeFace(f"{chosen.prefix}-edge-{node.id}", f"{parent.id}->{node.id}", node.id, bool(parent_kind == CHANCE),
                    bool(parent_kind == DECISION), "inv" if compiled.kind[row] == OUTCOME else "none",
                    f"{parent.label} → {node.label}", options.width_by_probability)


@lru_cache(maxsize=1024)
def _node_style_items(kind: str, folded: bool, tag: int | None, on_policy: bool, selected: bool,
                      realised: bool = False) -> tuple:
    fill, stroke = STYLE["folded" if folded else kind]
    if tag is not None:
        fill = tag_tint(tag)
    classes = ["node", "folded" if folded else kind, "on-policy" if on_policy else "off-policy"]
    classes += [name for name, flag in (("selected", selected), ("realised", realised)) if flag]
    readable = on_policy or realised  # what happened reads in full, chosen or not
    if realised:
        stroke = REALISED_COLOUR
    return tuple({
        "classes": " ".join(classes),
        "fill": fill if readable else "#f6f6f6",
        "stroke": SELECTED_COLOUR if selected else (stroke if readable else MUTED_COLOUR),
        "stroke_width": 3.0 if selected or realised else (1.6 if kind == "outcome" else 1.2),
        "font_colour": TEXT_COLOUR if readable else MUTED_TEXT,
        "font_weight": "bold" if selected else "normal",
        "dashed": folded,
        "attributes": {"shape": _shape(kind, folded), **({"style": "rounded"} if kind == "outcome" else {})},
    }.items())


def _node_style(kind: str, folded: bool, tag: int | None, on_policy: bool, selected: bool,
                realised: bool = False) -> dict:
    """A node's style, which depends on a handful of flags only (cached: restyles recompute none)."""
    return dict(_node_style_items(kind, folded, tag, on_policy, selected, realised))


@lru_cache(maxsize=1024)
def _edge_style_items(chosen_branch: bool, on_policy: bool, selected: bool, realised: bool, width: float) -> tuple:
    if chosen_branch:
        width = max(width, 2.6 if on_policy else 1.8)
    # a branch an off-policy decision would choose is still off the policy: muted like the rest
    colour = (POLICY_COLOUR if chosen_branch else "#555555") if on_policy else MUTED_COLOUR
    if realised:
        colour, width = REALISED_COLOUR, max(width, 3.2)
    classes = ["edge", "chosen" if chosen_branch else "", "on-policy" if on_policy else "off-policy"]
    classes += [name for name, flag in (("selected", selected), ("realised", realised)) if flag]
    return tuple({
        "classes": " ".join(filter(None, classes)),
        "fill": SELECTED_COLOUR if selected else colour,
        "stroke": SELECTED_COLOUR if selected else colour,
        "stroke_width": max(width, 3.0) if selected else width,
        "font_colour": TEXT_COLOUR if on_policy or realised else MUTED_TEXT,
        "font_weight": "bold" if chosen_branch or selected or realised else "normal",
    }.items())


def _edge_style(chosen_branch: bool, on_policy: bool, selected: bool, realised: bool, width: float) -> dict:
    """An edge's style, from a handful of flags and its width (cached like a node's)."""
    return dict(_edge_style_items(chosen_branch, on_policy, selected, realised, width))


def _shape(kind: str, folded: bool) -> str:
    if folded:
        return "box"
    return {"decision": "box", "chance": "ellipse", "outcome": "box"}[kind]


@lru_cache(maxsize=65536)
def _wrapped(text: str, width: int) -> tuple[str, ...]:
    """Label text in lines of at most ``width`` characters (cached: restyles rewrap nothing)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines.extend(textwrap.wrap(paragraph, width, break_long_words=True) or [" "])
    return tuple(lines)


def _numbers_text(actors: tuple[str, ...], numbers: list[str]) -> str:
    """Written values, one per actor: alone for one actor, else each after its actor's abbreviation."""
    if len(actors) == 1:
        return numbers[0]
    return " · ".join(f"{name} {number}" for name, number in zip(_abbreviations(actors), numbers))


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


def _probability_text(probability: float) -> str:
    """A probability as a short number: ``0.4``, ``0.333``, ``0.0012``."""
    return f"{probability:.3g}" if probability >= 0.001 or probability == 0 else f"{probability:.2g}"


def _number(value: float) -> str:
    if abs(value) >= 1e4:
        return f"{value:,.0f}"
    text = f"{value:.3g}"
    return "0" if text == "-0" else text
