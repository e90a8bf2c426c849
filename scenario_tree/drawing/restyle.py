"""A drawing's SVG groups kept in parts, so that a number edit rewrites only the numbers that changed.

A number edit changes what a few rows show (the values up the edited path, the probabilities
below it) and sometimes how they look (on or off the policy, chosen or not). For a row whose look
is the same, only its tooltip and its number lines are written again, into the parts
:func:`~scenario_tree.drawing.svg.element_parts` made for it; a row whose look changed gets a whole
new mark. Either way each group is exactly what a full drawing writes, byte for byte.

>>> from scenario_tree import default_tree
>>> from scenario_tree.drawing import Drawing
>>> tree = default_tree()
>>> drawing = Drawing(tree)
>>> before = drawing.svg()
>>> tree.set_probability("soft_landing", 0.5)    # its sibling rescales; the values up their path change
>>> sorted(key.split("-", 2)[2] for key in drawing.update() if "-node-" in key)
['dialogue', 'guarantees_credible', 'managed_successor', 'negotiate_exit', 'soft_landing', 'transition_deal']
"""

from __future__ import annotations

from html import escape as escape_once

import numpy as np

from ..model import Evaluation
from .folding import View
from .layout import Layout
from .marks import EdgeFace, Mark, NodeFace, Numbers, edge_face, node_face
from .options import DrawOptions
from .svg import element_parts, escape

__all__ = ["Elements"]


class Elements:
    """The SVG group of each mark of a drawing, in parts, with the look each was written for.

    ``pieces[i]`` is the group of the ``i``-th mark (empty for the title, which the document
    writes, and for anything the layout has no place for).
    """

    def __init__(self, layout: Layout, drawn: list[Mark]) -> None:
        self.layout = layout
        self.ids = [mark.dom_id for mark in drawn]
        self.looks = [mark.look for mark in drawn]
        self.parts = [element_parts(layout.elements[mark.dom_id], mark)
                      if mark.role != "graph" and mark.dom_id in layout.elements else None for mark in drawn]
        self.pieces = ["".join(parts) if parts else "" for parts in self.parts]
        # nodes' then edges': row -> its face and the face's tooltip escaped, built when first restyled
        self._faces: tuple[dict[int, tuple[NodeFace | EdgeFace, str]], ...] = ({}, {})

    def changed_since(self, before: Elements) -> dict[str, str]:
        """The groups that differ from ``before``'s, as ``{dom id: group}`` (new groups included)."""
        old = dict(zip(before.ids, before.pieces))
        return {key: piece for key, piece in zip(self.ids, self.pieces) if piece and old.get(key) != piece}

    def restyle(self, evaluation: Evaluation, chosen: View, options: DrawOptions,
                changes: tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]],
                paths: tuple[set[int], set[int]]) -> dict[str, str]:
        """Write again the groups of the rows ``changes`` names: ``(rows, places)`` of nodes, then of edges.

        ``places`` are the positions of the rows' marks. ``paths`` are the rows of the selected
        path and of the realised path. Returns the groups whose SVG changed, as ``{dom id: group}``;
        the view and options must be those the marks were made with, but for the selected and
        realised nodes.
        """
        rows = np.union1d(changes[0][0], changes[1][0])
        if not rows.size:
            return {}
        numbers = Numbers.read(evaluation, rows)
        on_path, happened = paths
        # numbers and the fixed words around them need no escaping: with plain actors' names, nothing does
        plain = escape("".join(evaluation.actors)) == "".join(evaluation.actors)
        changed: dict[str, str] = {}
        for part, (part_rows, places) in enumerate(changes):
            faces = self._faces[part]
            for row, index, place in zip(part_rows.tolist(), np.searchsorted(rows, part_rows).tolist(),
                                         places.tolist()):
                parts = self.parts[place]
                if parts is None:
                    continue
                face, head = faces.get(row) or self._face(evaluation, chosen, options, row, part)
                look, lines, tail = face.texts(numbers, index, row in on_path, row in happened)
                if look == self.looks[place]:  # only the odd parts change: write them in place
                    if plain:
                        parts[1] = head + tail
                        parts[3::2] = lines[: len(parts) // 2 - 1]
                    else:
                        parts[1] = head + escape_once(tail)
                        parts[3::2] = map(escape, lines[: len(parts) // 2 - 1])
                else:
                    mark = face.mark(look, lines, tail)
                    parts = self.parts[place] = element_parts(self.layout.elements[mark.dom_id], mark)
                    self.looks[place] = look
                piece = "".join(parts)
                if piece != self.pieces[place]:
                    self.pieces[place] = changed[face.dom_id] = piece
        return changed

    def _face(self, evaluation: Evaluation, chosen: View, options: DrawOptions, row: int,
              part: int) -> tuple[NodeFace | EdgeFace, str]:
        face = (edge_face if part else node_face)(evaluation, chosen, row, options)
        found = self._faces[part][row] = (face, escape_once(face.tooltip))
        return found
