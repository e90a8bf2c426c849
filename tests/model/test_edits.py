"""Edits: probability rescaling with locks, refused edits, undo/redo, and cache invalidation."""

from __future__ import annotations

import math

import pytest

import scenario_tree
from scenario_tree import EditError, loads

TREE = """
format: scenario-tree/1
title: Edit playground
actors: [west, putin]
root:
  id: r
  label: Root
  kind: decision
  actor: west
  children:
    - id: c
      label: Chance
      kind: chance
      children:
        - {id: a, label: A, kind: outcome, probability: 0.5, payoff: {west: 10, putin: 1}}
        - {id: b, label: B, kind: outcome, probability: 0.3, payoff: {west: 2, putin: 4}}
        - {id: d, label: D, kind: outcome, probability: 0.2, payoff: {west: -4}}
    - id: p
      label: Putin decides
      kind: decision
      actor: putin
      children:
        - {id: p1, label: P1, kind: outcome, payoff: {west: 6, putin: 0}}
        - {id: p2, label: P2, kind: outcome, payoff: {west: -1, putin: 2}}
    - {id: x, label: X, kind: outcome, payoff: 3}
"""


@pytest.fixture
def tree():
    return loads(TREE, file="edit.yaml")


def probabilities(tree, *ids):
    return [tree.node(node_id).probability for node_id in ids]


def assert_same_evaluation(tree):
    """The cached, incrementally refreshed evaluation equals one of a freshly loaded copy."""
    fresh = loads(tree.dumps()).evaluate()
    mine = tree.evaluate()
    assert mine.best == fresh.best
    assert mine.policy == fresh.policy
    assert set(mine.value) == set(fresh.value)
    for node_id, values in fresh.value.items():
        assert mine.value[node_id] == pytest.approx(values, abs=1e-12), node_id
        assert mine.path_probability[node_id] == pytest.approx(fresh.path_probability[node_id], abs=1e-12)
        assert mine.policy_probability[node_id] == pytest.approx(fresh.policy_probability[node_id], abs=1e-12)
        if fresh.probability[node_id] is None:
            assert mine.probability[node_id] is None, node_id
        else:
            assert mine.probability[node_id] == pytest.approx(fresh.probability[node_id], abs=1e-12)


def chance_sums(tree):
    evaluation = tree.evaluate()
    return {node.id: sum(evaluation.probability[child.id] for child in node.children)
            for node in tree.nodes() if node.kind == "chance"}


# -- set_probability ----------------------------------------------------------------------------


def test_set_probability_rescales_unlocked_siblings_proportionally(tree):
    tree.set_probability("a", 0.8)
    a, b, d = probabilities(tree, "a", "b", "d")
    assert a == 0.8
    assert b == pytest.approx(0.3 / 0.5 * 0.2)
    assert d == pytest.approx(0.2 / 0.5 * 0.2)
    assert b / d == pytest.approx(1.5)
    assert a + b + d == pytest.approx(1.0, abs=1e-12)


def test_set_probability_keeps_locked_siblings(tree):
    tree.lock("b")
    tree.set_probability("a", 0.6)
    assert probabilities(tree, "a", "b", "d") == pytest.approx([0.6, 0.3, 0.1])
    tree.set_probability("d", 0.0)
    assert probabilities(tree, "a", "b", "d") == pytest.approx([0.7, 0.3, 0.0])
    tree.unlock("b")
    tree.set_probability("d", 0.3)
    assert probabilities(tree, "a", "b", "d") == pytest.approx([0.7 * 0.7, 0.3 * 0.7, 0.3])


def test_set_probability_when_other_siblings_are_zero_shares_equally(tree):
    tree.set_probability("a", 1.0)
    assert probabilities(tree, "b", "d") == pytest.approx([0.0, 0.0])
    tree.set_probability("a", 0.4)
    assert probabilities(tree, "a", "b", "d") == pytest.approx([0.4, 0.3, 0.3])


