"""The outline syntax of ``%%scenario``: kinds, probabilities, payoffs, actors, ids, comments and errors."""

from __future__ import annotations

import pytest

from scenario_tree import ScenarioFileError, ScenarioTree
from scenario_tree.files.outline import parse_outline

LAUNCH = """
title: Should we launch?
actors: firm, rival
? Launch decision @firm          # ? decision (@actor: whose payoff it maximises)
  * Launch now                   # * chance node
    - Strong demand [0.5] = firm: 10, rival: -3
    - Rival copies us [#] = firm: -4, rival: 5     # [#] takes the remainder
  - Drop the idea {drop} = 0
"""


def test_an_outline_builds_the_tree_it_says():
    tree = parse_outline(LAUNCH, factory=ScenarioTree)
    assert isinstance(tree, ScenarioTree)
    assert (tree.title, tree.actors) == ("Should we launch?", ["firm", "rival"])
    assert [(node.id, node.kind) for node in tree.nodes()] == [
        ("launch_decision", "decision"), ("launch_now", "chance"), ("strong_demand", "outcome"),
        ("rival_copies_us", "outcome"), ("drop", "outcome")]
    assert tree.node("launch_decision").actor == "firm"
    assert tree.node("strong_demand").probability == 0.5 and tree.node("rival_copies_us").probability == "#"
    assert tree.node("strong_demand").payoff == {"firm": 10, "rival": -3}
    # the firm launches: 0.5 * 10 + 0.5 * -4 = 3 > 0
    assert tree.evaluate().best["launch_decision"] == "launch_now"
    assert tree.evaluate().root_value == {"firm": pytest.approx(3), "rival": pytest.approx(1)}


def test_the_same_label_twice_gets_unique_ids():
    tree = parse_outline("* Coin\n  - Same [0.5] = 1\n  - Same [#] = 0\n")
    assert [child.id for child in tree.root.children] == ["same", "same_2"]


@pytest.mark.parametrize("text, line, message", [
    ("? Go\n  - Yes = lots\n", 2, "payoff: found 'lots', expected a number"),
    ("? Go\n  Yes = 1\n", 2, "expected '? decision', '* chance' or '- outcome'"),
    ("- One = 1\n- Two = 2\n", 2, "a second root"),
    ("* Coin\n  - Heads [x] = 1\n", 2, "missing; every branch of a chance node needs a probability"),
])
def test_problems_name_the_line(text, line, message):
    with pytest.raises(ScenarioFileError) as caught:
        parse_outline(text, file="cell")
    problem = caught.value.problems[0]
    assert (problem.file, problem.line) == ("cell", line) and message in problem.message


def test_an_empty_outline_says_what_to_write():
    with pytest.raises(ScenarioFileError, match="no nodes: write at least one line"):
        parse_outline("# only a comment\n")


def test_the_tree_is_checked_like_a_file_with_the_outlines_lines():
    with pytest.raises(ScenarioFileError) as caught:
        parse_outline("# a coin\n* Coin\n  - Heads [0.3] = 1\n  - Tails [0.4] = 0\n", file="cell")
    assert str(caught.value) == "cell:2: /coin: children: probabilities sum to 0.7, expected 1"
