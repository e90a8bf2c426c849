"""Risk attitude: exponential utilities, certainty equivalents of whole paths, and the rules of ``utility:``.

The threshold is worked out by hand: the tree below is the 50-50 gamble "win 200 or lose 100"
(stake 100 on entering, then 300 or 0 back) against declining (0). With ``u(x) = 1 - exp(-x/R)``
on the total payoff of a path, the gamble is worth as much as declining when

    0.5·(1 - exp(-200/R)) + 0.5·(1 - exp(100/R)) = 1 - exp(0)
    <=> exp(-200/R) + exp(100/R) = 2.

With ``y = exp(-100/R)`` in (0, 1): ``y² + 1/y = 2``, i.e. ``y³ - 2y + 1 = (y - 1)(y² + y - 1) = 0``,
whose root in (0, 1) is ``y = (√5 - 1)/2 = 1/φ``. So ``R* = 100 / ln φ`` (about 207.81): below it
declining is better, above it the gamble.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from scenario_tree import EditError, ScenarioFileError, loads
from scenario_tree.files import dumps
from scenario_tree.model.evaluate import first_best, naive_values
from scenario_tree.model.nodes import payoff_vector, resolved_probabilities
from scenario_tree.model.utility import certainty_equivalent, expected_utility, risk_tolerances
from tests.random_trees import random_tree

GOLDEN = (1 + math.sqrt(5)) / 2
THRESHOLD = 100 / math.log(GOLDEN)

GAMBLE = """\
format: scenario-tree/1
title: Gamble
actors: [investor, bank]
parameters:
  tolerance: 300
utility:
  investor: {exponential: {risk_tolerance: tolerance}}
root:
  id: choice
  label: Take the gamble?
  kind: decision
  actor: investor
  payoff: 1000
  children:
    - id: take
      label: Stake 100
      kind: chance
      payoff: {investor: -100, bank: 100}
      children:
        - {id: heads, label: Heads, kind: outcome, probability: 0.5, payoff: {investor: 300, bank: -300}}
        - {id: tails, label: Tails, kind: outcome, probability: 0.5, payoff: 0}
    - {id: decline, label: Decline, kind: outcome, payoff: 0}
