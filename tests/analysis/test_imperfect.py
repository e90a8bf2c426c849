"""The expected value of imperfect information: against folding back a tree with the test in it, and by hand."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scenario_tree.analysis import AnalysisError, evii, evpi
from scenario_tree.analysis.imperfect import binary_likelihoods

from .shared_trees import SEISMIC, treatment, wildcatter
from .test_information import brute_force_value, with_shared_uncertainty


def test_evii_of_the_seismic_test_equals_the_test_branch_folded_back():
    full = wildcatter()
    folded = full.evaluate()
    test_branch = folded.value["test"]["wildcatter"]  # the test branch folded back: 22.5, its cost of 10 paid
    no_test = folded.value["no_test"]["wildcatter"]  # 20
    assert (test_branch, no_test) == (pytest.approx(22.5), pytest.approx(20))
    # The comparison: on the tree without its test branch (the wildcatter deciding on the prior alone), the
    # seismic test imagined free and revealed before the decision is worth what the tree with the test in
    # it says, folded back: the test branch's value plus the cost it paid, less the value of not testing.
    alone = wildcatter()
    alone.remove("test")
    result = evii(alone, "drill", likelihoods=SEISMIC)
    assert result.value == pytest.approx(no_test, abs=1e-9)
    assert result.value_with_information == pytest.approx(test_branch + 10, abs=1e-9)
    assert result.evii == pytest.approx(test_branch + 10 - no_test, abs=1e-9)
    assert result.evii == pytest.approx(12.5, abs=1e-9)
    # the signals are the soundings: P(ns) = 0.41 (then don't drill), P(os) = 0.35, P(cs) = 0.24
    assert result.signals == {"ns": {"probability": pytest.approx(0.41), "value": pytest.approx(0, abs=1e-9)},
                              "os": {"probability": pytest.approx(0.35), "value": pytest.approx(11.5 / 0.35)},
                              "cs": {"probability": pytest.approx(0.24), "value": pytest.approx(21 / 0.24)}}


def test_evii_on_the_whole_wildcatter_tests_every_oil_node_at_once():
    # revealed before the first choice, a free sounding makes the paid one worthless: given ns, drilling
    # after a second sounding is worth 1.25 (only after cs: 0.03·-70 + 0.027·50 + 0.01·200, of P(ns) 0.41)
    # less 10 < 0; given os, 14.4 / 0.35 - 10 = 31.1 < 32.9 for drilling now; given cs, 87.5 - 10 < 87.5.
    # So the value is again 0.41·0 + 11.5 + 21 = 32.5, against 22.5 now.
    result = evii(wildcatter(), "cs_drill", likelihoods=SEISMIC)
    assert result.uncertainty == "oil_state"
    assert result.value_with_information == pytest.approx(32.5, abs=1e-9)
    assert result.evii == pytest.approx(32.5 - 22.5, abs=1e-9)
    assert json.loads(json.dumps(result.to_dict()))["evii"] == pytest.approx(10)


def test_evii_by_hand_with_sensitivity_and_specificity():
    # P(sick) = 0.2; sensitivity 0.9, specificity 0.8. P(+) = 0.2·0.9 + 0.8·0.2 = 0.34: treat (0.18·90 +
    # 0.16·70 = 27.4 against wait 0.16·100 = 16); P(-) = 0.66: wait (0.64·100 = 64 against treat
    # 0.02·90 + 0.64·70 = 46.6). With the test 27.4 + 64 = 91.4; now wait, 80.
    result = evii(treatment(), "wait", sensitivity=0.9, specificity=0.8, positive="Sick")
    assert result.likelihoods == {"positive": {"Sick": 0.9, "Well": pytest.approx(0.2)},
                                  "negative": {"Sick": pytest.approx(0.1), "Well": 0.8}}
    assert result.signals["positive"] == {"probability": pytest.approx(0.34), "value": pytest.approx(27.4 / 0.34)}
    assert result.value_with_information == pytest.approx(91.4, abs=1e-9)
    assert result.evii == pytest.approx(11.4, abs=1e-9)
    assert [row["signal"] for row in result.rows()] == ["positive", "negative"]


def test_a_perfect_test_is_worth_the_evpi_and_a_blind_one_nothing():
    tree = treatment()
    assert evii(tree, "treat", sensitivity=1, specificity=1).evii == pytest.approx(evpi(tree).nodes["treat"])
    assert evii(tree, "treat", sensitivity=0.5, specificity=0.5).evii == pytest.approx(0, abs=1e-12)
    oil = wildcatter()
    perfect = {state: {other: float(state == other) for other in ("dry", "wet", "soaking")}
               for state in ("dry", "wet", "soaking")}
    assert evii(oil, "drill", likelihoods=perfect).evii == pytest.approx(32.5, abs=1e-9)


def test_a_lone_chance_node_is_tested_alone():
    # a free look at the soundings' result before choosing: the same as that node's EVPI (12.3)
    table = {"seen": {"No structure": 1, "Open structure": 0, "Closed structure": 0},
             "not seen": {"No structure": 0, "Open structure": 1, "Closed structure": 1}}
    result = evii(wildcatter(), "test", likelihoods=table)
    assert result.uncertainty is None
    assert result.evii == pytest.approx(evpi(wildcatter()).nodes["test"], abs=1e-9)


@pytest.mark.parametrize(("arguments", "message"), [
    ({}, "give a sensitivity and a specificity, or a likelihood table"),
    ({"sensitivity": 0.9}, "give a sensitivity and a specificity"),
    ({"sensitivity": 0.9, "specificity": 0.8, "likelihoods": SEISMIC}, "not both"),
    ({"sensitivity": 1.2, "specificity": 0.8}, "sensitivity: found 1.2, expected a finite number in [0, 1]"),
    ({"sensitivity": 0.9, "specificity": 0.8, "positive": "Oily"}, "unknown state 'Oily'"),
    ({"likelihoods": {"a": {"dry": 0.5, "wet": 1, "soaking": 1}}}, "state 'dry': the probabilities of the signals "
                                                                   "sum to 0.5, expected 1"),
    ({"likelihoods": {"a": {"Damp": 1}}}, "signal 'a': unknown state 'Damp' of 'oil_state'"),
    ({"likelihoods": {"a": 1}}, "signal 'a': found 1, expected {state: probability}"),
    ({"likelihoods": {}}, "the likelihood table must map each signal"),
])
def test_bad_tests_are_clear_errors(arguments, message):
    with pytest.raises(AnalysisError) as caught:
        evii(wildcatter(), "drill", **arguments)
    assert message in str(caught.value)


def test_only_chance_nodes_can_be_tested():
    with pytest.raises(AnalysisError, match="is an outcome node, expected a chance node"):
        evii(wildcatter(), "dry", sensitivity=0.9, specificity=0.9)


def test_binary_likelihoods_of_a_positive_negative_test():
    assert binary_likelihoods(["a", "b", "c"], 0.7, 0.6, "b") == {
        "positive": {"a": pytest.approx(0.4), "b": 0.7, "c": pytest.approx(0.4)},
        "negative": {"a": 0.6, "b": pytest.approx(0.3), "c": 0.6}}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**9), st.lists(st.integers(0, 9), min_size=6, max_size=6))
def test_evii_matches_brute_force_on_random_trees(seed, counts):
    made = with_shared_uncertainty(seed)
    if made is None:
        return
    tree, group, shares = made
    group = [tree.node(node.id) for node in group]
    states = [f"s{index}" for index in range(len(shares))]
    # two signals: "a" with P(a | s_i) = (counts[i] + 1) / 11, "b" the rest
    table = {"a": {state: (counts[index] + 1) / 11 for index, state in enumerate(states)}}
    table["b"] = {state: 1 - table["a"][state] for state in states}
    base = brute_force_value(tree.root, {})
    with_test = 0.0
    for signal in table:
        joint = [share * table[signal][state] for share, state in zip(shares, states)]
        for node in group:  # every node of the group at the posterior given the signal
            for child, chance in zip(node.children, joint):
                child.probability = chance / sum(joint)
        with_test += sum(joint) * brute_force_value(tree.root, {})
    for node in group:
        for child, share in zip(node.children, shares):
            child.probability = share
    result = evii(tree, group[-1].id, likelihoods=table)
    assert result.value == pytest.approx(base, abs=1e-9)
    assert result.value_with_information == pytest.approx(with_test, abs=1e-9)
    assert -1e-9 <= result.evii <= evpi(tree).uncertainties["g"] + 1e-9
