"""Finding nodes by what a reader remembers of them: words of a label, the notes, a quote, a tag.

Free functions over nodes, like the walkers in :mod:`~scenario_tree.model.nodes`. A search is
case-insensitive and ignores accents; a node matches when every word of the query occurs in its
text (label, id, notes, quotes and tags together), so "safe enemy" finds the three "safe enemy"
lotteries whichever field says it. Hits come in the order the tree is read (parents first).

>>> from scenario_tree.model import ScenarioNode
>>> root = ScenarioNode("root", "Washington's approach", "decision")
>>> deal = ScenarioNode("deal", "Deal", "outcome", notes="guarantees for a soft transition", parent=root)
>>> cold_war = ScenarioNode("cold_war", "Containment", "outcome", tags=["confrontation"], parent=root)
>>> [node.id for node in find_nodes(root, "SOFT transition")]
['deal']
>>> [node.id for node in find_nodes(root, "confront")]
['cold_war']
>>> tagged(root, "confrontation")
['cold_war']
"""

from __future__ import annotations

import unicodedata

from .nodes import ScenarioNode, preorder

__all__ = ["find_nodes", "searchable_text", "tagged"]


def find_nodes(root: ScenarioNode, query: str) -> list[ScenarioNode]:
    """The nodes under ``root`` (itself included) whose text holds every word of ``query``.

    An empty query finds nothing (rather than everything: it is what a cleared search box sends).
    """
    words = _folded(query).split()
    if not words:
        return []
    return [node for node in preorder(root) if all(word in _folded(searchable_text(node)) for word in words)]


def searchable_text(node: ScenarioNode) -> str:
    """Everything a reader may remember of a node, as one text: label, id, notes, quotes and tags."""
    quotes = (str(quote.get("text", "")) for quote in node.quotes)
    return "\n".join([node.label, node.id, node.notes or "", *quotes, *node.tags])


def tagged(root: ScenarioNode, tag: str) -> list[str]:
    """The ids of the nodes under ``root`` that carry ``tag``, parents first."""
    return [node.id for node in preorder(root) if tag in node.tags]


def _folded(text: str) -> str:
    """Lower case without accents, so "Medvedev" finds "Medvédev" and "soft" finds "Soft"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(character for character in decomposed if not unicodedata.combining(character))
