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

__all__ = ["Mark", "abbreviations", "edge_mark", "heading_lines", "marks", "node_mark", "row_signature",
           "selected_rows",
           "tag_tint"]


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

    @property
    def layout_text(self) -> tuple[str, ...]:
        return (self.dom_id, str(len(self.lines)), *self.lines[: self.layout_lines])


def marks(tree: TreeModel, evaluation: Evaluation, chosen: View, options: DrawOptions) -> list[Mark]:
    """The text and style of every element of the drawing, in drawing order."""
    on_path = selected_rows(tree, evaluation, options.selected)
    happened = selected_rows(tree, evaluation, options.realised)
    result = [_graph_mark(tree, chosen, options)] if options.show_title else []
    for row in chosen.rows:
        result.extend(row_marks(evaluation, chosen, row, row in on_path, options, row in happened))
    result.extend(
        Mark(f"{chosen.prefix}-legend-{index}", f"tag {tag}", "legend", "legend", [tag], 1,
             fill=tag_tint(index), stroke=TAG_COLOURS[index % len(TAG_COLOURS)])
        for index, tag in enumerate(chosen.tags))
    return result


def row_marks(evaluation: Evaluation, chosen: View, row: int, selected: bool, options: DrawOptions,
              realised: bool = False) -> list[Mark]:
    """The node drawn for one row and, below the root, the edge leading to it."""
    node = node_mark(evaluation, chosen, row, selected, options, realised)
    return [node, edge_mark(evaluation, chosen, row, selected, options, realised)] if row else [node]


def row_signature(evaluation: Evaluation, on_path: set[int], options: DrawOptions,
                  happened: set[int] = frozenset()) -> tuple[np.ndarray, int]:
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
    selected[list(happened)] += 2  # one column for both paths: 1 selected, 2 realised, 3 both
    width = path if options.width_by_probability else np.zeros(count)
    branch = _or_minus_one(evaluation.branch_probabilities)  # shown on the edge and in the node's tooltip
    totals = np.where(outcome[:, None], evaluation.path_totals, 0.0)  # shown on outcomes with payoffs above them
    node = np.column_stack([evaluation.values, totals, shown_probability, policy > 0, selected, branch])
    edge = np.column_stack([policy > 0, width, branch, chosen, selected])
    return np.concatenate([node, edge], axis=1), node.shape[1]


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


def node_mark(evaluation: Evaluation, chosen: View, row: int, selected: bool, options: DrawOptions,
              realised: bool = False) -> Mark:
    """A node: its own label inside it, a folded summary's count, its values, an outcome's probability."""
    compiled = evaluation.compiled
    node = compiled.nodes[row]
    kind = node.kind
    folded = row in chosen.folded
    on_policy = evaluation.policy_probabilities[row] > 0
    lines = _wrap(node.label)
    roles = ["label"] * len(lines)
    if folded:
        lines.append(f"▸ {chosen.folded_outcomes[row]} outcomes folded")
        roles.append("summary")
    layout_lines = len(lines)
    lines.append(_values_text(evaluation, row))
    roles.append("values")
    if kind == "outcome":
        total = _path_total(evaluation, row)
        if total:
            lines.append(total)
            roles.append("total")
        lines.append(_outcome_probability(evaluation, row))
        roles.append("reach")
    tag = None
    if kind == "outcome" and options.colour_by_tag and node.tags and node.tags[0] in chosen.tags:
        tag = chosen.tags.index(node.tags[0])
    return Mark(f"{chosen.prefix}-node-{node.id}", node.id, "node", lines=lines, layout_lines=layout_lines,
                roles=tuple(roles), node=node.id, tooltip=_node_tooltip(evaluation, chosen, row),
                **_node_style(kind, folded, tag, bool(on_policy), selected, realised))


def _node_tooltip(evaluation: Evaluation, chosen: View, row: int) -> str:
    """The label, the kind (and who decides), the values per actor and the probabilities, one per line."""
    node = evaluation.compiled.nodes[row]
    kind = f"decision: {node.actor or evaluation.actors[0]} chooses" if node.kind == "decision" else node.kind
    if row in chosen.folded:
        kind += f", folded: {chosen.folded_outcomes[row]} outcomes below (click to unfold)"
    values = ", ".join(f"{actor} {_number(float(value))}" for actor, value in
                       zip(evaluation.actors, evaluation.values[row]))
    lines = [node.label, kind, f"value: {values}"]
    if node.parent is not None and node.parent.kind == "chance":
        lines.append(f"probability of this branch: {_probability_text(float(evaluation.branch_probabilities[row]))}")
    if node.kind == "outcome":
        policy = float(evaluation.policy_probabilities[row])
        lines.append(f"reached with probability {_probability_text(policy)} under the chosen policy" if policy > 0
                     else "off the chosen policy: a decision above chooses another branch")
    return "\n".join(lines)


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


