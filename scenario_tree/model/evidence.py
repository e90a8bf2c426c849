"""Editing the evidence behind a tree: a node's quotes and tags, and the file's source; each an undoable edit.

:class:`EvidenceEdits` is a mixin of :class:`~scenario_tree.model.tree.TreeModel`, beside
:class:`~scenario_tree.model.edits.Edits` (whose reversible steps and rule checks it uses): an edit
that breaks a rule of :mod:`~scenario_tree.model.rules` changes nothing and raises an
:class:`~scenario_tree.errors.EditError` naming the node and what was expected. Notes are edited with
``set_notes`` (in :mod:`~scenario_tree.model.edits`).

>>> from scenario_tree import default_tree
>>> tree = default_tree()
>>> index = tree.add_quote("containment", "Cold War-style containment", paragraph=12)
>>> tree.node("containment").quotes[index]
{'text': 'Cold War-style containment', 'paragraph': 12}
>>> tree.undo()
True
>>> len(tree.node("containment").quotes) == index
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..errors import EditError
from .history import Step
from .nodes import ScenarioNode
from .rules import meta_breaches, quote_problem, text_problem, url_problem

__all__ = ["SOURCE_FIELDS", "EvidenceEdits"]

SOURCE_FIELDS = ("title", "author", "date", "outlet", "url")
_KEEP = object()  # "leave this part of the quote as it is"


class EvidenceEdits:
    """Quotes, tags and the source: every public method here is one undoable edit."""

    # what the tree and its edits provide (TreeModel, Edits)
    meta: dict[str, Any]
    node: Callable[[str], ScenarioNode]
    _edit: Callable[..., None]
    _set: Callable[[ScenarioNode, str, Any, list[Step]], None]
    _set_meta: Callable[[str, Any, list[Step]], None]

    # -- quotes ---------------------------------------------------------------------------------

    def add_quote(self, node_id: str, text: str, paragraph: int | None = None, page: int | str | None = None,
                  index: int | None = None) -> int:
        """Add a quote (the words, and where in the source) to a node, at ``index`` (default: last).

        Returns:
            Where the quote now is in the node's list.
        """
        node = self.node(node_id)
        quotes = list(node.quotes)
        at = len(quotes) if index is None else self._quote_index(node, index, len(quotes) + 1)
        quotes.insert(at, self._checked_quote(node, _quote(text, paragraph, page)))
        self._edit(lambda steps: self._set(node, "quotes", quotes, steps), around=[node])
        return at

    def change_quote(self, node_id: str, index: int, text: Any = _KEEP, paragraph: Any = _KEEP,
                     page: Any = _KEEP) -> None:
        """Change a quote's words, paragraph or page (``None`` removes a paragraph or page)."""
        node = self.node(node_id)
        quotes = list(node.quotes)
        at = self._quote_index(node, index, len(quotes))
        old = quotes[at]
        quotes[at] = self._checked_quote(node, _quote(
            old.get("text") if text is _KEEP else text,
            old.get("paragraph") if paragraph is _KEEP else paragraph,
            old.get("page") if page is _KEEP else page))
        self._edit(lambda steps: self._set(node, "quotes", quotes, steps), around=[node])

    def remove_quote(self, node_id: str, index: int) -> None:
        """Remove one quote of a node."""
        node = self.node(node_id)
        quotes = list(node.quotes)
        del quotes[self._quote_index(node, index, len(quotes))]
        self._edit(lambda steps: self._set(node, "quotes", quotes, steps), around=[node])

    # -- tags -----------------------------------------------------------------------------------

    def set_tags(self, node_id: str, tags: Iterable[str]) -> None:
        """Replace a node's tags (each once, in the order given)."""
        node = self.node(node_id)
        chosen = list(dict.fromkeys(tag.strip() if isinstance(tag, str) else tag for tag in tags))
        for tag in chosen:
            if not isinstance(tag, str) or not tag:
                raise EditError(f"{node!r}: tags: found {tag!r}, expected non-empty text")
            if problem := text_problem(tag, "tag"):
                raise EditError(f"{node!r}: tags: {problem}")
        self._edit(lambda steps: self._set(node, "tags", chosen, steps), around=[node])

    def add_tag(self, node_id: str, tag: str) -> None:
        """Tag a node (a tag it already has is kept once)."""
        self.set_tags(node_id, [*self.node(node_id).tags, tag])

    def remove_tag(self, node_id: str, tag: str) -> None:
        """Remove a tag from a node."""
        node = self.node(node_id)
        if tag not in node.tags:
            raise EditError(f"{node!r} has no tag {tag!r} (its tags: {node.tags})")
        self.set_tags(node_id, [each for each in node.tags if each != tag])

    # -- the source -----------------------------------------------------------------------------

    def set_source(self, **fields: str | None) -> None:
        """Change the file's source: ``title``, ``author``, ``date``, ``outlet``, ``url`` (``None`` removes one)."""
        unknown = sorted(set(fields) - set(SOURCE_FIELDS))
        if unknown:
            raise EditError(f"unknown source field: {unknown[0]!r} (must be one of {list(SOURCE_FIELDS)})")
        source = dict(self.meta.get("source") or {})
        for key, value in fields.items():
            if value is None or (isinstance(value, str) and not value.strip()):
                source.pop(key, None)
            elif key == "url" and (problem := url_problem(value)):
                raise EditError(f"source.url: {problem}")
            else:
                source[key] = value
        problems = [breach.message for breach in meta_breaches({"source": source})]
        if problems:
            raise EditError(f"source: {problems[0]}")
        self._edit(lambda steps: self._set_meta("source", source or None, steps))

    # -- internals ------------------------------------------------------------------------------

    def _quote_index(self, node: ScenarioNode, index: int, count: int) -> int:
        if not isinstance(index, int) or not -count <= index < count:
            raise EditError(f"{node!r}: quote {index!r} does not exist (it has {len(node.quotes)} quotes)")
        return index % count

    def _checked_quote(self, node: ScenarioNode, quote: dict[str, Any]) -> dict[str, Any]:
        if problem := quote_problem(quote):
            raise EditError(f"{node!r}: quote: {problem}")
        return quote


def _quote(text: Any, paragraph: Any, page: Any) -> dict[str, Any]:
    """A quote as the file writes it: the text, then where it is, leaving out what is not known."""
    quote: dict[str, Any] = {"text": text.strip() if isinstance(text, str) else text}
    if paragraph is not None:
        quote["paragraph"] = paragraph
    if page is not None:
        quote["page"] = page
    return quote