"""


def gamble(tolerance: float):
    tree = loads(GAMBLE)
    tree.set_parameter("tolerance", tolerance)
    return tree


def indifference(tolerance: float) -> float:
    """Expected utility of the gamble minus that of declining (the sign says which is chosen)."""
    return 0.5 * math.exp(-200 / tolerance) + 0.5 * math.exp(100 / tolerance) - 2 * 0.5 * 1.0


def test_the_hand_threshold_solves_the_indifference_equation():
    low, high = 50.0, 1000.0  # an independent check of the closed form: bisection of the equation itself
    for _ in range(200):
        middle = (low + high) / 2
        low, high = (middle, high) if indifference(middle) > 0 else (low, middle)
    assert low == pytest.approx(THRESHOLD, rel=1e-12)


@pytest.mark.parametrize(("tolerance", "best"), [(THRESHOLD * 0.999, "decline"), (THRESHOLD * 1.001, "take"),
                                                 (100.0, "decline"), (1e6, "take")])
def test_the_best_choice_flips_at_the_hand_computed_tolerance(tolerance, best):
    evaluation = gamble(tolerance).evaluate()
    assert evaluation.best["choice"] == best
    assert evaluation.value["take"]["investor"] == pytest.approx(-100 + 0.5 * 300)  # expected values stay


def test_at_the_threshold_the_gamble_is_worth_nothing_for_sure():
    evaluation = gamble(THRESHOLD).evaluate()
    assert evaluation.certainty_equivalent["take"]["investor"] == pytest.approx(0.0, abs=1e-9)
    assert evaluation.certainty_equivalent["choice"]["investor"] == pytest.approx(1000.0, abs=1e-9)


def test_certainty_equivalent_is_of_the_path_total_not_per_node():
    tolerance = 300.0
    evaluation = gamble(tolerance).evaluate()
    # the lottery over the totals below 'take': -100 + 300 or -100 + 0
    expected = -tolerance * math.log(0.5 * math.exp(-200 / tolerance) + 0.5 * math.exp(100 / tolerance))
    assert evaluation.certainty_equivalent["take"]["investor"] == pytest.approx(expected, rel=1e-12)
    per_node = -100 - tolerance * math.log(0.5 * math.exp(-300 / tolerance) + 0.5)  # the same, by the delta property
    assert expected == pytest.approx(per_node, rel=1e-12)
    assert evaluation.expected_utility["take"]["investor"] == pytest.approx(1 - math.exp(-expected / tolerance))


def test_a_linear_actor_has_its_expected_value_as_certainty_equivalent():
    evaluation = gamble(1e6).evaluate()
    for node_id in ("choice", "take", "heads", "decline"):
        assert evaluation.certainty_equivalent[node_id]["bank"] == evaluation.value[node_id]["bank"]
        assert evaluation.expected_utility[node_id]["bank"] == evaluation.value[node_id]["bank"]
    assert evaluation.risk_averse == ["investor"]


def test_a_large_tolerance_approaches_the_expected_value():
    evaluation = gamble(1e15).evaluate()
    assert evaluation.certainty_equivalent["take"]["investor"] == pytest.approx(50.0, abs=1e-9)


def test_a_tiny_tolerance_is_the_worst_case_without_overflow():
    evaluation = gamble(1e-3).evaluate()  # exp(100 / 1e-3) overflows a float: the fold must not
    assert evaluation.certainty_equivalent["take"]["investor"] == pytest.approx(-100.0 - 1e-3 * math.log(0.5))
    assert evaluation.best["choice"] == "decline"


def test_a_zero_probability_branch_does_not_count():
    tree = loads(GAMBLE.replace("probability: 0.5, payoff: {investor: 300", "probability: 1, payoff: {investor: 300")
                 .replace("Tails, kind: outcome, probability: 0.5", "Tails, kind: outcome, probability: 0"))
    tree.set_parameter("tolerance", 1e-3)
    assert tree.evaluate().certainty_equivalent["take"]["investor"] == pytest.approx(200.0)


def test_compiled_pass_agrees_with_recursion_over_the_totals():
    tree = loads(DEEP)
    evaluation = tree.evaluate()
    tolerance = 40.0
    # every path's total payoff and probability, enumerated by hand from DEEP
    good = [(0.3 * 0.6, 5 + 10 + 20), (0.3 * 0.4, 5 + 10 - 30), (0.7, 5 - 8)]
    expected = -tolerance * math.log(sum(p * math.exp(-total / tolerance) for p, total in good))
    assert evaluation.certainty_equivalent["start"]["firm"] == pytest.approx(expected, rel=1e-12)
    assert naive_values(tree.root, tree.actors, tree.parameter_values())[0] == pytest.approx(
        evaluation.value["start"]["firm"])


DEEP = """\
format: scenario-tree/1
title: Deep
actors: [firm]
utility: {firm: {exponential: {risk_tolerance: 40}}}
root:
  id: start
  label: Start
  kind: chance
  payoff: 5
  children:
    - id: up
      label: Up
      kind: chance
      probability: 0.3
      payoff: 10
      children:
        - {id: up_up, label: Up up, kind: outcome, probability: 0.6, payoff: 20}
        - {id: up_down, label: Up down, kind: outcome, probability: 0.4, payoff: -30}
    - {id: down, label: Down, kind: outcome, probability: 0.7, payoff: -8}
