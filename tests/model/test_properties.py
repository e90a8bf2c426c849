"""Property tests over random valid trees: compiled vs. naive evaluation, lossless round trips,
probability edits that keep every chance node summing to 1, and undo back to the start."""

from __future__ import annotations

import itertools
import sys

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from scenario_tree import EditError, ScenarioTree, loads
from scenario_tree.files import tree_from_data
from scenario_tree.model.evaluate import naive_values

ACTORS = ["west", "putin", "society"]
# Derandomized so a run is repeatable; no shrinking, which takes minutes here (every load parses
# YAML in pure Python). Add Phase.shrink locally to minimise a failing example.
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Printable text: no surrogates, control characters or non-characters (those have their own tests).
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cn")) | st.sampled_from("\n\t"),
               min_size=1, max_size=12).filter(str.strip)
NUMBER = st.one_of(
    st.integers(-100, 100),
    st.sampled_from([0.5, -0.25, 1.75, 0.1, 1 / 3, 1e-05, -2e+20]),  # every written form of a float
    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
)


@st.composite
def tree_data(draw, max_nodes: int = 40, max_depth: int = 6):
    """Plain data of a random valid scenario-tree/1 file."""
    actors = ACTORS[:draw(st.integers(1, 3))]
    counter = itertools.count()
    budget = [draw(st.integers(1, max_nodes))]

    def payoff():
        choice = draw(st.integers(0, 3))
        if choice == 0:
            return None
        if choice == 1:
            return draw(NUMBER)
        names = draw(st.lists(st.sampled_from(actors), unique=True, min_size=1))
        return {name: draw(NUMBER) for name in names}

    def node(depth: int):
        budget[0] -= 1
        kind = "outcome"
        if depth < max_depth and budget[0] > 0:
            kind = draw(st.sampled_from(["decision", "chance", "outcome"]))
        data = {"id": f"n{next(counter)}", "label": draw(TEXT), "kind": kind}
        if kind == "decision" and draw(st.booleans()):
            data["actor"] = draw(st.sampled_from(actors))
        value = payoff()
        if value is not None:
            data["payoff"] = value
        if draw(st.integers(0, 4)) == 0:
            data["tags"] = draw(st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=2, unique=True))
        if kind != "outcome":
            data["children"] = [node(depth + 1) for _ in range(draw(st.integers(1, 4)))]
        if kind == "chance":
            assign_probabilities(data["children"])
        return data

    def assign_probabilities(children):
        weights = [draw(st.integers(0, 10)) for _ in children]
        remainder = [draw(st.integers(0, 3)) == 0 for _ in children]
        if any(remainder):
            total = sum(weights) + draw(st.integers(0, 10))
            for child, weight, is_remainder in zip(children, weights, remainder):
                child["probability"] = "#" if is_remainder else (weight / total if total else 0.0)
        else:
            if not any(weights):
                weights[draw(st.integers(0, len(children) - 1))] = 1
            total = sum(weights)
            for child, weight in zip(children, weights):
                child["probability"] = weight / total

    root = node(1)
    data = {"format": "scenario-tree/1", "title": draw(TEXT)}
    if actors != ["value"] and (len(actors) > 1 or draw(st.booleans())):
        data["actors"] = actors
    else:
        # a single unnamed criterion: payoff mappings must use the default name
        for each in walk(root):
            if isinstance(each.get("payoff"), dict):
                each["payoff"] = sum(each["payoff"].values())
            each.pop("actor", None)
    data["root"] = root
    return data


def walk(data):
    stack = [data]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(node.get("children", []))


def build(data):
    return tree_from_data(data, file="<hypothesis>", factory=ScenarioTree)


@pytest.fixture(autouse=True, scope="module")
def _deep_enough_for_naive():
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, 5000))
    yield
    sys.setrecursionlimit(old)


# -- (a) compiled evaluation equals the plain recursive reference --------------------------------


@SETTINGS
@given(tree_data())
def test_compiled_evaluation_equals_naive(data):
    tree = build(data)
    evaluation = tree.evaluate()
    for node in tree.nodes():
        expected = naive_values(node, tree.actors)
        got = [evaluation.value[node.id][actor] for actor in tree.actors]
        assert got == pytest.approx(expected, rel=1e-9, abs=1e-6), node


@SETTINGS
@given(tree_data())
def test_probabilities_are_consistent(data):
    tree = build(data)
    evaluation = tree.evaluate()
    outcomes = evaluation.outcomes()
    assert sum(outcome["policy_probability"] for outcome in outcomes) == pytest.approx(1.0, abs=1e-9)
    for node in tree.nodes():
        assert evaluation.policy_probability[node.id] <= evaluation.path_probability[node.id] + 1e-12
        if node.kind == "decision":
            assert evaluation.best[node.id] in [child.id for child in node.children]
            for child in node.children:
                assert evaluation.path_probability[child.id] == evaluation.path_probability[node.id]
        else:
            assert evaluation.best[node.id] is None


