"""Gambit export: an extensive-form game of perfect information with exact numbers.

The structure is checked on the text itself; ``pygambit`` (an optional test dependency) then reads each
game back, and its pure-strategy Nash equilibria must include our subgame-perfect policy with the
same payoffs. ``make setup`` installs pygambit 17.0.0b2 (pinned: its API changes between
pre-releases); without it those tests skip.
"""

from __future__ import annotations

import re
import warnings
from fractions import Fraction
from pathlib import Path

import pytest

import scenario_tree
from scenario_tree.files.gambit import to_efg
from scenario_tree.files.silverdecisions import SilverDecisionsWarning
from scenario_tree.model.nodes import payoff_vector

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / ".." / "shared" / "silverdecisions"
FILES = sorted((REPO / "examples").glob("*.scenario.yaml")) + sorted(SHARED.glob("*.json"))
_TOKEN = re.compile(r'"(?:\\.|[^"\\])*"|[{}]|[^\s{},]+')


def trees():
    yield "article", scenario_tree.default_tree()
    for path in FILES:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SilverDecisionsWarning)
            tree = scenario_tree.load(path)
        if not tree.utility:  # a tree with a utility is refused (see the test at the end)
            yield path.name, tree


TREES = list(trees())


def node_lines(text: str) -> list[list[str]]:
    """Each node line of an .efg file as tokens (quoted labels kept whole)."""
    return [_TOKEN.findall(line) for line in text.splitlines()[3:] if line.strip()]


def braced(tokens: list[str], start: int = 0) -> list[str]:
    opening = tokens.index("{", start)
    return tokens[opening + 1: tokens.index("}", opening)]


@pytest.fixture(scope="module")
def pygambit():
    try:
        import pygambit
    except ImportError:  # `make setup` installs it where a wheel exists (it compiles for a quarter of an hour)
        pytest.skip("pygambit is not installed: pip install --only-binary=:all: pygambit==17.0.0b2")
    return pygambit


# -- the text ------------------------------------------------------------------------------------------


def test_probabilities_are_exact_from_their_decimal_text():
    tree = scenario_tree.loads("""
format: scenario-tree/1
parameters: {third: "1 / 3"}
root: {id: r, label: R, kind: chance, children: [
  {id: a, label: A, kind: chance, probability: 0.1, children: [
    {id: a1, label: A1, kind: outcome, probability: third, payoff: 3},
    {id: a2, label: A2, kind: outcome, probability: "#"}]},
  {id: b, label: B, kind: outcome, probability: 0.2, payoff: 0.1},
  {id: c, label: C, kind: outcome, probability: "#"},
  {id: d, label: D, kind: outcome, probability: "#"}]}
""")
    chances = [line for line in node_lines(to_efg(tree)) if line[0] == "c"]
    assert braced(chances[0])[1::2] == ["1/10", "1/5", "7/20", "7/20"]  # not 3602879701896397/36028797018963968
    assert braced(chances[1])[1::2] == ["1/3", "2/3"]
    assert '"b" { 1/10 }' in to_efg(tree)


@pytest.mark.parametrize(("name", "tree"), TREES, ids=[name for name, _ in TREES])
def test_every_chance_node_sums_to_exactly_one_and_matches_the_tree(name, tree):
    probability = tree.evaluate().probability
    chances = [node for node in tree.nodes() if node.kind == "chance"]
    lines = [line for line in node_lines(to_efg(tree)) if line[0] == "c"]
    assert len(lines) == len(chances)
    for node, line in zip(chances, lines):
        exact = [Fraction(amount) for amount in braced(line)[1::2]]
        assert sum(exact) == 1
        assert [float(amount) for amount in exact] == pytest.approx(
            [probability[child.id] for child in node.children], abs=1e-12)


@pytest.mark.parametrize(("name", "tree"), TREES, ids=[name for name, _ in TREES])
def test_decisions_are_personal_nodes_of_their_actor_each_in_its_own_information_set(name, tree):
    text = to_efg(tree)
    assert braced(_TOKEN.findall(text.splitlines()[0])) == [f'"{actor}"' for actor in tree.actors]
    decisions = [node for node in tree.nodes() if node.kind == "decision"]
    personal = [line for line in node_lines(text) if line[0] == "p"]
    assert [(int(line[2]), line[4].strip('"')) for line in personal] == [
        (tree.actors.index(node.actor or tree.actors[0]) + 1, node.id) for node in decisions]
    information_sets = [(line[2], line[3]) for line in personal]
    assert len(set(information_sets)) == len(information_sets)


