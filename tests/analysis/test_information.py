"""The expected value of perfect information, against published values and brute force."""

from __future__ import annotations

import itertools
import json
import math
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scenario_tree import ScenarioNode, ScenarioTree, loads
from scenario_tree.analysis import (
    AnalysisError,
    evpi,
)

from .shared_trees import treatment, wildcatter


def test_evpi_of_the_movie_contract(movie):
    # knowing the box office first: small → TV 900,000; medium → 995,000; large → 2,995,000
    clairvoyant = 0.3 * 900_000 + 0.6 * 995_000 + 0.1 * 2_995_000
    result = evpi(movie)
    assert result.actor == "author"
    assert result.value == pytest.approx(955_000)
    assert result.value_with_perfect_information == pytest.approx(clairvoyant)
    assert result.evpi == pytest.approx(211_500, abs=1e-6)
    assert result.evpi == pytest.approx(clairvoyant - 955_000, abs=1e-6)
    assert result.nodes == {"movie_company": pytest.approx(211_500, abs=1e-6)}
    assert json.loads(json.dumps(result.to_dict()))["evpi"] == pytest.approx(211_500, abs=1e-6)


def test_evpi_of_texaco_pennzoil(texaco):
    # clairvoyant: accepts 5 (0.17); first court 10.3 (0.1), 5 (0.25), 0 → take the $2B instead (0.15);
    # counteroffer 3B then court 10.3 (0.066), 5 (0.165), 0 → accept the 3B (0.099)
    clairvoyant = 0.17 * 5 + 0.1 * 10.3 + 0.25 * 5 + 0.15 * 2 + 0.066 * 10.3 + 0.165 * 5 + 0.099 * 3
    assert clairvoyant == pytest.approx(5.2318, abs=1e-12)
    result = evpi(texaco)
    assert result.value_with_perfect_information == pytest.approx(5.2318, abs=1e-9)
    assert result.evpi == pytest.approx(5.2318 - 4.6348, abs=1e-9)
    # one node at a time: Texaco's reaction or the first court alone never change a choice (the worst
    # case, no award, still leaves 0.85 + 0 + 0.33·4.56 = 2.3548 > 2); the second court's verdict known
    # before deciding on the $3B turns the 0 (0.3) into 3: 0.33·0.3·3 = 0.297
    assert result.nodes == {"texaco_reaction": pytest.approx(0, abs=1e-12),
                               "court_refused": pytest.approx(0, abs=1e-12),
                               "court_counter": pytest.approx(0.33 * 0.3 * 3, abs=1e-12)}


def test_evpi_of_a_chance_node_that_every_decision_already_sees_is_zero():
    tree = loads("""
format: scenario-tree/1
root:
  id: market
  label: Market
  kind: chance
  children:
    - id: up
      label: Up
      kind: decision
      probability: 0.6
      children:
        - {id: up_buy, label: Buy, kind: outcome, payoff: 10}
        - {id: up_wait, label: Wait, kind: outcome, payoff: 0}
    - id: down
      label: Down
      kind: decision
      probability: 0.4
      children:
        - {id: down_buy, label: Buy, kind: outcome, payoff: -10}
        - {id: down_wait, label: Wait, kind: outcome, payoff: 0}
""")
    result = evpi(tree)
    assert result.value == pytest.approx(0.6 * 10 + 0.4 * 0)
    assert result.evpi == pytest.approx(0, abs=1e-12)
    assert result.nodes == {"market": pytest.approx(0, abs=1e-12)}


def test_evpi_actor_must_be_known(texaco):
    with pytest.raises(AnalysisError, match="unknown actor"):
        evpi(texaco, actor="texaco")


def random_single_actor_tree(seed: int) -> ScenarioTree:
    """A small random tree (at most 6 chance nodes) for brute-force checks."""
    rng = random.Random(seed)
    counter = itertools.count()
    chances = [0]

    def build(node: ScenarioNode, depth: int) -> None:
        if depth >= 4 or (depth > 0 and rng.random() < 0.3):
            node.payoff = rng.randint(-10, 10)
            return
        kind = rng.choice(["decision", "chance"])
        if kind == "chance" and chances[0] >= 6:
            kind = "decision"
        chances[0] += kind == "chance"
        node.kind = kind
        node.payoff = rng.randint(-3, 3) if rng.random() < 0.3 else None
        count = rng.randint(2, 3)
        weights = [rng.randint(1, 9) for _ in range(count)]
        for index in range(count):
            child = ScenarioNode(f"n{next(counter)}", "node", "outcome", parent=node,
                                 probability=weights[index] / sum(weights) if kind == "chance" else None)
            build(child, depth + 1)

    root = ScenarioNode(f"n{next(counter)}", "root", "outcome")
    build(root, 0)
    return ScenarioTree(root, {"format": "scenario-tree/1", "title": f"random {seed}"})


def brute_force_value(node: ScenarioNode, known: dict[ScenarioNode, ScenarioNode]) -> float:
    """Backward induction where the chance nodes in ``known`` go to the given branch for certain."""
    own = float(node.payoff or 0)
    if node.kind == "outcome":
        return own
    if node.kind == "decision":
        return own + max(brute_force_value(child, known) for child in node.children)
    if node in known:
        return own + brute_force_value(known[node], known)
    return own + math.fsum(child.probability * brute_force_value(child, known) for child in node.children)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**9))