"""


def test_utility_functions_are_inverse():
    tolerance = np.array([50.0, np.inf])
    amounts = np.array([[-20.0, 7.0], [30.0, -3.0]])
    back = certainty_equivalent(expected_utility(amounts, tolerance), tolerance)
    assert np.allclose(back, amounts, rtol=1e-12)
    assert expected_utility(np.array([50.0]), np.array([50.0]))[0] == pytest.approx(1 - math.exp(-1))


def test_an_edit_may_not_make_a_tolerance_non_positive():
    tree = gamble(300)
    with pytest.raises(EditError, match="risk_tolerance: 'tolerance' is -1, expected a positive number"):
        tree.set_parameter("tolerance", -1)
    assert tree.parameter_values()["tolerance"] == 300


def test_risk_tolerances_follow_parameters_and_default_to_linear():
    utility = {"b": {"exponential": {"risk_tolerance": "r * 2"}}, "c": "linear"}
    assert risk_tolerances(utility, ["a", "b", "c"], {"r": 5}).tolist() == [math.inf, 10.0, math.inf]
    swept = risk_tolerances(utility, ["a", "b"], {"r": np.array([1.0, 2.0, 3.0])})
    assert swept.shape == (2, 3) and swept[1].tolist() == [2.0, 4.0, 6.0]


def test_utility_round_trips():
    tree = loads(GAMBLE)
    again = loads(dumps(tree))
    assert again.utility == {"investor": {"exponential": {"risk_tolerance": "tolerance"}}}
    assert loads(dumps(tree, "json")).utility == tree.utility


@pytest.mark.parametrize(("change", "line", "expected"), [
    ("investor: {exponential", "unknown actor 'investr'", "investr: {exponential"),
    ("risk_tolerance: tolerance", "risk_tolerance: -5", "found -5, expected a positive number"),
    ("risk_tolerance: tolerance", "risk_tolerance: 0", "found 0, expected a positive number"),
    ("risk_tolerance: tolerance", "risk_tolerance: 'tolerance - 400'", "'tolerance - 400' is -100, expected a"),
    ("risk_tolerance: tolerance", "risk_tolerance: nope", "unknown name 'nope'"),
])
def test_bad_utilities_are_errors_naming_file_line_and_key(change, line, expected):
    old, new = (change, line) if "risk" in change else (change, expected)
    text = GAMBLE.replace(old, new)
    with pytest.raises(ScenarioFileError) as caught:
        loads(text, file="gamble.yaml")
    message = str(caught.value)
    assert message.startswith("gamble.yaml:7: utility")  # the line of the actor's entry
    if "risk" in change:
        assert "utility: investor.exponential.risk_tolerance" in message and expected in message
    else:
        assert "utility" in message and "unknown actor 'investr'" in message


@pytest.mark.parametrize("spec", ["{exponential: {}}", "{exponential: {risk_tolerance: 5}, extra: 1}", "quadratic"])
def test_the_schema_refuses_other_shapes(spec):
    with pytest.raises(ScenarioFileError, match="gamble.yaml:.*utility"):
        loads(GAMBLE.replace("{exponential: {risk_tolerance: tolerance}}", spec), file="gamble.yaml")


def reference(node, actors, values, tolerance):
    """Plain recursion over one node: (expected values, certainty equivalents) per actor, decisions by CE.

    Written from the definitions, not from the compiled pass: a chance node's CE is its payoff plus
    ``-R ln Σ p exp(-c/R)`` over its children's CEs (shifted by the least, only to stay finite).
    """
    own = payoff_vector(node.payoff, actors, values)
    if not node.children:
        return own, list(own)
    results = [reference(child, actors, values, tolerance) for child in node.children]
    if node.kind == "decision":
        decider = actors.index(node.actor) if node.actor in actors else 0
        expected, sure = results[first_best([sure[decider] for _, sure in results])]
        return [a + b for a, b in zip(own, expected)], [a + b for a, b in zip(own, sure)]
    weights = resolved_probabilities(node, values)
    expected = [sum(w * result[0][a] for w, result in zip(weights, results)) for a in range(len(actors))]
    sure = []
    for a, scale in enumerate(tolerance):
        if math.isinf(scale):
            sure.append(expected[a])
            continue
        low = min(result[1][a] for w, result in zip(weights, results) if w > 0)
        total = sum(w * math.exp(-(result[1][a] - low) / scale) for w, result in zip(weights, results) if w > 0)
        sure.append(low - scale * math.log(total))
    return [a + b for a, b in zip(own, expected)], [a + b for a, b in zip(own, sure)]


@pytest.mark.parametrize("seed", range(0, 120, 3))
def test_random_utility_trees_agree_with_recursion_from_the_definitions(seed):
    tree = random_tree(seed)
    evaluation = tree.evaluate()
    values = tree.parameter_values()
    tolerance = risk_tolerances(tree.utility, tree.actors, values).tolist()
    for node in [tree.root, *tree.root.children]:
        expected, sure = reference(node, tree.actors, values, tolerance)
        assert [evaluation.value[node.id][actor] for actor in tree.actors] == pytest.approx(expected, rel=1e-9,
                                                                                             abs=1e-9)
        assert [evaluation.certainty_equivalent[node.id][actor] for actor in tree.actors] == pytest.approx(
            sure, rel=1e-9, abs=1e-9)
