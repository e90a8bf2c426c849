"""Backward induction semantics on small hand-built trees, and trees hundreds of levels deep."""

from __future__ import annotations

import json
import random
from fractions import Fraction

import numpy as np
import pytest

from scenario_tree import ScenarioFileError, ScenarioNode, ScenarioTree, loads
from scenario_tree.files import MAX_DEPTH
from scenario_tree.model.evaluate import backward_batch
from tests.trees import CHANCE, GAME, MIXED

# -- small trees --------------------------------------------------------------------------------


def test_chance_value_is_own_payoff_plus_weighted_mean():
    evaluation = loads(CHANCE).evaluate()
    assert evaluation.value["c"]["west"] == pytest.approx(1 + 0.2 * 10 + 0.8 * -5)
    assert evaluation.value["c"]["putin"] == pytest.approx(-1 + 0.2 * 5 + 0.8 * 0)
    assert evaluation.best["c"] is None
    assert evaluation.policy == {}


def test_decision_picks_by_its_own_actor_subgame_perfect():
    evaluation = loads(GAME).evaluate()
    assert evaluation.best["engage"] == "exploit"
    assert evaluation.value["engage"] == {"west": -5.0, "putin": 1.0}
    assert evaluation.best["west_move"] == "stay_out"
    assert evaluation.root_value == {"west": 2.0, "putin": 0.0}
    assert evaluation.policy == {"west_move": "stay_out", "engage": "exploit"}


def test_maximising_west_everywhere_would_differ():
    # The same game with Putin's node given to west: now engage/concede is best for west.
    tree = loads(GAME)
    tree.set_actor("engage", "west")
    evaluation = tree.evaluate()
    assert evaluation.best["engage"] == "concede"
    assert evaluation.best["west_move"] == "engage"
    assert evaluation.root_value == {"west": 10.0, "putin": 0.0}


def test_forced_choices_are_taken_in_every_sample_whatever_the_values():
    """A policy held fixed: the decisions take the given rows, even where another option is worth more."""
    tree = loads(GAME)
    compiled = tree.evaluate().compiled
    rows = {node.id: row for row, node in enumerate(compiled.nodes)}
    forced = np.full(len(compiled.nodes), -1)
    forced[rows["west_move"]], forced[rows["engage"]] = rows["engage"], rows["concede"]
    # two samples: the tree's payoffs, then concede's payoff for west raised from 10 to 20
    payoff = np.repeat(compiled.payoff[:, None, :], 2, axis=1)
    payoff[rows["concede"], 1, 0] = 20
    probability = np.repeat(compiled.probability[:, None], 2, axis=1)
    values, best = backward_batch(compiled, probability, payoff, forced)
    assert values[0, :, 0].tolist() == [10, 20]  # west gets concede's payoff: Putin is made to concede
    assert values[0, :, 1].tolist() == [0, 0]
    assert best[rows["engage"]].tolist() == [rows["concede"]] * 2
    assert best[rows["west_move"]].tolist() == [rows["engage"]] * 2
    chosen_values, chosen = backward_batch(compiled, probability, payoff)
    assert chosen_values[0, :, 0].tolist() == [2, 2]  # left to choose, Putin exploits and west stays out
    assert chosen[rows["west_move"]].tolist() == [rows["stay_out"]] * 2


def test_decision_without_actor_maximises_first_actor():
    text = GAME.replace("      actor: putin\n", "")
    evaluation = loads(text).evaluate()
    assert evaluation.best["engage"] == "concede"


def test_decision_adds_its_own_payoff():
    text = GAME.replace("  actor: west\n  children:", "  actor: west\n  payoff: {west: 3, putin: 7}\n  children:", 1)
    evaluation = loads(text).evaluate()
    assert evaluation.root_value == {"west": 5.0, "putin": 7.0}


def test_plain_number_payoff_belongs_to_first_actor():
    text = CHANCE.replace("payoff: {west: -5}", "payoff: -5")
    evaluation = loads(text).evaluate()
    assert evaluation.value["b"] == {"west": -5.0, "putin": 0.0}


TWO_OPTIONS = """
format: scenario-tree/1
root: {id: d, label: D, kind: decision, children: [
  {id: x, label: X, kind: outcome, payoff: 1},
  {id: y, label: Y, kind: outcome, payoff: 2}]}
"""


def test_single_actor_default_name():
    tree = loads(TWO_OPTIONS)
    evaluation = tree.evaluate()
    assert tree.actors == ["value"]
    assert evaluation.root_value == {"value": 2.0}
    assert evaluation.best["d"] == "y"