def test_evpi_matches_brute_force_and_is_never_negative(seed):
    tree = random_single_actor_tree(seed)
    chances = [node for node in tree.nodes() if node.kind == "chance"]
    base = brute_force_value(tree.root, {})
    # every chance outcome known before any decision: enumerate all joint outcomes
    clairvoyant = 0.0
    for picks in itertools.product(*[node.children for node in chances]):
        weight = math.prod(child.probability for child in picks)
        clairvoyant += weight * brute_force_value(tree.root, dict(zip(chances, picks)))
    result = evpi(tree)
    assert result.value == pytest.approx(base, abs=1e-9)
    assert result.evpi == pytest.approx(clairvoyant - base, abs=1e-9)
    assert result.evpi >= -1e-9
    assert set(result.nodes) == {node.id for node in chances}
    for node in chances:
        alone = math.fsum(child.probability * brute_force_value(tree.root, {node: child}) for child in node.children)
        assert result.nodes[node.id] == pytest.approx(alone - base, abs=1e-9)
        assert -1e-9 <= result.nodes[node.id] <= result.evpi + 1e-9


def test_evpi_of_the_oil_wildcatter_reveals_the_oil_once():
    # the textbook figure: knowing the oil, drill only if wet or soaking: 0.3·50 + 0.2·200 = 55 (and no
    # test); folding back, the test is worth 22.5 (0 after ns; 11.5 after os; 21 after cs; less 10)
    tree = wildcatter()
    result = evpi(tree)
    assert result.value == pytest.approx(22.5, abs=1e-9)
    assert result.value_with_perfect_information == pytest.approx(55, abs=1e-9)
    assert result.evpi == pytest.approx(32.5, abs=1e-9)
    assert result.uncertainties == {"oil_state": pytest.approx(32.5, abs=1e-9)}
    for node in ("drill", "ns_drill", "os_drill", "cs_drill"):  # knowing any oil node's outcome is knowing the oil
        assert result.nodes[node] == pytest.approx(32.5, abs=1e-9)
    assert json.loads(json.dumps(result.to_dict()))["uncertainties"] == {"oil_state": pytest.approx(32.5)}


def test_evpi_of_the_oil_wildcatter_without_the_key_treats_the_oil_nodes_as_independent():
    # four independent lotteries: the no-test oil X (values 0, 50, 200 after the drill choice) and, under the
    # test, an oil Y drawn afresh (marginally the prior), less the cost: a clairvoyant takes max(X, Y - 10):
    # X = 0: 0.5·0 + 0.3·40 + 0.2·190 = 50; X = 50: 0.5·50 + 0.3·50 + 0.2·190 = 78; X = 200: 200
    clairvoyant = 0.5 * 50 + 0.3 * 78 + 0.2 * 200
    assert clairvoyant == pytest.approx(88.4, abs=1e-12)
    result = evpi(wildcatter(shared=False))
    assert result.value_with_perfect_information == pytest.approx(88.4, abs=1e-9)
    assert result.evpi == pytest.approx(65.9, abs=1e-9)
    assert result.uncertainties == {}


def test_evpi_of_a_shared_state_matches_brute_force_on_the_treatment_choice():
    # knowing the state: sick → treat 90; well → wait 100: 0.2·90 + 0.8·100 = 98; now wait 80
    result = evpi(treatment())
    assert (result.value, result.value_with_perfect_information) == (pytest.approx(80), pytest.approx(98))
    assert result.nodes == {"treat": pytest.approx(18), "wait": pytest.approx(18)}
    # as independent lotteries the clairvoyant picks the better of two draws: E max(T, W) with
    # T ∈ {90 (0.2), 70 (0.8)}, W ∈ {100 (0.8), 0 (0.2)}: 0.8·100 + 0.2·(0.2·90 + 0.8·70) = 94.8
    assert evpi(treatment(shared=False)).value_with_perfect_information == pytest.approx(94.8, abs=1e-9)


def with_shared_uncertainty(seed: int) -> tuple[ScenarioTree, list[ScenarioNode], list[float]] | None:
    """A random tree whose chance nodes with as many branches as the first one (none below another) share 'g'.

    Every group node gets the same probabilities (so no chance node above tells anything about the state);
    ``None`` when the tree has fewer than two such nodes.
    """
    tree = random_single_actor_tree(seed)
    chances = [node for node in tree.nodes() if node.kind == "chance"]
    if not chances:
        return None
    count = len(chances[0].children)
    group: list[ScenarioNode] = []
    for node in chances:  # preorder; a path meets the uncertainty once, so none below another
        if len(node.children) == count and not any(other in group for other in node.ancestors):
            group.append(node)
    if len(group) < 2:
        return None
    rng = random.Random(seed)
    weights = [rng.randint(1, 9) for _ in range(count)]
    shares = [weight / sum(weights) for weight in weights]
    for node in group:
        node.uncertainty = "g"
        for index, child in enumerate(node.children):
            child.state, child.probability = f"s{index}", shares[index]
    return loads(tree.dumps()), group, shares  # written and read again: the group obeys the file's rules


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**9))
def test_evpi_of_a_shared_uncertainty_matches_brute_force(seed):
    made = with_shared_uncertainty(seed)
    if made is None:
        return
    tree, group, shares = made
    group = [tree.node(node.id) for node in group]
    others = [node for node in tree.nodes() if node.kind == "chance" and node.uncertainty is None]
    base = brute_force_value(tree.root, {})
    revealed, clairvoyant = 0.0, 0.0
    for index, share in enumerate(shares):
        state = {node: node.children[index] for node in group}
        revealed += share * brute_force_value(tree.root, state)
        for picks in itertools.product(*[node.children for node in others]):
            weight = share * math.prod(child.probability for child in picks)
            clairvoyant += weight * brute_force_value(tree.root, {**state, **dict(zip(others, picks))})
    result = evpi(tree)
    assert result.uncertainties["g"] == pytest.approx(revealed - base, abs=1e-9)
    assert all(result.nodes[node.id] == result.uncertainties["g"] for node in group)
    assert result.value_with_perfect_information == pytest.approx(clairvoyant, abs=1e-9)
