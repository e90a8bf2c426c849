"""A shared uncertainty as one variable: its distribution anywhere in the tree, and the tree conditioned on news."""

from __future__ import annotations

import numpy as np
import pytest

from scenario_tree import loads
from scenario_tree.analysis import AnalysisError
from scenario_tree.analysis.shared import beliefs, conditioned, prior, variable_of, variables

from .shared_trees import TREATMENT, wildcatter


def test_the_wildcatter_oil_is_one_variable_with_its_prior_at_the_root():
    tree = wildcatter()
    compiled = tree.evaluate().compiled
    [oil] = variables(tree, compiled)
    assert (oil.name, oil.states, oil.shared) == ("oil_state", ["dry", "wet", "soaking"], True)
    assert [node.id for node in oil.nodes] == ["drill", "ns_drill", "os_drill", "cs_drill"]
    assert prior(compiled, compiled.probability, oil) == pytest.approx([0.5, 0.3, 0.2], abs=1e-12)
    found = beliefs(compiled, compiled.probability, oil)
    # after "no structure": P(dry, ns) = 0.5·0.6 = 0.30, wet 0.3·0.3 = 0.09, soaking 0.2·0.1 = 0.02, of 0.41
    ns = compiled.row[tree.node("ns_decision")]
    assert found[ns] == pytest.approx([0.30 / 0.41, 0.09 / 0.41, 0.02 / 0.41], abs=1e-12)
    # the test's chance node averages its results' posteriors back to the prior
    assert found[compiled.row[tree.node("test")]] == pytest.approx([0.5, 0.3, 0.2], abs=1e-12)


def test_knowing_the_oil_conditions_every_oil_node_and_the_test_result_above_them():
    tree = wildcatter()
    compiled = tree.evaluate().compiled
    oil = variable_of(tree, compiled, tree.node("os_drill"))
    given = conditioned(compiled, compiled.probability, oil, np.eye(3))
    dry = given[:, 0]
    for node in ("dry", "ns_dry", "os_dry", "cs_dry"):
        assert dry[compiled.row[tree.node(node)]] == pytest.approx(1, abs=1e-12)
    # given dry, the soundings follow the likelihoods P(result | dry): 0.6, 0.3, 0.1
    results = [compiled.row[tree.node(node)] for node in ("ns_decision", "os_decision", "cs_decision")]
    assert dry[results] == pytest.approx([0.6, 0.3, 0.1], abs=1e-12)
    assert given[results, 2] == pytest.approx([0.1, 0.4, 0.5], abs=1e-12)


def test_a_lone_chance_node_is_a_variable_of_its_own():
    tree = wildcatter()
    compiled = tree.evaluate().compiled
    result = variable_of(tree, compiled, tree.node("test"))
    assert (result.name, result.shared) == ("test", False)
    assert result.states == ["No structure", "Open structure", "Closed structure"]
    assert prior(compiled, compiled.probability, result) == pytest.approx([0.41, 0.35, 0.24], abs=1e-12)
    with pytest.raises(AnalysisError, match="is a decision node, expected a chance node"):
        variable_of(tree, compiled, tree.node("no_test"))


def test_options_of_a_decision_that_disagree_about_the_state_are_an_error():
    tree = loads(TREATMENT.replace("probability: 0.8, payoff: 100", "probability: 0.7, payoff: 100")
                 .replace("{id: wait_sick, label: Sick, kind: outcome, probability: 0.2",
                          "{id: wait_sick, label: Sick, kind: outcome, probability: 0.3"))
    compiled = tree.evaluate().compiled
    [sick] = variables(tree, compiled)
    with pytest.raises(AnalysisError) as caught:
        prior(compiled, compiled.probability, sick)
    assert str(caught.value).startswith(
        "uncertainty 'sick': its probabilities differ between the options of ScenarioNode('/act'): "
        "{'Sick': 0.2, 'Well': 0.8} under 'treat', {'Sick': 0.3, 'Well': 0.7} under 'wait'")
