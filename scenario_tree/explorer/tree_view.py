"""The drawing in the browser: an anywidget view whose front-end is ``static/tree_view.js``.

It syncs only derived data (the SVG, the selected node id, search hits and a tag's nodes, the fold
note and the depth choice) and sends every browser event to Python as a message; the explorer owns
all the logic and has a Python twin of each event.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from typing import Any

import anywidget
import traitlets

__all__ = ["TreeView"]

_STATIC = resources.files(__package__) / "static"


class TreeView(anywidget.AnyWidget):
    """The drawing: SVG in, clicks, keys and fold requests out (to ``on_event``)."""

    _esm = (_STATIC / "tree_view.js").read_text(encoding="utf-8")
    _css = (_STATIC / "tree_view.css").read_text(encoding="utf-8")
    svg = traitlets.Unicode("").tag(sync=True)
    selected = traitlets.Unicode("").tag(sync=True)
    filename = traitlets.Unicode("scenario-tree.svg").tag(sync=True)
    note = traitlets.Unicode("").tag(sync=True)  # "600 nodes folded into 87 summaries"
    levels = traitlets.Int(1).tag(sync=True)  # how many depth levels the tree has
    depth = traitlets.Int(-1).tag(sync=True)  # the depth fold chosen (-1: none)
    rankdir = traitlets.Unicode("LR").tag(sync=True)
    hits = traitlets.List(traitlets.Unicode()).tag(sync=True)  # node ids a search found
    tagged = traitlets.List(traitlets.Unicode()).tag(sync=True)  # node ids carrying the tag shown

    def __init__(self, on_event: Callable[[dict[str, Any]], None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._on_event = on_event
        self.on_msg(self._receive)

    def _receive(self, _widget: Any, content: dict[str, Any], _buffers: Any) -> None:
        self._on_event(content)

    def patch(self, groups: dict[str, str]) -> None:
        """Replace only these SVG groups in the browser."""
        if groups:
            self.send({"type": "patch", "groups": groups})

    def download(self, svg: str) -> None:
        """Hand the browser an SVG file to save (the export, not the view)."""
        self.send({"type": "download", "svg": svg, "filename": self.filename})
