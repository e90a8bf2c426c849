"""Finding in the explorer: a search box with its hits stepped through, and a tag marked in the drawing.

Both only call the explorer's twins (:meth:`Explorer.search`, :meth:`Explorer.next_hit`,
:meth:`Explorer.previous_hit`, :meth:`Explorer.mark_tag`), which is where the logic lives and what
the tests drive.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from .forms import button

__all__ = ["FindBar", "TagBar"]


class FindBar(widgets.HBox):
    """A search box (Enter searches), ◀ ▶ to step through the hits, and where the stepping is."""

    def __init__(self, explorer: Any) -> None:  # the Explorer, whose twins the controls call
        guard = explorer.guarded
        self.query = widgets.Text(placeholder="Find: words of a label, note or quote", continuous_update=False,
                                  layout=widgets.Layout(width="280px"))
        self.query.add_class("st-find")
        self.query.observe(lambda change: guard(lambda: explorer.search(change["new"])), "value")
        self.previous = button("◀", "The previous node found", explorer.previous_hit, guard, "st-find-previous")
        self.next = button("▶", "The next node found", explorer.next_hit, guard, "st-find-next")
        self.position = widgets.HTML()
        self.position.add_class("st-find-position")
        super().__init__([self.query, self.previous, self.next, self.position],
                         layout=widgets.Layout(flex_flow="row wrap", align_items="center"))

    def show(self, explorer: Any) -> None:
        """Follow the explorer: the hit count and position, the step buttons usable only with hits."""
        hits = len(explorer._hits)
        self.previous.disabled = self.next.disabled = hits == 0
        where = explorer.hit_position()
        self.position.value = (f"{where} found" if where else
                               "nothing found" if explorer._query.strip() else "")


class TagBar(widgets.VBox):
    """One button per tag: pressing one marks its nodes in the drawing; pressing it again clears them."""

    def __init__(self, explorer: Any) -> None:
        self._explorer = explorer
        self._shown: tuple = ()
        self._buttons = widgets.HBox(layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__([widgets.HTML("<p class='st-heading'>Mark a tag in the drawing</p>"), self._buttons])
        self.add_class("st-tags")

    def show(self, tags: list[str], marked: str | None) -> None:
        """Rebuild the buttons only when the tags or the marked one changed."""
        if (tuple(tags), marked) == self._shown:
            return
        self._shown = (tuple(tags), marked)
        self.layout.display = "" if tags else "none"
        explorer = self._explorer
        self._buttons.children = [
            button(tag, f"Mark the nodes tagged “{tag}”" if tag != marked else "Clear the marks",
                   lambda tag=tag: explorer.mark_tag(tag), explorer.guarded,
                   "st-tag st-tag-on" if tag == marked else "st-tag")
            for tag in tags]