@pytest.mark.parametrize("second", ["1", "1.0000000000001"])
def test_ties_go_to_first_child(second):
    tree = loads(f"""
format: scenario-tree/1
actors: [west, putin]
root:
  id: d
  label: Tie
  kind: decision
  actor: west
  children:
    - {{id: first, label: First, kind: outcome, payoff: {{west: 1, putin: -3}}}}
    - {{id: second, label: Second, kind: outcome, payoff: {{west: {second}, putin: 9}}}}
    - {{id: third, label: Third, kind: outcome, payoff: {{west: 0, putin: 99}}}}
""")
    evaluation = tree.evaluate()
    assert evaluation.best["d"] == "first"
    assert evaluation.root_value["putin"] == -3.0
    assert evaluation.policy_probability["second"] == 0.0


def test_path_and_policy_probabilities():
    evaluation = loads(MIXED).evaluate()
    # gamble: 0.25 * 8 + 0.75 * fork; Putin picks fork_b (3 > 1), worth 0 to west -> 2 > safe 1.
    assert evaluation.best["fork"] == "fork_b"
    assert evaluation.best["top"] == "gamble"
    assert evaluation.root_value["west"] == pytest.approx(2.0)
    assert evaluation.root_value["putin"] == pytest.approx(0.75 * 3)
    path = evaluation.path_probability
    assert path["top"] == 1.0
    assert path["gamble"] == 1.0 and path["safe"] == 1.0  # decisions count as taken
    assert path["good"] == pytest.approx(0.25)
    assert path["fork"] == pytest.approx(0.75)
    assert path["fork_a"] == pytest.approx(0.75) and path["fork_b"] == pytest.approx(0.75)
    policy = evaluation.policy_probability
    assert policy["safe"] == 0.0
    assert policy["fork_a"] == 0.0
    assert policy["fork_b"] == pytest.approx(0.75)
    assert policy["good"] == pytest.approx(0.25)
    assert policy["gamble"] == 1.0


def test_probability_mapping_resolves_remainder_and_root_has_none():
    evaluation = loads(MIXED).evaluate()
    assert evaluation.probability["top"] is None
    assert evaluation.probability["gamble"] is None  # a branch of a decision
    assert evaluation.probability["fork"] == pytest.approx(0.75)


def test_two_remainder_siblings_share_the_rest():
    tree = loads("""
format: scenario-tree/1
root:
  id: c
  label: C
  kind: chance
  children:
    - {id: a, label: A, kind: outcome, probability: 0.4, payoff: 1}
    - {id: b, label: B, kind: outcome, probability: "#", payoff: 2}
    - {id: d, label: D, kind: outcome, probability: "#", payoff: 4}
""")
    evaluation = tree.evaluate()
    assert evaluation.probability["b"] == pytest.approx(0.3)
    assert evaluation.probability["d"] == pytest.approx(0.3)
    assert evaluation.root_value["value"] == pytest.approx(0.4 + 0.6 + 1.2)
    assert tree.node("b").probability == "#"


def test_tags_total_policy_probability_of_outcomes():
    tags = loads(MIXED).evaluate().tags()
    # Only outcomes count (gamble's own "risky" tag does not); off-policy outcomes count 0.
    assert tags == {
        "win": pytest.approx(0.25),
        "risky": pytest.approx(0.25),
        "loss": pytest.approx(0.75),
    }


def test_outcomes_sorted_by_policy_probability():
    evaluation = loads(MIXED).evaluate()
    outcomes = evaluation.outcomes()
    assert {outcome["id"] for outcome in outcomes} == {"good", "fork_a", "fork_b", "safe"}
    probabilities = [outcome["policy_probability"] for outcome in outcomes]
    assert probabilities == sorted(probabilities, reverse=True)
    assert outcomes[0]["id"] == "fork_b"
    first = outcomes[0]
    assert first["path"] == "/top/gamble/fork/fork_b"
    assert first["label"] == "Fork B"
    assert first["tags"] == ["loss"]
    assert first["value"] == {"west": 0.0, "putin": 3.0}
    assert first["path_probability"] == pytest.approx(0.75)