def edge_mark(evaluation: Evaluation, chosen: View, row: int, selected: bool, options: DrawOptions,
              realised: bool = False) -> Mark:
    compiled = evaluation.compiled
    node = compiled.nodes[row]
    parent_row = int(compiled.parent[row])
    parent_kind = compiled.kind[parent_row]
    chosen_branch = parent_kind == DECISION and evaluation.best_rows[parent_row] == row
    on_policy = evaluation.policy_probabilities[row] > 0
    lines, roles = [], ()
    if parent_kind == CHANCE:  # the label is inside the node; the edge says how likely the branch is
        lines.append(_probability_text(float(evaluation.branch_probabilities[row])))
        roles += ("probability",)
    layout_lines = 0
    width = 1.2
    if options.width_by_probability:
        width = round(0.6 + 5.4 * float(evaluation.path_probabilities[row]), 2)
    if chosen_branch:
        width = max(width, 2.6 if on_policy else 1.8)
    # a branch an off-policy decision would choose is still off the policy: muted like the rest
    colour = (POLICY_COLOUR if chosen_branch else "#555555") if on_policy else MUTED_COLOUR
    if realised:
        colour, width = REALISED_COLOUR, max(width, 3.2)
    classes = ["edge", "chosen" if chosen_branch else "", "on-policy" if on_policy else "off-policy"]
    classes += [name for name, flag in (("selected", selected), ("realised", realised)) if flag]
    return Mark(
        f"{chosen.prefix}-edge-{node.id}", f"{compiled.nodes[parent_row].id}->{node.id}", "edge",
        " ".join(filter(None, classes)), lines, layout_lines,
        fill=SELECTED_COLOUR if selected else colour,
        stroke=SELECTED_COLOUR if selected else colour,
        stroke_width=max(width, 3.0) if selected else width,
        font_colour=TEXT_COLOUR if on_policy or realised else MUTED_TEXT,
        font_weight="bold" if chosen_branch or selected or realised else "normal",
        attributes={"arrowhead": "inv" if compiled.kind[row] == OUTCOME else "none"},
        roles=roles, node=node.id,
        tooltip=f"{compiled.nodes[parent_row].label} → {node.label}" + (f" (p {lines[0]})" if lines else ""),
    )


def _shape(kind: str, folded: bool) -> str:
    if folded:
        return "box"
    return {"decision": "box", "chance": "ellipse", "outcome": "box"}[kind]


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
    return _numbers_text(evaluation, evaluation.values[row])


def _path_total(evaluation: Evaluation, row: int) -> str | None:
    """An outcome's payoffs added up along its path, when payoffs above it make that differ from its own."""
    total = evaluation.path_totals[row]
    return None if np.allclose(total, evaluation.values[row]) else "path total " + _numbers_text(evaluation, total)


def _numbers_text(evaluation: Evaluation, values: np.ndarray) -> str:
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
    """How likely an outcome is: under the chosen policy, or (off it) if the decisions above chose it."""
    policy = float(evaluation.policy_probabilities[row])
    if policy > 0:
        return f"p {_probability_text(policy)}"
    return f"p {_probability_text(float(evaluation.path_probabilities[row]))} if chosen"


def _probability_text(probability: float) -> str:
    """A probability as a short number: ``0.4``, ``0.333``, ``0.0012``."""
    return f"{probability:.3g}" if probability >= 0.001 or probability == 0 else f"{probability:.2g}"


def _number(value: float) -> str:
    if abs(value) >= 1e4:
        return f"{value:,.0f}"
    text = f"{value:.3g}"
    return "0" if text == "-0" else text


def _or_minus_one(numbers: np.ndarray) -> np.ndarray:
    # not np.nan_to_num: it looks up the float limits on every call, which costs more than a restyle
    return np.where(np.isnan(numbers), -1.0, numbers)
