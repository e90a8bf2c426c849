"""Editing the evidence: quotes, tags and the source, each undoable and checked by the tree's rules."""

from __future__ import annotations

import pytest

from scenario_tree import EditError, default_tree, loads


def test_quotes_are_added_changed_and_removed_with_undo_and_redo() -> None:
    tree = default_tree()
    node = tree.node("containment")
    before = [dict(quote) for quote in node.quotes]
    at = tree.add_quote("containment", "  Cold War-style containment  ", paragraph=12)
    assert node.quotes[at] == {"text": "Cold War-style containment", "paragraph": 12}
    tree.change_quote("containment", at, paragraph=None, page="A17")
    assert node.quotes[at] == {"text": "Cold War-style containment", "page": "A17"}
    tree.remove_quote("containment", 0)
    assert len(node.quotes) == len(before)
    for expected in ([*before, {"text": "Cold War-style containment", "page": "A17"}],
                     [*before, {"text": "Cold War-style containment", "paragraph": 12}], before):
        tree.undo()
        assert node.quotes == expected
    while tree.redo():
        pass
    assert node.quotes == [*before[1:], {"text": "Cold War-style containment", "page": "A17"}]
    assert loads(tree.dumps()).node("containment").quotes == node.quotes


@pytest.mark.parametrize(("call", "message"), [
    (lambda tree: tree.add_quote("containment", "   "), "expected the quoted words"),
    (lambda tree: tree.add_quote("containment", "words", paragraph=0), "paragraph"),
    (lambda tree: tree.add_quote("containment", "words", paragraph=2.5), "whole number"),
    (lambda tree: tree.add_quote("containment", "bell \x07"), "control character"),
    (lambda tree: tree.change_quote("containment", 99, text="x"), "quote 99 does not exist"),
    (lambda tree: tree.remove_quote("stable_standoff", 0) if not tree.node("stable_standoff").quotes
     else tree.remove_quote("stable_standoff", 50), "does not exist"),
    (lambda tree: tree.set_tags("containment", ["ok", ""]), "expected non-empty text"),
    (lambda tree: tree.set_tags("containment", ["x" * 101]), "tags"),
    (lambda tree: tree.remove_tag("containment", "nonsense"), "has no tag 'nonsense'"),
    (lambda tree: tree.set_source(url="ftp://example.org"), "http:// or https://"),
    (lambda tree: tree.set_source(publisher="x"), "must be one of"),
])
def test_bad_evidence_is_refused_and_changes_nothing(call, message) -> None:
    tree = default_tree()
    text = tree.dumps()
    with pytest.raises(EditError, match=message) as raised:
        call(tree)
    assert "Traceback" not in str(raised.value)
    assert tree.dumps() == text and not tree.history.can_undo


def test_tags_are_kept_once_in_order_and_undone() -> None:
    tree = default_tree()
    node = tree.node("containment")
    old = list(node.tags)
    tree.add_tag("containment", "deterrence")
    tree.add_tag("containment", "deterrence")
    assert node.tags == [*old, "deterrence"]
    tree.remove_tag("containment", old[0])
    assert node.tags == [*old[1:], "deterrence"]
    tree.undo()
    assert node.tags == [*old, "deterrence"]
    assert "deterrence" in loads(tree.dumps()).node("containment").tags


def test_source_fields_change_and_go_and_the_drawing_heading_follows() -> None:
    tree = default_tree()
    source = dict(tree.meta["source"])
    version = tree.text_version
    tree.set_source(outlet="WSJ", url=None)
    assert tree.meta["source"] == {**{key: value for key, value in source.items() if key != "url"}, "outlet": "WSJ"}
    assert tree.text_version > version, "the source is drawn in the heading: a text change"
    tree.undo()
    assert tree.meta["source"] == source
    tree.set_source(**{key: None for key in source})
    assert "source" not in tree.meta and "source" not in loads(tree.dumps()).meta
    tree.undo()
    assert tree.meta["source"] == source