@pytest.mark.parametrize(("name", "tree"), TREES, ids=[name for name, _ in TREES])
def test_the_payoff_on_entering_a_node_is_an_outcome_at_that_node(name, tree):
    lines = node_lines(to_efg(tree))
    nodes = list(tree.nodes())  # .efg lists nodes in the same order: parents first, children in order
    assert len(lines) == len(nodes)
    values = tree.parameter_values()
    numbers = set()
    for node, line in zip(nodes, lines):
        payoff = [Fraction(repr(amount)) for amount in payoff_vector(node.payoff, tree.actors, values)]
        after = line.index("}") + 1 if line[0] != "t" else 2  # the outcome follows the moves
        if not any(payoff):
            assert line[after:] == ["0"]
            continue
        assert line[after + 1] == f'"{node.id}"'
        assert [Fraction(amount) for amount in braced(line, after)] == payoff
        numbers.add(line[after])
    assert len(numbers) == sum(1 for node in nodes if any(payoff_vector(node.payoff, tree.actors, values)))


def test_labels_are_quoted_for_the_format(pygambit, tmp_path):
    tree = scenario_tree.loads(r"""
format: scenario-tree/1
title: 'The “deal” – Łódź'
root: {id: r, label: "Say \"yes\"?", kind: decision, children: [
  {id: a, label: "back\\slash and \\\"quoted\\\"", kind: outcome, payoff: 1},
  {id: b, label: "ends with \\", kind: outcome},
  {id: c, label: "  two\nlines,   spaced ", kind: outcome},
  {id: d, label: "Outcome", kind: outcome},
  {id: e, label: "Outcome", kind: outcome},
  {id: f, label: "€ ≥ 1", kind: outcome}]}
""")
    text = to_efg(tree)
    assert text.isascii()
    path = tmp_path / "quoted.efg"
    path.write_text(text, encoding="utf-8")
    game = pygambit.read_efg(str(path))  # pygambit refuses labels that are not printable ASCII
    assert game.title == 'The "deal" - \\u0141odz'  # no ASCII form: written as an escape
    # Gambit writes the game back from what it read: its node labels as Gambit understood them
    labels = [unquoted(tokens[1]) for tokens in node_lines(game.to_efg())]
    assert labels == ['Say "yes"?', 'back\\slash and \\u005c"quoted\\u005c"', "ends with \\u005c",
                      "two lines, spaced", "Outcome (d)", "Outcome (e)", "\\u20ac \\u2265 1"]


def unquoted(token: str) -> str:
    """The text of a quoted .efg label (``\\"`` and ``\\\\`` are its escapes)."""
    return re.sub(r"\\(.)", r"\1", token[1:-1])


# -- Gambit reads it and agrees ---------------------------------------------------------------------------


def chosen_actions(tree) -> dict[str, int]:
    """Our policy: the index of the chosen branch at each decision."""
    best = tree.evaluate().best
    return {node.id: [child.id for child in node.children].index(best[node.id])
            for node in tree.nodes() if node.kind == "decision"}


def decision_at(tree, game, history) -> str:
    """Our node reached by a Gambit history (the labels of the actions taken from the root)."""
    from pygambit import H

    node, taken = tree.root, []
    for transition in history:
        actions = game.get_actions(H.path(*taken))
        node = node.children[actions.index(transition.action)]
        taken.append(transition.action)
    return node.id


def follows(profile, game, tree, policy: dict[str, int]) -> bool:
    """Whether a pure equilibrium plays our policy wherever it names one action for certain."""
    behaviour = profile.as_behavior()
    for player in game.players:
        for history, probabilities in behaviour[player]:  # one (history, (action, probability) pairs) per infoset
            actions = [action for action, _ in probabilities]
            chosen = [action for action, probability in probabilities if probability == 1]
            if chosen and actions.index(chosen[0]) != policy[decision_at(tree, game, history)]:
                return False
    return True


@pytest.mark.parametrize(("name", "tree"), TREES, ids=[name for name, _ in TREES])
def test_gambit_finds_our_subgame_perfect_policy_among_its_pure_equilibria(pygambit, tmp_path, name, tree):
    path = tmp_path / "game.efg"
    path.write_text(to_efg(tree), encoding="utf-8")
    game = pygambit.read_efg(str(path))
    assert list(game.players) == tree.actors
    equilibria = pygambit.nash.enumpure_solve(game).equilibria
    ours = [profile for profile in equilibria if follows(profile, game, tree, chosen_actions(tree))]
    assert len(ours) == 1, f"{len(equilibria)} pure equilibria, {len(ours)} playing our policy"
    root_value = tree.evaluate().root_value
    for player in game.players:
        assert float(ours[0].payoffs[player]) == pytest.approx(root_value[player], abs=1e-9)


def test_a_tree_with_a_utility_is_refused_not_exported_risk_neutral():
    tree = scenario_tree.load(Path(__file__).resolve().parents[2] / "examples" / "risk_tolerance.scenario.yaml")
    with pytest.raises(scenario_tree.ScenarioFileError, match=r"risk_tolerance.scenario.yaml: utility: investor: "
                                                              r"'investor' has an exponential utility"):
        to_efg(tree)
