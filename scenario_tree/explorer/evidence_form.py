"""The evidence part of the Edit tab: a node's notes, quotes and tags, and the file's source.

Every button calls one of the explorer's twins (:meth:`Explorer.set_notes`, :meth:`Explorer.add_quote`,
:meth:`Explorer.change_quote`, :meth:`Explorer.remove_quote`, :meth:`Explorer.set_tags`,
:meth:`Explorer.set_source`), each an undoable edit. The fields are filled from the tree only when
the selection or the evidence changes, so what a reader is typing survives a slider move.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ..model import ScenarioNode, TreeModel
from ..model.evidence import SOURCE_FIELDS
from .forms import WHOLE_DESCRIPTION, button

__all__ = ["EvidenceForm"]


class EvidenceForm(widgets.VBox):
    """Notes, quotes (words and paragraph), tags of the selected node; the source of the file."""

    def __init__(self, explorer: Any) -> None:  # the Explorer, whose twins the buttons call
        self.explorer = explorer
        guard = explorer.guarded
        self._shown: tuple = ()
        self.notes = _text_area("What this node stands for, in the analyst's words", rows=5)
        self.quotes = widgets.VBox()
        self.quotes.add_class("st-quote-editors")
        self.new_quote = _text_area("The words quoted, exactly")
        self.new_paragraph = _paragraph_box()
        self.tags = widgets.Text(description="Tags", placeholder="comma-separated", style=WHOLE_DESCRIPTION)
        self.tags.add_class("st-fill")
        # text areas, not one-line boxes: a title or an address is read whole, wrapped
        self.source = {key: _text_area(key, rows=2 if key in ("title", "url") else 1) for key in SOURCE_FIELDS}
        selected = lambda: explorer.selected.id  # noqa: E731 - read when the button is pressed
        super().__init__([
            _heading("Notes"), self.notes,
            button("Save notes", "Replace the node's notes", lambda: explorer.set_notes(selected(), self.notes.value),
                   guard, "st-save-notes"),
            _heading("Quotes"), self.quotes,
            _heading("Add a quote"), self.new_quote, self.new_paragraph,
            button("Add quote", "Add these words as a quote of the node", self._add_quote, guard, "st-add-quote"),
            _heading("Tags"), self.tags,
            button("Set tags", "Replace the node's tags", lambda: explorer.set_tags(selected(), _tags(self.tags.value)),
                   guard, "st-set-tags"),
            _heading("Source of the file"),
            *(widget for key, box in self.source.items() for widget in (_label(key), box)),
            button("Save source", "Change the file's source (an empty field removes it)",
                   lambda: explorer.set_source(**{key: box.value for key, box in self.source.items()}),
                   guard, "st-save-source"),
        ])
        self.add_class("st-evidence")

    def show(self, node: ScenarioNode, tree: TreeModel) -> None:
        """Fill the fields from the tree when the selection or the evidence changed (never otherwise)."""
        state = (node.id, tree.text_version, tree.structure_version)
        if state == self._shown:
            return
        self._shown = state
        self.notes.value = node.notes or ""
        self.quotes.children = [self._quote_editor(index, quote) for index, quote in enumerate(node.quotes)]
        self.tags.value = ", ".join(node.tags)
        source = tree.meta.get("source") or {}
        for key, box in self.source.items():
            box.value = str(source.get(key, ""))

    def _quote_editor(self, index: int, quote: dict[str, Any]) -> widgets.VBox:
        explorer, guard = self.explorer, self.explorer.guarded
        words = _text_area("The words quoted")
        words.value = str(quote.get("text", ""))
        paragraph = _paragraph_box(quote.get("paragraph"))
        node_id = explorer.selected.id
        editor = widgets.VBox([
            words, paragraph,
            widgets.HBox([
                button("Update", "Keep these words and paragraph",
                       lambda: explorer.change_quote(node_id, index, text=words.value,
                                                     paragraph=paragraph.value or None), guard, "st-update-quote"),
                button("Remove", "Remove this quote", lambda: explorer.remove_quote(node_id, index), guard,
                       "st-remove-quote"),
            ], layout=widgets.Layout(flex_flow="row wrap")),
        ])
        editor.add_class("st-quote-editor")
        return editor

    def _add_quote(self) -> None:
        self.explorer.add_quote(self.explorer.selected.id, self.new_quote.value, self.new_paragraph.value or None)
        self.new_quote.value = ""
        self.new_paragraph.value = 0


def _heading(text: str) -> widgets.HTML:
    return widgets.HTML(f"<p class='st-heading'>{text}</p>")


def _label(text: str) -> widgets.HTML:
    return widgets.HTML(f"<span class='st-field'>{text}</span>")


def _text_area(placeholder: str, rows: int = 3) -> widgets.Textarea:
    area = widgets.Textarea(placeholder=placeholder, rows=rows)
    area.add_class("st-fill")
    return area


def _paragraph_box(value: int | None = None) -> widgets.BoundedIntText:
    """The paragraph of the source a quote is from; 0 means "not given"."""
    return widgets.BoundedIntText(value=value or 0, min=0, max=1_000_000, description="Paragraph (0: none)",
                                  style=WHOLE_DESCRIPTION)


def _tags(text: str) -> list[str]:
    return [tag.strip() for tag in text.split(",") if tag.strip()]
