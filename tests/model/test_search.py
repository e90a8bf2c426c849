"""Finding nodes by words of their label, notes, quotes or tags; the nodes carrying a tag."""

from __future__ import annotations

import scenario_tree
from scenario_tree.model.search import find_nodes, searchable_text, tagged


def test_every_word_must_occur_somewhere_in_the_nodes_text() -> None:
    tree = scenario_tree.default_tree()
    root = tree.root
    quoted = next(node for node in tree.nodes() if node.quotes and node.notes)
    quote_word = max(quoted.quotes[0]["text"].split(), key=len).strip(".,;:“”\"'")
    note_word = max(quoted.notes.split(), key=len).strip(".,;:“”\"'()")
    hits = find_nodes(root, f"{quote_word.upper()} {note_word}")
    assert quoted in hits
    assert all(quote_word.lower() in searchable_text(node).lower() for node in hits)
    assert find_nodes(root, f"{quote_word} qwertyuiop") == []
    assert find_nodes(root, "   ") == []


def test_hits_come_parents_first_and_accents_do_not_matter() -> None:
    tree = scenario_tree.default_tree()
    tree.rename("stable_standoff", "Détente à la Medvédev")
    assert [node.id for node in find_nodes(tree.root, "medvedev detente")] == ["stable_standoff"]
    hits = find_nodes(tree.root, "transition")
    order = [node.id for node in tree.nodes()]
    assert [node.id for node in hits] == sorted((node.id for node in hits), key=order.index)


def test_tagged_lists_the_carriers_of_a_tag() -> None:
    tree = scenario_tree.default_tree()
    assert tagged(tree.root, "containment") == [node.id for node in tree.nodes() if "containment" in node.tags]
    assert tagged(tree.root, "no such tag") == []