def test_to_dict_shape():
    tree = loads(MIXED)
    data = tree.evaluate().to_dict()
    assert set(data) == {"title", "actors", "root", "value", "policy", "nodes", "outcomes", "tags"}
    assert data["root"] == "top"
    assert data["actors"] == ["west", "putin"]
    assert data["title"] == "Top decision"  # no title in the file: the root's label
    assert set(data["nodes"]) == {node.id for node in tree.nodes()}
    for node_id, entry in data["nodes"].items():
        assert set(entry) == {"path", "kind", "label", "probability", "path_probability",
                              "policy_probability", "value", "best"}, node_id
    assert data["nodes"]["fork"]["path"] == "/top/gamble/fork"
    assert data["nodes"]["fork"]["best"] == "fork_b"
    assert data["nodes"]["top"]["probability"] is None
    assert json.loads(json.dumps(data)) == data


# -- deep trees ---------------------------------------------------------------------------------

Q = 0.01  # the probability of stopping at each level


def chain_json(levels: int, q: float = Q) -> str:
    """A chain of chance nodes: each stops (outcome, payoff 1, probability q) or goes on."""
    head, tail = ['{"format": "scenario-tree/1", "root": '], []
    for level in range(levels - 1):
        p = f', "probability": {1 - q!r}' if level else ""
        head.append(f'{{"id": "c{level}", "label": "Level {level}", "kind": "chance"{p}, "children": ['
                    f'{{"id": "stop{level}", "label": "Stop", "kind": "outcome", '
                    f'"probability": {q!r}, "payoff": 1}}, ')
        tail.append("]}")
    head.append(f'{{"id": "c{levels - 1}", "label": "End", "kind": "outcome", "probability": {1 - q!r}}}')
    return "".join(head) + "".join(reversed(tail)) + "}\n"


def chain_yaml(levels: int, q: float = Q) -> str:
    """The same chain in block-style YAML (indentation grows with depth)."""
    lines = ["format: scenario-tree/1", "root:"]
    indent = "  "
    for level in range(levels - 1):
        first = f"{indent}id: c{level}" if level == 0 else f"{indent[:-2]}- id: c{level}"
        lines += [first, f"{indent}label: Level {level}", f"{indent}kind: chance"]
        if level:
            lines.append(f"{indent}probability: {1 - q!r}")
        lines += [f"{indent}children:",
                  f"{indent}  - {{id: stop{level}, label: Stop, kind: outcome, probability: {q!r}, payoff: 1}}"]
        indent += "    "
    lines += [f"{indent[:-2]}- id: c{levels - 1}", f"{indent}label: End", f"{indent}kind: outcome",
              f"{indent}probability: {1 - q!r}"]
    return "\n".join(lines) + "\n"


def closed_form(levels: int, q: float = Q) -> float:
    # sum over the levels 0 .. levels-2 of q (1-q)^k = 1 - (1-q)^(levels-1)
    return 1 - (1 - q) ** (levels - 1)


