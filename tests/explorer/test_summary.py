"""The summary line: the tree's value per actor, the choice at the root, and any choice an edit flipped."""

from __future__ import annotations

import pytest

import scenario_tree
from scenario_tree.explorer import Explorer
from scenario_tree.explorer.summary import actor_name, flips, policy_choices, summary_html

pytestmark = pytest.mark.exe  # the explorer draws with Graphviz


def test_actor_names_read_as_words():
    assert [actor_name(actor) for actor in ("west", "russian_society", "value")] == ["West", "Russian society", "Value"]


def test_the_summary_gives_each_actors_value_and_the_roots_choice():
    tree = scenario_tree.default_tree()
    text = summary_html(tree, [])
    for actor, value in tree.evaluate().root_value.items():
        assert f"{actor_name(actor)} <b>{value:.3g}</b>" in text
    assert "West chooses <b>Deal: guarantees for a soft transition</b>" in text


def test_a_flip_is_said_and_highlighted_until_the_next_edit():
    explorer = Explorer(scenario_tree.default_tree())
    assert "st-flipped" not in explorer._summary._dom_classes
    explorer.set_payoff("stable_standoff", 9, actor="west")  # containment becomes West's best
    assert "st-flipped" in explorer._summary._dom_classes
    assert ("West now prefers “Cold War containment, clear parameters” over “Deal: guarantees for a soft "
            "transition”") in explorer._summary.value
    explorer.select("containment")  # looking keeps the news
    assert "now prefers" in explorer._summary.value
    explorer.set_payoff("stable_standoff", 10, actor="west")  # an edit that flips nothing clears it
    assert "now prefers" not in explorer._summary.value and "st-flipped" not in explorer._summary._dom_classes


def test_flips_only_count_decisions_the_policy_reaches():
    tree = scenario_tree.default_tree()
    before = policy_choices(tree)
    assert set(before) == {"dialogue", "guarantees_credible", "guarantees_weak"}
    tree.set_probability("guarantees_credible", 0.39)  # no choice changes
    assert flips(tree, before, policy_choices(tree)) == []
