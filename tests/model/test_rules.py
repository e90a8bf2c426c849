"""The rules a tree obeys, written once: the loader reports them and edits refuse to break them."""

from __future__ import annotations

import pytest

from scenario_tree import EditError, ScenarioFileError, loads
from scenario_tree.model import ScenarioNode, preorder
from scenario_tree.model.rules import (
    RANGES,
    actor_problem,
    id_problem,
    label_problem,
    meta_breaches,
    name_problem,
    node_breaches,
    number_problem,
    parameter_breaches,
    text_problem,
    tree_breaches,
)


@pytest.mark.parametrize("value, low, high, message", [
    (float("nan"), 0, 1, "found nan, expected a finite number"),
    (float("inf"), -1e9, 1e9, "found inf, expected a finite number"),
    (True, 0, 1, "found True, expected a finite number"),
    ("0.5", 0, 1, "found '0.5', expected a finite number"),
    (1.5, 0, 1, "found 1.5, expected a number in [0, 1]"),
    (0.5, 0, 1, None),
])
def test_the_number_rule(value, low, high, message):
    assert number_problem(value, low, high) == message


def test_text_rules():
    assert label_problem("") == "found '', expected non-empty text"
    assert label_problem("Deal") is None
    assert id_problem("a b") == "found 'a b', expected letters, digits, _ and - only"
    assert actor_problem("bank", ["west", "putin"]) == "unknown actor 'bank' (must be one of ['west', 'putin'])"


def test_node_rules_name_the_field():
    chance = ScenarioNode("c", "C", "chance", actor="west")
    ScenarioNode("a", "A", "outcome", probability=0.7, parent=chance)
    ScenarioNode("b", "B", "outcome", parent=chance)
    found = {(breach.node.id, breach.field): breach.message for breach in node_breaches(chance, ["west"], {})}
    assert found == {("c", "actor"): "found 'west' on a chance node; only decisions have an actor"}
    for child in chance.children:
        found.update({(breach.node.id, breach.field): breach.message
                      for breach in node_breaches(child, ["west"], {})})
    assert found[("b", "probability")].startswith("missing; every branch of a chance node needs a probability")


def test_parameter_rules_report_ranges_and_cycles():
    values, breaches = parameter_breaches({"a": {"value": 1, "low": 5, "high": 2}})
    assert values == {"a": 1.0} and [breach.message for breach in breaches] == ["low 5 is above high 2"]
    values, breaches = parameter_breaches({"a": "b", "b": "a"})
    assert values is None and "a cycle: a -> b -> a" in breaches[0].message


def test_tree_rules_find_duplicate_ids_and_name_clashes():
    root = ScenarioNode("r", "R", "decision")
    ScenarioNode("x", "X", "outcome", parent=root)
    ScenarioNode("x", "X again", "outcome", parent=root)
    messages = [breach.message for breach in tree_breaches(root, ["value"], {"r": 1})]
    assert "'r' is also a parameter's name; rename one of them" in messages
    assert any(message.startswith("duplicate id 'x'") for message in messages)


COIN = """
format: scenario-tree/1
root:
  id: coin
  label: Coin
  kind: chance
  children:
    - {id: heads, label: Heads, kind: outcome, probability: 0.5, payoff: 1}
    - {id: tails, label: Tails, kind: outcome, probability: 0.5, payoff: 0}
"""


def test_loading_and_editing_apply_the_same_sum_rule():
    bad = COIN.replace("probability: 0.5, payoff: 0", "probability: 0.4, payoff: 0")
    with pytest.raises(ScenarioFileError) as loading:
        loads(bad)
    tree = loads(COIN)
    with pytest.raises(EditError) as editing:
        tree.set_probabilities("coin", {"tails": 0.4})
    expected = "probabilities sum to 0.9, expected 1"
    assert expected in str(loading.value) and expected in str(editing.value)
    assert tree.node("tails").probability == 0.5  # the refused edit changed nothing
    assert not tree.history.can_undo


@pytest.mark.parametrize("text, kind, message", [
    ("fine\ttext\nwith lines \u2028 and é", "notes", None),
    ("bell\x07", "label", "found '\\x07' (U+0007, a control character) at character 5; expected printable text"),
    ("\x85", "notes", "(U+0085, a control character)"),
    ("a\ud800", "tag", "(U+D800, a lone surrogate) at character 2"),
    ("\U0010ffff", "quote", "(U+10FFFF, a noncharacter)"),
    ("x" * 301, "label", "found 301 characters, expected at most 300"),
    (5, "title", "found 5, expected text"),
])
def test_the_text_rule(text, kind, message):
    problem = text_problem(text, kind)
    assert problem is None if message is None else message in problem


@pytest.mark.parametrize("name", ["west\n", "west ", "", "a" * 101, "west\u200b"])
def test_names_are_checked_whole(name):
    assert name_problem(name) is not None
    assert name_problem("west") is None


def test_numbers_of_any_size_are_compared_exactly_and_ranges_are_per_field():
    assert number_problem(10 ** 400).endswith("expected a number in [-1e+30, 1e+30]")
    assert number_problem(-(10 ** 400), *RANGES["payoff"]).startswith("found -1000")
    assert number_problem(1e-7, *RANGES["concentration"]) == "found 1e-07, expected a number in [1e-06, 1e+06]"
    assert number_problem(1e30) is None and number_problem(-1e30) is None and number_problem(1.1e30)


def test_the_top_levels_text_and_names_are_checked():
    meta = {"title": "T\x00", "source": {"author": "A", "url": "https://x/\x01"}, "actors": ["west", "east\n"]}
    assert [(breach.field, breach.message.split(" (")[0]) for breach in meta_breaches(meta)] == [
        ("title", "found '\\x00'"), ("source.url", "found '\\x01'"),
        ("actors", "found 'east\\n', expected letters, digits, _ and - only")]


def test_node_text_and_numbers_are_checked_by_the_same_rules():
    root = ScenarioNode("r", "R\x01", "chance", concentration=float("nan"), notes="n\x85")
    ScenarioNode("a", "A", "outcome", probability=float("nan"), payoff={"west": 10 ** 200}, parent=root,
                 quotes=[{"text": "q", "paragraph": 0}], tags=["t\x1b"])
    found = {(breach.node.id, breach.field) for node in preorder(root)
             for breach in node_breaches(node, ["west"], {})}
    assert found == {("r", "label"), ("r", "notes"), ("r", "concentration"), ("a", "probability"),
                     ("a", "payoff.west"), ("a", "quotes.paragraph"), ("a", "tags")}


def test_edits_obey_the_text_rule():
    tree = loads(COIN)
    for edit in (lambda: tree.rename("heads", "H\x00"), lambda: tree.set_notes("heads", "n\ud800"),
                 lambda: tree.add_child("coin", "new\n", "New", probability=0.1)):
        with pytest.raises(EditError):
            edit()
    assert not tree.history.can_undo
