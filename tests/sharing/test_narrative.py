"""Path narratives and the recommended path in words, checked by hand on Texaco-Pennzoil and the article.

Texaco-Pennzoil (Clemen, *Making Hard Decisions*): going to court is worth 0.2 x 10.3 + 0.5 x 5 +
0.3 x 0 = 4.56; the $5B counteroffer 0.17 x 5 + 0.5 x 4.56 + 0.33 x 4.56 = 4.6348 (published 4.63),
more than the $2B offer; if Texaco counteroffers $3B, refusing (4.56) beats accepting (3).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import scenario_tree
from scenario_tree.sharing.narrative import likely_outcomes, number, path_narrative, path_steps, recommended_path
from tests.trees import SMALL

TEXACO = Path(__file__).resolve().parents[2] / "examples" / "texaco_pennzoil.scenario.yaml"
CHOICE = """
format: scenario-tree/1
title: Choice
actors: [firm, rival]
root:
  id: pick
  label: Pick
  kind: decision
  actor: rival
  children:
    - {id: left, label: Left, kind: outcome, payoff: {firm: 9, rival: 2}}
    - {id: right, label: Right, kind: outcome, payoff: {firm: -9, rival: 2}}
"""


@pytest.fixture(scope="module")
def texaco() -> scenario_tree.ScenarioTree:
    return scenario_tree.load(TEXACO)


def test_the_recommended_path_of_texaco_in_words(texaco):
    assert recommended_path(texaco) == [
        "Pennzoil's best choice is “Counteroffer $5 billion” (value 4.63 for Pennzoil), because it is worth more "
        "to Pennzoil than “Accept $2 billion” (2).",
        "If “Texaco counteroffers $3B” follows (p = 0.33), Pennzoil then chooses “Refuse $3B (court)” (value 4.56 "
        "for Pennzoil), because it is worth more to Pennzoil than “Accept $3B” (3).",
    ]


def test_the_narrative_of_the_counteroffer_lists_the_likeliest_outcomes_and_sums_the_rest(texaco):
    # refused then $5B: 0.5 x 0.5 = 0.25; accepted: 0.17; $3B refused then $5B: 0.33 x 0.5 = 0.165;
    # the rest: 0.5 x 0.3 + 0.5 x 0.2 + 0.33 x 0.3 + 0.33 x 0.2 = 0.15 + 0.1 + 0.099 + 0.066 = 0.415
    assert path_narrative(texaco, "texaco_reaction") == (
        "If Pennzoil chooses “Counteroffer $5 billion” (the best choice), the likely outcomes are "
        "“Court award: $5B” after “Texaco refuses (court)” (p = 0.25), “Texaco accepts $5B” (p = 0.17) and "
        "“Court award: $5B” after “Refuse $3B (court)” (p = 0.165), and 4 less likely ones (p = 0.415 together).")


def test_a_narrative_at_a_decision_says_what_its_actor_then_chooses(texaco):
    assert path_narrative(texaco, "counter_3b") == (
        "If Pennzoil chooses “Counteroffer $5 billion”, “Texaco counteroffers $3B” follows (p = 0.33) and "
        "Pennzoil then chooses “Refuse $3B (court)” (the best choice), the likely outcomes are “Court award: $5B” "
        "(p = 0.5), “Court award: $0” (p = 0.3) and “Court award: $10.3B” (p = 0.2).")


def test_a_narrative_of_an_option_not_chosen_and_of_an_outcome(texaco):
    assert path_narrative(texaco, "accept_3b") == (
        "If Pennzoil chooses “Counteroffer $5 billion”, “Texaco counteroffers $3B” follows (p = 0.33) and "
        "Pennzoil then chooses “Accept $3B”, the outcome is “Accept $3B”.")
    assert path_narrative(texaco, "refused_award_zero") == (
        "If Pennzoil chooses “Counteroffer $5 billion”, “Texaco refuses (court)” follows (p = 0.5) and "
        "“Court award: $0” follows (p = 0.3), the outcome is “Court award: $0”.")


def test_a_narrative_can_name_every_outcome(texaco):
    said = path_narrative(texaco, "court_refused", shown=10)
    assert said.endswith("“Court award: $5B” (p = 0.5), “Court award: $0” (p = 0.3) and “Court award: $10.3B” "
                         "(p = 0.2).")
    assert "less likely" not in said


def test_later_decisions_are_each_actors_own_best_choice():
    tree = scenario_tree.default_tree()
    sentences = recommended_path(tree)
    # negotiate_exit is worth 0.75 x 4 + 0.25 x 3 = 3.75 to Putin; stalling 0.6 x 2 + 0.15 x 1 + 0.25 x -8 = -0.65
    assert sentences[1] == (
        "If “Guarantees credible: Putin's move” follows (p = 0.4), Putin then chooses “Negotiate exit under "
        "guarantees” (value 3.75 for Putin), because it is worth more to Putin than “Stall: keep US as 'safe "
        "enemy'” (-0.65).")
    assert sentences[0].startswith("West's best choice is “Deal: guarantees for a soft transition” (value 0.43 "
                                   "for West), because it is worth more to West than “Cold War containment")


def test_path_steps_name_each_actor_and_say_then_after_the_first_choice():
    tree = scenario_tree.default_tree()
    steps = path_steps(tree, tree.node("negotiate_exit"), tree.evaluate())
    assert steps == ["West chooses “Deal: guarantees for a soft transition”",
                     "“Guarantees credible: Putin's move” follows (p = 0.4)",
                     "Putin then chooses “Negotiate exit under guarantees”"]


def test_likely_outcomes_add_up_to_one_below_every_node():
    tree = scenario_tree.default_tree()
    evaluation = tree.evaluate()
    for node in tree.nodes():
        found = likely_outcomes(tree, node.id, evaluation)
        assert math.isclose(sum(each.probability for each in found), 1.0), node
        reached = evaluation.policy_probability[node.id]
        if reached > 0:  # on the policy, the probabilities given the node are the policy's, rescaled
            for each in found:
                assert math.isclose(each.probability, evaluation.policy_probability[each.node.id] / reached)


def test_a_tie_says_so_and_a_single_option_is_the_only_one():
    tied = scenario_tree.loads(CHOICE)
    assert recommended_path(tied) == [
        "Rival's best choice is “Left” (value 2 for Rival), because it ties with “Right” (2) for Rival, "
        "and a tie goes to the first option."]
    single = scenario_tree.loads(CHOICE.replace(
        "    - {id: right, label: Right, kind: outcome, payoff: {firm: -9, rival: 2}}\n", ""))
    assert recommended_path(single) == [
        "Rival's best choice is “Left” (value 2 for Rival), because it is the only option."]


def test_a_tree_without_a_decision_says_so():
    chance = scenario_tree.loads(SMALL)
    assert recommended_path(chance) == ["There is no choice to make.",
                                        "The likely outcomes are “A” (p = 0.5) and “B” (p = 0.5)."]


def test_many_options_are_counted_after_three():
    options = "\n".join(f"    - {{id: o{index}, label: O{index}, kind: outcome, payoff: {index}}}"
                        for index in range(6))
    tree = scenario_tree.loads(f"""
format: scenario-tree/1
title: Many
root:
  id: pick
  label: Pick
  kind: decision
  children:
{options}
""")
    assert recommended_path(tree) == [
        "Value's best choice is “O5” (value 5 for Value), because it is worth more to Value than “O4” (4), “O3” (3), "
        "“O2” (2) or 2 other options."]


@pytest.mark.parametrize("value, shown", [(0.415, "0.415"), (4.6348, "4.63"), (1e-4, "0.0001"), (2.0, "2"),
                                          (123456.0, "123,000"), (-0.65, "-0.65")])
def test_numbers_have_three_significant_digits(value, shown):
    assert number(value) == shown
