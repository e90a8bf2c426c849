"""Bayes reversal of two chance levels, by hand, with numbers and expressions."""

from __future__ import annotations

import math

import pytest

from scenario_tree import ScenarioTree, loads
from scenario_tree.analysis import (
    AnalysisError,
    bayes_reversal,
    one_way,
)

DISEASE = """
format: scenario-tree/1
title: Screening
root:
  id: disease
  label: Disease?
  kind: chance
  children:
    - id: sick
      label: Disease
      kind: chance
      probability: 0.01
      children:
        - {id: sick_pos, label: Positive, kind: outcome, probability: 0.95, payoff: 100}
        - {id: sick_neg, label: Negative, kind: outcome, probability: 0.05, payoff: -50}
    - id: healthy
      label: No disease
      kind: chance
      probability: 0.99
      children:
        - {id: healthy_pos, label: Positive, kind: outcome, probability: 0.05, payoff: -10}
        - {id: healthy_neg, label: Negative, kind: outcome, probability: "#", payoff: 1}
"""

DISEASE_PARAMETERS = (DISEASE.replace("title: Screening", "parameters: {prevalence: 0.01, sensitivity: 0.95, "
                                                         "false_positive: 0.05}")
                      .replace("probability: 0.01", "probability: prevalence")
                      .replace("probability: 0.99", "probability: 1 - prevalence")
                      .replace("probability: 0.95", "probability: sensitivity")
                      .replace("probability: 0.05, payoff: -50", "probability: 1 - sensitivity, payoff: -50")
                      .replace("probability: 0.05, payoff: -10", "probability: false_positive, payoff: -10"))

# P(pos) = P(pos|d)P(d) + P(pos|no d)P(no d) = 0.95·0.01 + 0.05·0.99 = 0.0095 + 0.0495 = 0.059
P_POSITIVE = 0.95 * 0.01 + 0.05 * 0.99
# root value: 0.0095·100 + 0.0005·(−50) + 0.0495·(−10) + 0.9405·1 = 0.95 − 0.025 − 0.495 + 0.9405 = 1.3705
DISEASE_VALUE = 0.01 * 0.95 * 100 + 0.01 * 0.05 * -50 + 0.99 * 0.05 * -10 + 0.99 * 0.95 * 1


def reversed_probabilities(tree: ScenarioTree) -> dict[tuple[str, str], float]:
    """``{(test label, disease label): probability}`` and ``{(test label, ""): probability}``."""
    evaluation = tree.evaluate()
    found = {}
    for middle in tree.root.children:
        found[(middle.label, "")] = evaluation.probability[middle.id]
        for branch in middle.children:
            found[(middle.label, branch.label)] = evaluation.probability[branch.id]
    return found


def test_bayes_reversal_by_hand():
    tree = loads(DISEASE)
    turned = bayes_reversal(tree, "disease")
    assert [middle.label for middle in turned.root.children] == ["Positive", "Negative"]
    assert all(middle.kind == "chance" for middle in turned.root.children)
    probabilities = reversed_probabilities(turned)
    assert probabilities[("Positive", "")] == pytest.approx(0.059, abs=1e-15)
    assert probabilities[("Negative", "")] == pytest.approx(1 - 0.059, abs=1e-15)
    assert probabilities[("Positive", "Disease")] == pytest.approx(0.0095 / 0.059, abs=1e-15)  # P(d|pos) ≈ 0.161
    assert probabilities[("Positive", "No disease")] == pytest.approx(0.0495 / 0.059, abs=1e-15)
    assert probabilities[("Negative", "Disease")] == pytest.approx(0.01 * 0.05 / (1 - P_POSITIVE), abs=1e-15)
    # each (disease, test) outcome keeps its payoff and sits under its test result
    assert turned.node("sick_pos").parent.label == "Positive" and turned.node("sick_pos").payoff == 100
    assert turned.node("healthy_neg").parent.label == "Negative" and turned.node("healthy_neg").payoff == 1
    assert turned.node("sick_neg").label == "Disease"


def test_bayes_reversal_keeps_the_value_and_the_original():
    tree = loads(DISEASE)
    before = tree.dumps()
    turned = bayes_reversal(tree, "disease")
    assert math.isclose(DISEASE_VALUE, 1.3705, abs_tol=1e-12)
    assert turned.evaluate().root_value["value"] == pytest.approx(DISEASE_VALUE, abs=1e-12)
    assert tree.evaluate().root_value["value"] == pytest.approx(DISEASE_VALUE, abs=1e-12)
    assert tree.dumps() == before
    loads(turned.dumps())  # a valid file
    # reversing back gives the original probabilities
    again = reversed_probabilities(bayes_reversal(turned, "disease"))
    assert again[("Disease", "")] == pytest.approx(0.01, abs=1e-12)
    assert again[("Disease", "Positive")] == pytest.approx(0.95, abs=1e-12)
    assert again[("No disease", "Positive")] == pytest.approx(0.05, abs=1e-12)


