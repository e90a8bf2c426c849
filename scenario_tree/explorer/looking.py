"""Looking at the tree: the explorer's twins of clicks and keys, folding, finding nodes and marking a tag.

:class:`Looking` is a mixin of :class:`~scenario_tree.explorer.widget.Explorer`. Nothing here edits
the tree: selecting, stepping, folding, searching and marking change only what is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..drawing import Drawing, DrawOptions
from ..errors import EditError
from ..hindsight import Hindsight, load_hindsight
from ..model import ScenarioNode, TreeModel
from ..model.search import find_nodes, tagged
from .tree_view import TreeView

__all__ = ["Looking"]


class Looking:
    """Navigation, folding, search and tags: every public method is the twin of something a reader does."""

    # what the explorer provides: its tree, drawing and view, the selection and its history, refresh and messages
    tree: TreeModel
    drawing: Drawing
    view: TreeView
    selected: ScenarioNode
    _history: list[str]
    _position: int
    _hits: list[str]
    _hit: int
    _tag: str | None
    hindsight: Hindsight | None
    _query: str
    _refresh: Callable[..., None]
    _say: Callable[..., None]

    # -- navigation -----------------------------------------------------------------------------

    def select(self, node_id: str) -> None:
        """Select a node: highlight its path, show its details and its probabilities."""
        node = self.tree.node(node_id)
        if node is not self.selected:
            del self._history[self._position + 1:]
            self._history.append(node.id)
            self._position = len(self._history) - 1
        self.selected = node
        self._refresh()

    def click(self, node_id: str) -> None:
        """What a click on a node in the drawing does: unfold it if folded, then select it."""
        if node_id in self._folded_ids():
            self.unfold(node_id)
        self.select(node_id)

    def step_in(self, child_id: str | None = None) -> None:
        """Select a child of the selected node (by default the chosen branch, or the first)."""
        children = self.selected.children
        if not children:
            raise EditError(f"“{self.selected.label}” is an outcome: there is nothing to step into")
        if child_id is None:
            child_id = self.tree.evaluate().best[self.selected.id] or children[0].id
        if self.tree.node(child_id).parent is not self.selected:
            raise EditError(f"“{self.tree.node(child_id).label}” is not a branch of “{self.selected.label}”")
        self.select(child_id)

    def up(self) -> None:
        """Select the parent of the selected node."""
        if self.selected.parent is not None:
            self.select(self.selected.parent.id)

    def home(self) -> None:
        """Select the root."""
        self.select(self.tree.root.id)

    def back(self) -> None:
        """Go back to the previously selected node."""
        self._travel(-1)

    def forward(self) -> None:
        """Go forward again after :meth:`back`."""
        self._travel(+1)

    def sibling(self, offset: int) -> None:
        """Select the next (``+1``) or previous (``-1``) branch of the same parent."""
        parent = self.selected.parent
        if parent is not None:
            siblings = list(parent.children)
            self.select(siblings[(siblings.index(self.selected) + offset) % len(siblings)].id)

    def key(self, key: str) -> None:
        """Keyboard shortcuts: arrows walk the tree, Home, Backspace goes back, ``undo`` and ``redo``."""
        actions = {"ArrowLeft": self.up, "ArrowRight": self.step_in, "ArrowUp": lambda: self.sibling(-1),
                   "ArrowDown": lambda: self.sibling(+1), "Home": self.home, "Backspace": self.back,
                   "undo": self.undo, "redo": self.redo}
        if key in actions and (key != "ArrowRight" or self.selected.children):
            actions[key]()

    def _travel(self, step: int) -> None:
        position = self._position + step
        while 0 <= position < len(self._history):
            node_id = self._history[position]
            self._position = position
            if node_id in self.tree:
                self.selected = self.tree.node(node_id)
                self._refresh()
                return
            position += step

    # -- folding --------------------------------------------------------------------------------

    def fold(self, node_id: str) -> None:
        """Fold a subtree into one summary node."""
        node = self.tree.node(node_id)
        options = self.drawing.options
        self._draw_with(options.but(folded=options.folded | {node.id}, unfolded=options.unfolded - {node.id}))

    def unfold(self, node_id: str) -> None:
        """Show a folded subtree again (also one that was folded automatically)."""
        node = self.tree.node(node_id)
        options = self.drawing.options
        self._draw_with(options.but(folded=options.folded - {node.id}, unfolded=options.unfolded | {node.id}))

    def fold_all(self) -> None:
        """Fold every subtree below the root's branches."""
        self._draw_with(self.drawing.options.but(depth=1, folded=frozenset(), unfolded=frozenset()))

    def unfold_all(self) -> None:
        """Show every node, however many (a large tree takes a few seconds to lay out)."""
        self._draw_with(self.drawing.options.but(max_nodes=None, depth=None, min_probability=None,
                                                 folded=frozenset(), unfolded=frozenset()))

    def set_depth(self, depth: int | None) -> None:
        """Fold every subtree deeper than ``depth`` (``None`` or a negative number: no depth limit)."""
        chosen = None if depth is None or depth < 0 else int(depth)
        self._draw_with(self.drawing.options.but(depth=chosen, unfolded=frozenset()))

    def _draw_with(self, options: DrawOptions) -> None:
        self.drawing.options = options
        self._refresh()

    def _folded_ids(self) -> set[str]:
        _, chosen = self.drawing.marks()
        return {self.tree.evaluate().compiled.nodes[row].id for row in chosen.folded}

    # -- finding and marking -------------------------------------------------------------------

    def search(self, query: str) -> list[str]:
        """Find the nodes whose label, notes, quotes or tags hold every word of ``query``.

        The hits are marked in the drawing and the first is selected; :meth:`next_hit` and
        :meth:`previous_hit` step through the rest. An empty query clears the marks.
        """
        self._query = query
        self._hits = [node.id for node in find_nodes(self.tree.root, query)]
        self._hit = -1
        self.view.hits = self._hits
        if self._hits:
            self.next_hit()
            return list(self._hits)
        if query.strip():
            self._say(f"Nothing found for “{query.strip()}”.")
        self._refresh()
        return []

    def next_hit(self) -> str | None:
        """Select the next hit of the last search (after the last, the first again)."""
        return self._step_hits(+1)

    def previous_hit(self) -> str | None:
        """Select the previous hit of the last search."""
        return self._step_hits(-1)

    def hit_position(self) -> str:
        """Where the stepping is, in words: "2 of 5", or "" without hits."""
        return f"{self._hit + 1} of {len(self._hits)}" if self._hits and self._hit >= 0 else ""

    def mark_tag(self, tag: str | None) -> list[str]:
        """Mark every node carrying ``tag`` in the drawing and say its total probability; ``None`` clears.

        Marking the tag already marked clears it, as a second click on a toggle does.
        """
        if tag is not None and tag not in self.tree_tags():
            raise EditError(f"no node carries the tag “{tag}” (tags: {', '.join(self.tree_tags()) or 'none'})")
        self._tag = None if tag == self._tag else tag
        marked = tagged(self.tree.root, self._tag) if self._tag else []
        self.view.tagged = marked
        if self._tag:
            total = self.tree.evaluate().tags().get(self._tag, 0.0)
            self._say(f"“{self._tag}”: {len(marked)} nodes marked; its outcomes have probability "
                      f"{total:.3g} under the chosen policy.")
        self._refresh()
        return marked

    def tree_tags(self) -> list[str]:
        """Every tag in the tree, in the order it is first met."""
        return list(dict.fromkeys(tag for node in self.tree.nodes() for tag in node.tags))

    def _step_hits(self, step: int) -> str | None:
        self._hits = [node_id for node_id in self._hits if node_id in self.tree]  # an edit may have removed one
        if not self._hits:
            return None
        self._hit = (self._hit + step) % len(self._hits)
        self.select(self._hits[self._hit])
        return self._hits[self._hit]

    def _refresh_marks(self) -> None:
        """After an edit: search again (a label may have changed) and mark the tag's nodes as they are now."""
        if self._query:
            self._hits = [node.id for node in find_nodes(self.tree.root, self._query)]
            self._hit = min(self._hit, len(self._hits) - 1)
        self.view.hits = self._hits
        self.view.tagged = tagged(self.tree.root, self._tag) if self._tag else []

    # -- what happened --------------------------------------------------------------------------

    def show_hindsight(self, record: Hindsight | str | Path | None) -> Hindsight | None:
        """Mark what happened: the realised path of a hindsight record (or its file) in green; ``None`` clears.

        The summary line says the path in words and the details of a node on it list the observations.
        """
        self._set_hindsight(record)
        self._refresh()
        return self.hindsight

    def _set_hindsight(self, record: Hindsight | str | Path | None) -> None:
        if isinstance(record, (str, Path)):
            record = load_hindsight(record, self.tree)
        self.hindsight = record
        self.drawing.options = self.drawing.options.but(realised=record.deepest if record else None)
