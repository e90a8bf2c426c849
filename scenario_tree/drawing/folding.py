"""Which nodes a drawing shows: the folds asked for, depth and probability limits, and the size cap.

The choice is made when a drawing is opened, when the structure changes and when the user folds or
unfolds; :class:`~scenario_tree.drawing.drawing.Drawing` keeps it while only numbers change, so a
number edit never changes which nodes are shown (and never needs a new layout).
"""

from __future__ import annotations

import hashlib
import heapq
from dataclasses import dataclass, field

import numpy as np

from ..model import Evaluation, TreeModel
from ..model.compiled import CompiledTree
from .options import DrawOptions

__all__ = ["FIRST_VIEW_NODES", "View", "first_view_depth", "view"]

FIRST_VIEW_NODES = 150  # a tree larger than this opens folded to a depth a reader takes in at once
FIRST_VIEW_FRONTIER = 12  # at most this many nodes at the deepest level shown: one screen, readable


@dataclass
class View:
    """Which rows of the compiled tree are drawn and which of them are folded summaries."""

    rows: list[int]
    folded: set[int]
    hidden_count: int
    tags: list[str]
    prefix: str
    folded_outcomes: dict[int, int] = field(default_factory=dict)  # folded row -> the outcomes it summarises


def view(tree: TreeModel, evaluation: Evaluation, options: DrawOptions) -> View:
    """Choose the nodes to draw: folds asked for, then depth and probability, then the size cap."""
    compiled = evaluation.compiled
    count = len(compiled.nodes)
    prefix = options.id_prefix or _prefix(tree)
    unlimited = options.max_nodes is None or options.max_nodes >= count
    if unlimited and not options.folded and options.depth is None and options.min_probability is None:
        rows = list(range(count))  # everything fits: no need to choose (the common case while editing)
        return View(rows, set(), 0, _tags_in(compiled.nodes, rows) if options.colour_by_tag else [], prefix)
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
    counts = {row: _count_outcomes(compiled, row) for row in folded}
    return View(rows, folded, count - len(rows), tags, prefix, counts)


def first_view_depth(tree: TreeModel, frontier: int = FIRST_VIEW_FRONTIER) -> int | None:
    """The depth to open a large tree at: the deepest level with at most ``frontier`` nodes.

    ``None`` for a tree of at most :data:`FIRST_VIEW_NODES` nodes (it is shown whole). A reader of a
    1,000-node tree first sees its main branches, readable, and unfolds from there; the root's
    branches are always shown, however many.

    >>> from scenario_tree.synthetic import synthetic_tree
    >>> first_view_depth(synthetic_tree(1_000, seed=1_000))  # levels of 1, 3, 9, 21, 64... nodes
    2
    """
    if len(tree) <= FIRST_VIEW_NODES:
        return None
    widths = np.diff(tree.evaluate().compiled.level_starts)
    depth = 1
    while depth + 1 < len(widths) and widths[depth + 1] <= frontier:
        depth += 1
    return depth


def _depths(compiled: CompiledTree) -> np.ndarray:
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


def _tags_in(nodes, rows) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        node = nodes[row]
        if node.kind == "outcome" and node.tags:
            seen.setdefault(node.tags[0], None)
    return list(seen)


def _prefix(tree: TreeModel) -> str:
    digest = hashlib.sha1(f"{tree.title}\0{tree.root.id}".encode()).hexdigest()[:6]
    return f"st{digest}"


def _count_outcomes(compiled: CompiledTree, row: int) -> int:
    """How many outcomes lie below ``row`` (iterative: any depth)."""
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