def check_chain(tree, levels: int, q: float = Q) -> None:
    assert len(tree) == 2 * levels - 1
    evaluation = tree.evaluate()
    assert evaluation.root_value["value"] == pytest.approx(closed_form(levels, q), rel=1e-9)
    for level in (1, levels // 2, levels - 2):
        assert evaluation.value[f"c{level}"]["value"] == pytest.approx(closed_form(levels - level, q), rel=1e-9)
    last = f"c{levels - 1}"
    assert evaluation.path_probability[last] == pytest.approx((1 - q) ** (levels - 1), rel=1e-9)
    assert evaluation.value[last]["value"] == 0.0
    assert sum(o["path_probability"] for o in evaluation.outcomes()) == pytest.approx(1.0)


def test_chain_400_levels_yaml():
    tree = loads(chain_yaml(400), file="deep400.yaml")
    check_chain(tree, 400)


def test_chain_1500_levels_json():
    tree = loads(chain_json(1500), file="deep1500.json")
    check_chain(tree, 1500)


def test_deep_chain_round_trips():
    tree = loads(chain_json(400))
    again = loads(tree.dumps("yaml"))
    assert again.to_dict() == tree.to_dict()
    check_chain(again, 400)


def test_deeper_than_max_depth_is_a_file_error():
    with pytest.raises(ScenarioFileError) as caught:
        loads(chain_json(MAX_DEPTH + 1), file="too_deep.json")
    message = str(caught.value)
    assert "too_deep.json" in message
    assert str(MAX_DEPTH) in message
    assert "deep" in message
    assert not isinstance(caught.value.__cause__, RecursionError)


def test_deep_tree_built_by_edits():
    levels = 1200
    tree = loads("""
format: scenario-tree/1
root: {id: c0, label: Level 0, kind: chance, children: [
  {id: stop0, label: Stop, kind: outcome, probability: 1, payoff: 1}]}
""")
    for level in range(1, levels):
        kind = "outcome" if level == levels - 1 else "chance"
        tree.add_child(f"c{level - 1}", f"c{level}", f"Level {level}", kind, probability=1 - Q)
        if kind == "chance":
            tree.add_child(f"c{level}", f"stop{level}", "Stop", probability=1.0, payoff=1)
            tree.remove(f"c{level}_1")  # the branch a new chance node starts with
    assert tree.node("stop0").probability == pytest.approx(Q)
    check_chain(tree, levels)
    values = tree.evaluate().value
    assert values["c0"]["value"] == pytest.approx(closed_form(levels), rel=1e-9)


# -- the same numbers everywhere ------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(20))
def test_compiled_and_recursive_evaluation_agree_to_the_last_bit(seed):
    """Chance nodes add ``p·v`` in child order in both, and both use one tie rule, so even games full
    of exact ties give identical numbers and choices."""
    from scenario_tree.model.evaluate import naive_values
    from tests.analysis.random_games import random_game

    tree = random_game(seed)
    evaluation = tree.evaluate()
    values = tree.parameter_values()
    for node in tree.nodes():
        assert list(evaluation.value[node.id].values()) == naive_values(node, tree.actors, values), node


# -- the tie rule ----------------------------------------------------------------------------------


def tie_at(amounts, probability):
    """A decision between an outcome worth exactly ``p·a + q·b`` and a chance node computing it in floats."""
    a, b = amounts
    q = 1.0 - probability  # what '#' resolves to
    exact = float(Fraction(probability) * Fraction(a) + Fraction(q) * Fraction(b))  # correctly rounded
    root = ScenarioNode("d", "Decide", "decision")
    ScenarioNode("exact", "Exact", "outcome", payoff=exact, parent=root)
    gamble = ScenarioNode("gamble", "Gamble", "chance", parent=root)
    ScenarioNode("high", "High", "outcome", probability=probability, payoff=a, parent=gamble)
    ScenarioNode("low", "Low", "outcome", probability="#", payoff=b, parent=gamble)
    return ScenarioTree(root)


def test_exact_ties_at_payoffs_of_1e8_go_to_the_first_child():
    """Mathematically equal options whose float values differ by rounding (an ulp at 1e8 is 1.5e-8)
    are a tie, and a tie goes to the first child; an absolute tolerance of 1e-9 broke some of them."""
    rng = random.Random(8)
    rounded = 0
    for _ in range(300):
        tree = tie_at((rng.randint(1, 9) * 1e8 + rng.randint(0, 99), rng.randint(1, 9) * 1e8), rng.randint(1, 99) / 100)
        evaluation = tree.evaluate()
        rounded += evaluation.value["gamble"]["value"] != evaluation.value["exact"]["value"]
        assert evaluation.best["d"] == "exact"
    assert rounded >= 30  # the rounding is real: many of the chance values are off by an ulp


def test_options_5e_10_apart_are_not_a_tie():
    tree = loads(TWO_OPTIONS.replace("payoff: 2", "payoff: 1.0000000005"))
    assert tree.evaluate().best["d"] == "y"


@pytest.mark.parametrize("seed", range(5))
def test_choose_picks_what_first_best_picks_for_every_decision_and_sample(seed):
    """``choose`` (options one position at a time, decisions with 1-5 options, samples as a trailing
    dimension) against :func:`first_best` applied to each decision's own list of values."""
    import numpy as np

    from scenario_tree.model.evaluate import choose, first_best

    rng = np.random.default_rng(seed)
    counts = rng.integers(1, 6, size=40)
    values = np.round(rng.normal(size=(40, 5, 3)) * 4) / 2  # halves: many exact ties
    values[7, 0, :] = np.nan  # no option ties with NaN: the first is chosen
    parents = [np.flatnonzero(counts > position) for position in range(5)]
    keys = [values[having, position] for position, having in enumerate(parents)]
    children = [100 * having + position for position, having in enumerate(parents)]
    chosen = choose(keys, parents, children)
    for decision, count in enumerate(counts):
        for sample in range(3):
            options = values[decision, :count, sample].tolist()
            expected = 0 if np.isnan(options).any() else first_best(options)
            assert chosen[decision, sample] == 100 * decision + expected, (decision, sample, options)