# -- (b) lossless round trips ---------------------------------------------------------------------


@SETTINGS
@given(tree_data())
def test_yaml_round_trip_preserves_data(data):
    tree = build(data)
    assert tree.to_dict() == data
    assert loads(tree.dumps("yaml")).to_dict() == data


@SETTINGS
@given(tree_data())
def test_json_round_trip_preserves_data(data):
    tree = build(data)
    assert loads(tree.dumps("json")).to_dict() == data


# -- (c) probability edits keep every chance node summing to 1 ------------------------------------


def chance_totals(tree):
    from scenario_tree.model.nodes import resolved_probabilities

    return [sum(resolved_probabilities(node)) for node in tree.nodes() if node.kind == "chance"]


PROBABILITY = st.one_of(st.floats(0, 1), st.sampled_from([0.0, 1.0, 0.5, 1e-12, 1 - 1e-12]),
                        st.floats(-1, 2, allow_nan=False), st.just(float("nan")))


@SETTINGS
@given(tree_data(), st.data())
def test_probability_edits_keep_sums(data, draws):
    tree = build(data)
    branches = [node.id for node in tree.nodes() if node.parent is not None and node.parent.kind == "chance"]
    if not branches:
        return
    for _ in range(draws.draw(st.integers(1, 12))):
        action = draws.draw(st.sampled_from(["set", "set", "lock", "unlock"]))
        node_id = draws.draw(st.sampled_from(branches))
        if action == "lock":
            tree.lock(node_id)
            continue
        if action == "unlock":
            tree.unlock(node_id)
            continue
        before = tree.dumps()
        value = draws.draw(PROBABILITY)
        try:
            tree.set_probability(node_id, value)
        except EditError:
            assert tree.dumps() == before
        else:
            assert tree.node(node_id).probability == value
        for total in chance_totals(tree):
            assert abs(total - 1) <= 1e-9
    loads(tree.dumps())  # still a valid file


# -- (d) undo returns to the start ----------------------------------------------------------------


@st.composite
def edit_script(draw, tree):
    """A random edit on ``tree``: (name, args, kwargs)."""
    ids = [node.id for node in tree.nodes()]
    node_id = draw(st.sampled_from(ids))
    name = draw(st.sampled_from(["set_probability", "set_payoff", "rename", "set_notes", "add_child",
                                 "remove", "set_kind", "set_actor"]))
    if name == "set_probability":
        return name, (node_id, draw(st.floats(0, 1))), {}
    if name == "set_payoff":
        actor = draw(st.sampled_from([None, *tree.actors]))
        return name, (node_id, draw(NUMBER)), {"actor": actor}
    if name == "rename":
        return name, (node_id, draw(TEXT)), {}
    if name == "set_notes":
        return name, (node_id, draw(st.one_of(st.none(), TEXT))), {}
    if name == "add_child":
        kind = draw(st.sampled_from(["outcome", "chance", "decision"]))
        probability = draw(st.one_of(st.none(), st.floats(0, 1)))
        new_id = f"new{draw(st.integers(0, 10 ** 6))}"
        return name, (node_id, new_id, draw(TEXT), kind), {"probability": probability, "payoff": draw(NUMBER)}
    if name == "set_kind":  # a different kind: setting the same kind is not an edit
        others = [kind for kind in ("outcome", "chance", "decision") if kind != tree.node(node_id).kind]
        return name, (node_id, draw(st.sampled_from(others))), {}
    if name == "set_actor":
        return name, (node_id, draw(st.sampled_from(tree.actors))), {}
    return name, (node_id,), {}


@SETTINGS
@given(tree_data(max_nodes=25), st.data())
def test_undo_all_edits_returns_to_start(data, draws):
    tree = build(data)
    start = tree.dumps()
    done = []
    for _ in range(draws.draw(st.integers(1, 10))):
        name, args, kwargs = draws.draw(edit_script(tree))
        before = tree.dumps()
        try:
            getattr(tree, name)(*args, **kwargs)
        except EditError:
            assert tree.dumps() == before
            continue
        done.append(tree.dumps())
        fresh = loads(done[-1])  # every accepted edit leaves a valid tree ...
        mine, theirs = tree.evaluate(), fresh.evaluate()  # ... evaluated like a fresh load
        assert mine.best == theirs.best
        for node_id, values in theirs.value.items():
            assert mine.value[node_id] == pytest.approx(values, rel=1e-9, abs=1e-6)
    for state in reversed(done):
        assert tree.dumps() == state
        assert tree.undo() is True
    assert tree.dumps() == start
    assert tree.undo() is False
    for state in done:
        assert tree.redo() is True
        assert tree.dumps() == state