def test_bayes_reversal_of_expressions_gives_expressions():
    tree = loads(DISEASE_PARAMETERS)
    assert tree.evaluate().root_value["value"] == pytest.approx(DISEASE_VALUE, abs=1e-12)
    turned = bayes_reversal(tree, "disease")
    for middle in turned.root.children:
        assert isinstance(middle.probability, str)
        assert all(isinstance(branch.probability, str) for branch in middle.children)
    probabilities = reversed_probabilities(turned)
    assert probabilities[("Positive", "")] == pytest.approx(P_POSITIVE, abs=1e-15)
    assert probabilities[("Positive", "Disease")] == pytest.approx(0.0095 / 0.059, abs=1e-15)
    assert turned.evaluate().root_value["value"] == pytest.approx(DISEASE_VALUE, abs=1e-12)
    # the expressions follow the parameters: prevalence 0.1 gives P(pos) = 0.95·0.1 + 0.05·0.9 = 0.14
    turned.set_parameter("prevalence", 0.1)
    probabilities = reversed_probabilities(turned)
    assert probabilities[("Positive", "")] == pytest.approx(0.14, abs=1e-15)
    assert probabilities[("Positive", "Disease")] == pytest.approx(0.095 / 0.14, abs=1e-15)
    assert probabilities[("Negative", "Disease")] == pytest.approx(0.1 * 0.05 / 0.86, abs=1e-15)


def test_bayes_reversal_refuses_what_it_cannot_reverse(movie, texaco):
    swapped = DISEASE.replace("{id: healthy_pos, label: Positive", "{id: healthy_pos, label: Negativ")
    with pytest.raises(AnalysisError, match="same labels"):
        bayes_reversal(loads(swapped), "disease")
    with pytest.raises(AnalysisError, match="needs a chance node"):
        bayes_reversal(movie, "contract")
    with pytest.raises(AnalysisError, match="must be a chance node"):
        bayes_reversal(texaco, "texaco_reaction")


def test_bayes_reversal_with_a_result_that_never_happens():
    """A test that is always positive: P(negative) = 0, so P(disease | negative) is 0/0. The reversed
    tree must still be a valid tree (the unreachable branch still summing to 1) with the same value."""
    certain = (DISEASE.replace("probability: 0.95", "probability: 1").replace("probability: 0.05, payoff: -50",
                                                                                "probability: 0, payoff: -50")
               .replace("probability: 0.05, payoff: -10", "probability: 1, payoff: -10"))
    tree = loads(certain)
    turned = bayes_reversal(tree, "disease")
    # value: 0.01·100 + 0.99·(−10) = 1 − 9.9 = −8.9
    assert turned.evaluate().root_value["value"] == pytest.approx(0.01 * 100 + 0.99 * -10, abs=1e-12)
    assert reversed_probabilities(turned)[("Positive", "")] == pytest.approx(1)


def test_a_low_high_branch_beside_a_remainder_reverses_with_its_value():
    """A ``{low, high}`` branch with a ``#`` sibling used to put a Python dict into the written expression."""
    ranged = DISEASE.replace("probability: 0.95, payoff: 100", "probability: {low: 0.9, high: 1.0}, payoff: 100") \
                    .replace("probability: 0.05, payoff: -50", 'probability: "#", payoff: -50')
    tree = loads(ranged)
    turned = bayes_reversal(tree, "disease")
    loads(turned.dumps())  # a valid file
    assert turned.evaluate().root_value["value"] == pytest.approx(DISEASE_VALUE, abs=1e-12)  # the range's value 0.95
    assert reversed_probabilities(turned)[("Positive", "Disease")] == pytest.approx(0.0095 / 0.059, abs=1e-15)


# A test that is never positive for the healthy (no false positives) and a prevalence that can be 0:
# then nobody tests positive, and P(disease | positive) is 0/0.
PERFECT = (DISEASE_PARAMETERS.replace("prevalence: 0.01", "prevalence: {value: 0.01, low: 0, high: 0.1}")
           .replace("false_positive: 0.05", "false_positive: 0"))


def test_a_symbolic_signal_of_probability_zero_keeps_the_prior():
    """The numeric reversal keeps the prior where a result never happens; the symbolic one divided by zero."""
    tree = loads(PERFECT.replace("{value: 0.01, low: 0, high: 0.1}", "0"))
    turned = bayes_reversal(tree, "disease")
    probabilities = reversed_probabilities(loads(turned.dumps()))
    assert probabilities[("Positive", "")] == 0
    assert probabilities[("Positive", "Disease")] == 0  # the prior: prevalence 0
    assert probabilities[("Positive", "No disease")] == 1
    assert turned.evaluate().root_value == pytest.approx(tree.evaluate().root_value, abs=1e-15)


def test_a_reversed_tree_sweeps_like_the_original():
    """Reversal keeps the value for every prevalence, down to the declared low of 0 where the reversed
    tree divided by P(positive) = 0."""
    tree = loads(PERFECT)
    turned = bayes_reversal(tree, "disease")
    original, flipped = one_way(tree, "prevalence"), one_way(turned, "prevalence")
    assert flipped.values.tolist() == original.values.tolist() and original.values[0] == 0
    assert flipped.root_values["value"] == pytest.approx(original.root_values["value"], abs=1e-12)
    assert flipped.note == ""  # nothing clipped
