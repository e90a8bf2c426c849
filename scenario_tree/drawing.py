"""A drawing of a tree that lays out once and restyles instantly while only numbers change.

>>> from scenario_tree import default_tree
>>> tree = default_tree()
>>> drawing = Drawing(tree)
>>> svg = drawing.svg()                           # doctest: +SKIP (runs Graphviz)
>>> tree.set_probability("guarantees_credible", 0.6)
>>> changed = drawing.update()                    # doctest: +SKIP (no Graphviz run: same layout)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .layout import Layout, compute_layout, run_graphviz
from .render import DrawOptions, Mark, View, dot_source, marks, view
from .svg import delta, write_svg

if TYPE_CHECKING:
    from .tree import ScenarioTree

__all__ = ["DRAWING_FORMATS", "Drawing"]

DRAWING_FORMATS = ("svg", "png", "pdf", "dot")


@dataclass
class _Frame:
    """What one call drew: the marks, the view and the layout they were placed with."""

    marks: list[Mark]
    view: View
    layout: Layout
    key: tuple[Any, ...]


class Drawing:
    """A tree's drawing with its layout cached: Graphviz runs again only when the layout must change.

    The layout depends on the structure, the texts of labels, which nodes are shown and the
    drawing direction; numbers, colours and widths are restyled on the cached layout.
    """

    def __init__(self, tree: ScenarioTree, options: DrawOptions | None = None) -> None:
        self.tree = tree
        self.options = options or DrawOptions()
        self.layout_runs = 0
        self._frame: _Frame | None = None

    def marks(self) -> tuple[list[Mark], View]:
        """The current text and style of every element, and the chosen view."""
        evaluation = self.tree.evaluate()
        chosen = view(self.tree, evaluation, self.options)
        return marks(self.tree, evaluation, chosen, self.options), chosen

    def svg(self, fixed_size: bool = False) -> str:
        """The SVG of the tree as it is now (laying out again only if the layout changed)."""
        return write_svg(self._current().layout, self._frame.marks, fixed_size)

    def current_svg(self) -> str:
        """The SVG of the last :meth:`svg` or :meth:`update`, without looking at the tree again."""
        frame = self._frame or self._current()
        return write_svg(frame.layout, frame.marks)

    def update(self) -> dict[str, str]:
        """Bring the drawing up to date; return the changed groups (``{}`` after a re-layout, see ``relaid``)."""
        before = self._frame
        frame = self._current()
        if before is None or before.layout is not frame.layout:
            return {}
        return delta(frame.layout, before.marks, frame.marks)

    @property
    def relaid(self) -> bool:
        """Whether the last :meth:`svg` or :meth:`update` needed a new layout."""
        return self._relaid

    def dot(self) -> str:
        """The DOT source of the drawing as it is now."""
        frame = self._current()
        return dot_source(frame.marks, self.options, frame.layout.positions)

    def export(self, fmt: str) -> bytes:
        """The drawing as ``svg``, ``png``, ``pdf`` or ``dot`` bytes, all from the same layout."""
        if fmt not in DRAWING_FORMATS:
            raise ValueError(f"unknown drawing format: {fmt!r} (must be one of {list(DRAWING_FORMATS)})")
        if fmt == "svg":
            return self.svg().encode("utf-8")
        source = self.dot()
        if fmt == "dot":
            return source.encode("utf-8")
        pinned = self._frame.layout.positions is not None
        engine, arguments = ("neato", ("-n2",)) if pinned else ("dot", ())
        return run_graphviz(source, engine, fmt, self.options.timeout, arguments)

    def _current(self) -> _Frame:
        drawn, chosen = self.marks()
        key = self._layout_key(drawn)
        self._relaid = self._frame is None or self._frame.key != key
        if self._relaid:
            layout = compute_layout(drawn, self.options)
            self.layout_runs += 1
        else:
            layout = self._frame.layout
        self._frame = _Frame(drawn, chosen, layout, key)
        return self._frame

    def _layout_key(self, drawn: list[Mark]) -> tuple[Any, ...]:
        options = self.options
        return (options.rankdir, *(mark.layout_text for mark in drawn))
