"""A drawing of a tree that lays out once and restyles instantly while only numbers change.

Which nodes are shown is chosen when the drawing is first made, when the structure or the options
change, and when the user folds or unfolds; a number edit keeps that choice (a folded summary shows
its new numbers), so it never needs a new layout.

>>> from scenario_tree import default_tree
>>> tree = default_tree()
>>> drawing = Drawing(tree)
>>> svg = drawing.svg()                           # runs Graphviz once
>>> tree.set_probability("guarantees_credible", 0.6)
>>> changed = drawing.update()                    # restyles on the cached layout
>>> drawing.layout_runs, drawing.relaid, any(key.endswith("-edge-guarantees_credible") for key in changed)
(1, False, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..model import Evaluation, TreeModel
from .dot import dot_source
from .folding import View, view
from .layout import TIDY_THRESHOLD, Layout, compute_layout, run_graphviz, tidy_positions
from .marks import Mark, heading_lines, marks, row_signature, selected_rows
from .options import DrawOptions
from .restyle import Elements
from .svg import document, write_svg

__all__ = ["DRAWING_FORMATS", "Drawing"]

DRAWING_FORMATS = ("svg", "png", "pdf", "dot")


@dataclass
class _Frame:
    """What one call drew: its title, the SVG of its elements, the view, and the layout they sit on."""

    graph: Mark | None  # the title, which numbers never change
    elements: Elements
    view: View
    layout: Layout
    layout_key: tuple[Any, ...]
    state: tuple[Any, ...]  # what decides which elements exist; equal states differ only in numbers
    signature: np.ndarray  # the numbers each row shows (see marks.row_signature)
    places: tuple[np.ndarray, np.ndarray]  # per row, the position of its node mark and of its edge's (-1: none)


class Drawing:
    """A tree's drawing with its layout cached: Graphviz runs again only when the layout must change.

    The layout depends on the structure, the texts of labels, which nodes are shown and the
    drawing direction. When only numbers change, the drawing redraws just the rows whose numbers
    changed (usually the edited branch and the values up its path) on the cached layout.
    """

    def __init__(self, tree: TreeModel, options: DrawOptions | None = None) -> None:
        self.tree = tree
        self.options = options or DrawOptions()
        self.layout_runs = 0
        self._frame: _Frame | None = None
        self._view: tuple[tuple[Any, ...], View] | None = None
        self._relaid = False
        self._changed: dict[str, str] = {}
        self._node_columns = 0

    def marks(self) -> tuple[list[Mark], View]:
        """The current text and style of every element, and the chosen view."""
        evaluation = self.tree.evaluate()
        chosen = self._chosen_view(evaluation, self.options.but(selected=None, realised=None))
        return marks(self.tree, evaluation, chosen, self.options), chosen

    def svg(self, fixed_size: bool = False) -> str:
        """The SVG of the tree as it is now (laying out again only if the layout changed)."""
        self._current()
        return self.current_svg(fixed_size)

    def current_svg(self, fixed_size: bool = False) -> str:
        """The SVG of the last :meth:`svg` or :meth:`update`, without looking at the tree again."""
        frame = self._frame or self._current()
        return document(frame.layout, frame.graph, frame.elements.pieces, heading_lines(self.tree), fixed_size)

    def update(self) -> dict[str, str]:
        """Bring the drawing up to date; return the changed groups (``{}`` after a re-layout, see ``relaid``)."""
        self._current()
        return {} if self._relaid else dict(self._changed)

    @property
    def relaid(self) -> bool:
        """Whether the last :meth:`svg` or :meth:`update` needed a new layout."""
        return self._relaid

    def dot(self) -> str:
        """The DOT source of the drawing as it is now; needs no Graphviz."""
        drawn, _ = self.marks()
        nodes = sum(1 for mark in drawn if mark.role == "node")
        positions = tidy_positions(drawn, self.options) if nodes > TIDY_THRESHOLD else None
        return dot_source(drawn, self.options, positions)

    def export(self, fmt: str, highlight: bool = False) -> bytes:
        """The drawing as a file of its own: ``svg``, ``png``, ``pdf`` or ``dot`` bytes, all from the same layout.

        An SVG has its natural ``width`` and ``height``, a ``viewBox``, and the tree's title and source
        as ``<title>`` and ``<desc>``. The selected path is highlighted only with ``highlight``.
        """
        if fmt not in DRAWING_FORMATS:
            raise ValueError(f"unknown drawing format: {fmt!r} (must be one of {list(DRAWING_FORMATS)})")
        if fmt == "dot":
            return self.dot().encode("utf-8")
        frame = self._current()
        options = self.options if highlight else self.options.but(selected=None)
        drawn = marks(self.tree, self.tree.evaluate(), frame.view, options)
        if fmt == "svg":
            return write_svg(frame.layout, drawn, heading_lines(self.tree), fixed_size=True).encode("utf-8")
        source = dot_source(drawn, self.options, frame.layout.positions)
        arguments = ("-n2",) if frame.layout.positions else ()  # pinned positions: draw them where they are
        return run_graphviz(source, frame.layout.engine, fmt, self.options.timeout, arguments)

    # -- keeping the frame up to date -----------------------------------------------------------

    def _chosen_view(self, evaluation: Evaluation, unselected: DrawOptions) -> View:
        """The nodes shown: chosen again only when the structure, a text or the options changed."""
        key = (self.tree.structure_version, self.tree.text_version, unselected)
        if self._view is None or self._view[0] != key:
            self._view = (key, view(self.tree, evaluation, self.options))
        return self._view[1]

    def _current(self) -> _Frame:
        evaluation = self.tree.evaluate()
        # the selection and the realised path change styles, never the layout
        unselected = self.options.but(selected=None, realised=None)
        chosen = self._chosen_view(evaluation, unselected)
        on_path = selected_rows(self.tree, evaluation, self.options.selected)
        happened = selected_rows(self.tree, evaluation, self.options.realised)
        signature, self._node_columns = row_signature(evaluation, on_path, self.options, happened)
        state = (self.tree.structure_version, self.tree.text_version, unselected,
                 chosen.rows, chosen.folded, chosen.tags, chosen.prefix)
        old = self._frame
        if old is not None and old.state == state:
            self._restyle(old, evaluation, chosen, (on_path, happened), signature)
        else:
            self._redraw(evaluation, chosen, state, signature)
        return self._frame

    def _restyle(self, frame: _Frame, evaluation: Evaluation, chosen: View, paths: tuple[set[int], set[int]],
                 signature: np.ndarray) -> None:
        """Redraw only the nodes and edges whose numbers changed, on the same layout.

        ``paths`` are the rows of the selected path and of the realised path.
        """
        differs = signature != frame.signature
        split = self._node_columns
        changes = []
        for part, numbers in enumerate((differs[:split], differs[split:])):
            rows = np.flatnonzero(numbers.any(axis=0))
            places = frame.places[part][rows]
            drawn = places >= 0
            changes.append((rows[drawn], places[drawn]))
        self._changed = frame.elements.restyle(evaluation, chosen, self.options, tuple(changes), paths)
        frame.signature = signature
        self._relaid = False

    def _redraw(self, evaluation: Evaluation, chosen: View, state: tuple[Any, ...], signature: np.ndarray) -> None:
        """Build every element again; lay out again only if texts or shown nodes changed."""
        drawn = marks(self.tree, evaluation, chosen, self.options)
        layout_key = (self.options.rankdir, *(mark.layout_text for mark in drawn))
        old = self._frame
        self._relaid = old is None or old.layout_key != layout_key
        if self._relaid:
            layout = compute_layout(drawn, self.options)
            self.layout_runs += 1
        else:
            layout = old.layout
        elements = Elements(layout, drawn)
        self._changed = {} if self._relaid else elements.changed_since(old.elements)
        places = (np.full(len(evaluation.compiled.nodes), -1), np.full(len(evaluation.compiled.nodes), -1))
        position = 1 if drawn and drawn[0].role == "graph" else 0
        for row in chosen.rows:
            places[0][row] = position
            if row:  # below the root, the edge's mark follows its node's
                places[1][row] = position + 1
            position += 2 if row else 1
        graph = drawn[0] if drawn and drawn[0].role == "graph" else None
        self._frame = _Frame(graph, elements, chosen, layout, layout_key, state, signature, places)