def test_set_probability_with_remainder_siblings():
    tree = loads("""
format: scenario-tree/1
root: {id: c, label: C, kind: chance, children: [
  {id: a, label: A, kind: outcome, probability: 0.4},
  {id: b, label: B, kind: outcome, probability: "#"},
  {id: d, label: D, kind: outcome, probability: "#"}]}
""")
    tree.set_probability("a", 0.1)
    assert probabilities(tree, "a", "b", "d") == pytest.approx([0.1, 0.45, 0.45])
    assert_same_evaluation(tree)
    tree.undo()
    assert probabilities(tree, "a", "b", "d") == [0.4, "#", "#"]


@pytest.mark.parametrize("setup, node_id, value, message", [
    (None, "a", 1.5, "[0, 1]"),
    (None, "a", -0.1, "[0, 1]"),
    (None, "a", math.nan, "finite"),
    (None, "a", math.inf, "finite"),
    (None, "a", "0.5", "number"),
    (None, "a", True, "number"),
    (["b", "d"], "a", 0.4, "locked"),
    (["b"], "a", 0.9, "locked"),
    (None, "x", 0.5, "chance"),
    (None, "r", 0.5, "chance"),
    (None, "p1", 0.5, "chance"),
    (None, "aa", 0.5, "did you mean 'a'"),
])
def test_refused_set_probability_changes_nothing(tree, setup, node_id, value, message):
    for locked in setup or []:
        tree.lock(locked)
    tree.evaluate()
    before = tree.dumps()
    with pytest.raises(EditError) as caught:
        tree.set_probability(node_id, value)
    assert message in str(caught.value)
    assert tree.dumps() == before
    assert not tree.history.can_undo
    assert_same_evaluation(tree)


def test_all_siblings_locked_accepts_the_only_possible_value(tree):
    tree.lock("b")
    tree.lock("d")
    tree.set_probability("a", 0.5)
    assert probabilities(tree, "a", "b", "d") == pytest.approx([0.5, 0.3, 0.2])


def test_lock_is_only_for_chance_branches(tree):
    with pytest.raises(EditError):
        tree.lock("p1")
    with pytest.raises(EditError, match="did you mean"):
        tree.lock("bb")


# -- other edits and their refusals -------------------------------------------------------------


def test_set_payoff_forms(tree):
    tree.set_payoff("x", 7)
    assert tree.node("x").payoff == 7
    tree.set_payoff("x", 2, actor="putin")
    assert tree.node("x").payoff == {"west": 7, "putin": 2}
    tree.set_payoff("x", -1, actor="west")
    assert tree.node("x").payoff == {"west": -1, "putin": 2}
    tree.set_payoff("x", None)
    assert tree.node("x").payoff is None
    assert tree.evaluate().value["x"] == {"west": 0.0, "putin": 0.0}


@pytest.mark.parametrize("edit", [
    lambda t: t.set_payoff("x", math.nan),
    lambda t: t.set_payoff("x", "3"),
    lambda t: t.set_payoff("x", {"nato": 1}),
    lambda t: t.set_payoff("x", {"west": math.inf}),
    lambda t: t.set_payoff("x", 1, actor="nato"),
    lambda t: t.rename("x", ""),
    lambda t: t.rename("x", "   "),
    lambda t: t.rename("x", None),
    lambda t: t.set_actor("c", "west"),
    lambda t: t.set_actor("p", "nato"),
    lambda t: t.add_child("x", "new", "New"),
    lambda t: t.add_child("r", "a", "Duplicate id"),
    lambda t: t.add_child("r", "bad id", "Bad id"),
    lambda t: t.add_child("r", "new", "New", "event"),
    lambda t: t.add_child("r", "new", "New", probability=0.5),
    lambda t: t.add_child("c", "new", "New", probability=1.5),
    lambda t: t.add_child("nowhere", "new", "New"),
    lambda t: t.remove("r"),
    lambda t: t.set_kind("c", "outcome"),
    lambda t: t.set_kind("x", "event"),
], ids=lambda edit: None)
def test_refused_edits_change_nothing(tree, edit):
    before = tree.dumps()
    with pytest.raises(EditError):
        edit(tree)
    assert tree.dumps() == before
    assert not tree.history.can_undo


