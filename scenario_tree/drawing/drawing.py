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
from .marks import Mark, edge_mark, heading_lines, marks, node_mark, row_signature, selected_rows
from .options import DrawOptions
from .svg import delta, document, element_pieces, element_svg, write_svg

__all__ = ["DRAWING_FORMATS", "Drawing"]

DRAWING_FORMATS = ("svg", "png", "pdf", "dot")


@dataclass
class _Frame:
    """What one call drew: the marks and their SVG pieces, the view, and the layout they sit on."""

    marks: list[Mark]
    pieces: list[str]
    view: View
    layout: Layout
    layout_key: tuple[Any, ...]
    state: tuple[Any, ...]  # what decides which elements exist; equal states differ only in numbers
    signature: np.ndarray  # the numbers each row shows (see marks.row_signature)
    places: dict[int, list[int]]  # row -> positions of its node and edge marks


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
        chosen = self._chosen_view(evaluation, self.options.but(selected=None))
        return marks(self.tree, evaluation, chosen, self.options), chosen

    def svg(self, fixed_size: bool = False) -> str:
        """The SVG of the tree as it is now (laying out again only if the layout changed)."""
        self._current()
        return self.current_svg(fixed_size)

    def current_svg(self, fixed_size: bool = False) -> str:
        """The SVG of the last :meth:`svg` or :meth:`update`, without looking at the tree again."""
        frame = self._frame or self._current()
        graph = next((mark for mark in frame.marks if mark.role == "graph"), None)
        return document(frame.layout, graph, frame.pieces, heading_lines(self.tree), fixed_size)

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
        drawn = frame.marks if highlight or self.options.selected is None else self._unselected(frame)
        if fmt == "svg":
            return write_svg(frame.layout, drawn, heading_lines(self.tree), fixed_size=True).encode("utf-8")
        source = dot_source(drawn, self.options, frame.layout.positions)
        arguments = ("-n2",) if frame.layout.positions else ()  # pinned positions: draw them where they are
        return run_graphviz(source, frame.layout.engine, fmt, self.options.timeout, arguments)

    def _unselected(self, frame: _Frame) -> list[Mark]:
        """The marks as drawn without a selection: the layout is the same, only styles change."""
        return marks(self.tree, self.tree.evaluate(), frame.view, self.options.but(selected=None))

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
        on_path, happened = paths
        differs = signature != frame.signature
        split = self._node_columns
        self._changed = {}
        for part, build in ((0, node_mark), (1, edge_mark)):
            columns = differs[:, :split] if part == 0 else differs[:, split:]
            for row in np.flatnonzero(columns.any(axis=1)).tolist():
                places = frame.places.get(row, ())
                if part < len(places):
                    mark = build(evaluation, chosen, row, row in on_path, self.options, row in happened)
                    self._replace(frame, places[part], mark)
        frame.signature = signature
        self._relaid = False

    def _replace(self, frame: _Frame, place: int, mark: Mark) -> None:
        if mark != frame.marks[place]:
            frame.marks[place] = mark
            frame.pieces[place] = element_svg(frame.layout.elements[mark.dom_id], mark)
            self._changed[mark.dom_id] = frame.pieces[place]

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
        self._changed = {} if self._relaid else delta(layout, old.marks, drawn)
        places: dict[int, list[int]] = {}
        position = 1 if drawn and drawn[0].role == "graph" else 0
        for row in chosen.rows:
            count = 2 if row else 1
            places[row] = list(range(position, position + count))
            position += count
        self._frame = _Frame(drawn, element_pieces(layout, drawn), chosen, layout, layout_key, state, signature,
                             places)