def test_add_child_under_locked_chance_without_room_changes_nothing(tree):
    tree.lock("a")
    tree.lock("b")
    tree.lock("d")
    tree.evaluate()
    before = tree.dumps()
    with pytest.raises(EditError):
        tree.add_child("c", "new", "New", probability=0.3)
    assert tree.dumps() == before
    assert "new" not in {node.id for node in tree.nodes()}
    with pytest.raises(EditError):
        tree.node("new")
    assert_same_evaluation(tree)


@pytest.mark.parametrize("edit", [
    lambda t: t.add_child("r", "new", ""),
    lambda t: t.add_child("r", "new", "New", payoff={"nato": 1}),
    lambda t: t.add_child("r", "new", "New", payoff={"west": math.nan}),
    lambda t: t.add_child("r", "new", "New", payoff="3"),
], ids=["empty-label", "unknown-actor", "nan-in-payoff", "text-payoff"])
def test_add_child_checks_label_and_payoff_like_other_edits(tree, edit):
    # rename refuses an empty label and set_payoff an unknown actor or a non-number;
    # add_child must too, or the tree can no longer be evaluated, saved and loaded back.
    before = tree.dumps()
    with pytest.raises(EditError):
        edit(tree)
    assert tree.dumps() == before


def test_add_child_under_chance_rescales(tree):
    child = tree.add_child("c", "e", "E", probability=0.2, payoff={"west": 1})
    assert repr(child) == "ScenarioNode('/r/c/e')"
    assert [node.id for node in tree.node("c").children] == ["a", "b", "d", "e"]
    assert probabilities(tree, "a", "b", "d", "e") == pytest.approx([0.4, 0.24, 0.16, 0.2])
    assert_same_evaluation(tree)


def test_add_child_default_probability_zero_and_index(tree):
    tree.add_child("c", "e", "E", index=0)
    assert [node.id for node in tree.node("c").children] == ["e", "a", "b", "d"]
    assert probabilities(tree, "e", "a", "b", "d") == [0.0, 0.5, 0.3, 0.2]
    assert_same_evaluation(tree)


def test_add_child_with_kind_gets_a_first_branch(tree):
    tree.add_child("r", "q", "Q", "chance")
    q = tree.node("q")
    assert q.kind == "chance"
    assert len(q.children) == 1
    assert q.children[0].probability == 1.0
    tree.add_child("q", "q2", "Q2", "decision", probability=0.25)
    assert tree.node("q2").children[0].kind == "outcome"
    assert [child.probability for child in q.children] == pytest.approx([0.75, 0.25])
    assert_same_evaluation(tree)


def test_remove_under_chance_renormalises(tree):
    tree.remove("d")
    assert probabilities(tree, "a", "b") == pytest.approx([0.625, 0.375])
    assert_same_evaluation(tree)
    tree.remove("p")
    assert [node.id for node in tree.root.children] == ["c", "x"]
    with pytest.raises(EditError):
        tree.node("p1")
    assert_same_evaluation(tree)


def test_remove_keeps_locked_siblings(tree):
    # A lock keeps a branch fixed "when a sibling is edited"; set_probability and add_child
    # honour it, so removing a sibling should give its share to the unlocked branches only.
    tree.lock("a")
    tree.remove("d")
    assert probabilities(tree, "a", "b") == pytest.approx([0.5, 0.5])


def test_a_new_node_does_not_inherit_a_removed_nodes_lock(tree):
    tree.lock("d")
    tree.remove("d")
    tree.add_child("c", "d", "A new D", probability=0.2)
    tree.set_probability("a", 0.1)
    assert probabilities(tree, "a", "b", "d") == pytest.approx([0.1, 0.9 * 0.6, 0.9 * 0.4])


def test_remove_refuses_root_and_only_child():
    tree = loads("""
format: scenario-tree/1
root: {id: r, label: R, kind: decision, children: [
  {id: only, label: Only, kind: chance, children: [
     {id: leaf, label: Leaf, kind: outcome, probability: 1}]}]}
""")
    before = tree.dumps()
    for node_id, message in [("r", "root"), ("only", "only branch"), ("leaf", "only branch")]:
        with pytest.raises(EditError, match=message):
            tree.remove(node_id)
    assert tree.dumps() == before


def test_set_kind_outcome_to_chance_adds_a_branch(tree):
    tree.set_kind("x", "chance")
    node = tree.node("x")
    assert node.kind == "chance"
    assert len(node.children) == 1
    assert node.children[0].kind == "outcome"
    assert node.children[0].probability == 1.0
    assert_same_evaluation(tree)


def test_set_kind_decision_to_chance_and_back(tree):
    tree.set_kind("p", "chance")
    assert tree.node("p").actor is None
    assert probabilities(tree, "p1", "p2") == pytest.approx([0.5, 0.5])
    assert_same_evaluation(tree)
    tree.set_kind("p", "decision")
    assert probabilities(tree, "p1", "p2") == [None, None]
    assert_same_evaluation(tree)


def test_set_kind_chance_to_outcome_with_children_refused(tree):
    with pytest.raises(EditError, match="branches"):
        tree.set_kind("c", "outcome")


def test_set_kind_same_kind_records_nothing(tree):
    tree.set_kind("x", "outcome")
    assert not tree.history.can_undo


# -- undo and redo ------------------------------------------------------------------------------

EDITS = {
    "set_probability": lambda t: t.set_probability("b", 0.1),
    "set_probability_locked": lambda t: (t.lock("a"), t.set_probability("b", 0.1)),
    "set_payoff": lambda t: t.set_payoff("a", {"west": -2, "putin": 2}),
    "set_payoff_actor": lambda t: t.set_payoff("x", 5, actor="putin"),
    "set_payoff_none": lambda t: t.set_payoff("a", None),
    "rename": lambda t: t.rename("a", "Renamed “Привет”"),
    "set_notes": lambda t: t.set_notes("c", "New notes"),
    "clear_notes": lambda t: t.set_notes("c", None),
    "set_actor": lambda t: t.set_actor("p", "west"),
    "add_child_chance": lambda t: t.add_child("c", "e", "E", probability=0.3, payoff=1),
    "add_child_decision": lambda t: t.add_child("p", "p3", "P3", "chance", index=1),
    "remove_chance_branch": lambda t: t.remove("b"),
    "remove_subtree": lambda t: t.remove("p"),
    "set_kind_outcome_chance": lambda t: t.set_kind("x", "chance"),
    "set_kind_outcome_decision": lambda t: t.set_kind("a", "decision"),
    "set_kind_decision_chance": lambda t: t.set_kind("p", "chance"),
    "set_kind_chance_decision": lambda t: t.set_kind("c", "decision"),
}


@pytest.mark.parametrize("name", list(EDITS))
def test_undo_redo_restore_exactly(tree, name):
    tree.set_notes("c", "Old notes")
    before = tree.dumps()
    tree.evaluate()
    EDITS[name](tree)
    after = tree.dumps()
    assert after != before
    assert_same_evaluation(tree)
    assert tree.undo() is True
    assert tree.dumps() == before
    assert_same_evaluation(tree)
    assert tree.redo() is True
    assert tree.dumps() == after
    assert_same_evaluation(tree)
    assert tree.undo() is True
    assert tree.dumps() == before
    assert tree.to_dict() == loads(before).to_dict()


def test_undo_and_redo_with_nothing_to_do(tree):
    assert tree.undo() is False
    assert tree.redo() is False
    tree.rename("x", "Y")
    tree.undo()
    tree.rename("x", "Z")
    assert tree.redo() is False
    assert tree.node("x").label == "Z"


def test_many_undo_steps(tree):
    states = [tree.dumps()]
    for step in range(70):
        kind = step % 7
        if kind == 0:
            tree.set_probability("abd"[step % 3], (step % 10) / 10)
        elif kind == 1:
            tree.set_payoff("x", step, actor="putin" if step % 2 else "west")
        elif kind == 2:
            tree.rename("p1", f"P1 v{step}")
        elif kind == 3:
            tree.add_child("r", f"n{step}", f"New {step}", "chance")
        elif kind == 4:
            tree.remove(f"n{step - 1}")
        elif kind == 5:
            tree.set_kind("x", "decision" if tree.node("x").kind == "chance" else "chance")
        else:
            tree.set_notes("r", f"note {step}")
        states.append(tree.dumps())
        if step % 5 == 0:
            assert_same_evaluation(tree)
    for state in reversed(states[:-1]):
        assert tree.undo() is True
        assert tree.dumps() == state
    assert tree.undo() is False
    for state in states[1:]:
        assert tree.redo() is True
        assert tree.dumps() == state
    assert_same_evaluation(tree)


# -- evaluation stays right after every kind of edit --------------------------------------------


def test_evaluation_tracks_mixed_numeric_and_structural_edits(tree):
    sequence = [
        lambda: tree.set_probability("a", 0.1),  # numeric
        lambda: tree.add_child("c", "e", "E", probability=0.5, payoff={"west": 50}),  # structural
        lambda: tree.set_payoff("e", {"west": -50}),  # numeric after structural
        lambda: tree.set_probability("e", 0.9),
        lambda: tree.remove("a"),  # structural after numeric
        lambda: tree.set_payoff("p1", {"west": 20, "putin": 5}),
        lambda: tree.set_actor("p", "west"),
        lambda: tree.set_payoff("p2", {"west": 30}),
        lambda: tree.set_kind("c", "decision"),
        lambda: tree.set_payoff("b", 100),
        lambda: tree.set_kind("c", "chance"),
        lambda: tree.set_probability("b", 0.05),
        lambda: tree.rename("b", "Bee"),
        lambda: tree.undo(),
        lambda: tree.undo(),
        lambda: tree.set_payoff("x", 1000),
        lambda: tree.redo(),
        lambda: tree.undo(),
        lambda: tree.undo(),
        lambda: tree.undo(),
        lambda: tree.set_kind("c", "chance"),
        lambda: tree.set_probability("d", 0.7),
        lambda: tree.set_payoff("d", {"putin": 9}),
        lambda: tree.undo(),
        lambda: tree.undo(),
        lambda: tree.undo(),
        lambda: tree.redo(),
    ]
    for number, edit in enumerate(sequence):
        edit()
        if number % 3 != 2:  # sometimes let several edits pile up before evaluating
            assert_same_evaluation(tree)
    assert_same_evaluation(tree)


def test_every_edit_keeps_chance_nodes_summing_to_one(tree):
    for edit in EDITS.values():
        fresh = loads(TREE)
        edit(fresh)
        assert all(total == pytest.approx(1.0, abs=1e-9) for total in chance_sums(fresh).values())


def test_edits_on_article_tree_match_a_reload():
    tree = scenario_tree.default_tree()
    tree.set_probability("guarantees_credible", 0.9)
    assert_same_evaluation(tree)
    assert tree.evaluate().best["guarantees_weak"] == "hold_weak"
    tree.set_payoff("pay_price", 5, actor="west")
    assert_same_evaluation(tree)
    assert tree.evaluate().best["price_for_talks"] == "pay_price"
    tree.remove("containment")
    assert_same_evaluation(tree)
    tree.set_probability("stall_spiral", 0.0)
    assert_same_evaluation(tree)


def test_unknown_id_suggests_close_ids(tree):
    with pytest.raises(EditError) as caught:
        tree.node("p_1")
    assert "did you mean" in str(caught.value)
    assert "'p1'" in str(caught.value)
    with pytest.raises(EditError) as caught:
        tree.set_payoff("zzzzzz", 1)
    assert "did you mean" not in str(caught.value)
