"""Hypothesis strategies that break valid scenario files: wrong types, bad numbers, odd text, changed shapes.

Shared by the validator's agreement test (ours against ``jsonschema``) and the fuzz test of the command line.
A mutation starts from a valid file's data (the shipped trees and a few small ones) and changes one to
three places: a value replaced, a key removed or added, a list item dropped or added.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import strategies as st

from tests.trees import CHANCE, GAME, MIXED, SMALL, TREES

# Valid files to start from, as plain data (the shipped trees, a game, parameters and expressions).
PARAMETERS = {
    "format": "scenario-tree/1",
    "actors": ["west", "east"],
    "parameters": {"p": {"value": 0.3, "low": 0.1, "high": 0.5}, "cost": 10, "margin": "cost / 2"},
    "root": {"id": "r", "label": "R", "kind": "decision", "actor": "west", "children": [
        {"id": "c", "label": "C", "kind": "chance", "concentration": 20, "children": [
            {"id": "a", "label": "A", "kind": "outcome", "probability": "p", "payoff": {"west": "-cost", "east": 1}},
            {"id": "b", "label": "B", "kind": "outcome", "probability": "#", "payoff": "margin"}]},
        {"id": "d", "label": "D", "kind": "outcome", "payoff": 0,
         "quotes": [{"text": "a quote", "paragraph": 2}], "tags": ["x"]}]},
}


def seeds() -> list[dict[str, Any]]:
    import yaml

    texts = [yaml.safe_load(text) for text in (SMALL, CHANCE, GAME, MIXED)]
    return [tree.to_dict() for tree in TREES.values()] + texts + [PARAMETERS]


SEEDS = seeds()

NUMBERS = st.one_of(
    st.integers(-3, 3),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, 1, 0.5, 0.25, 0.75, 0.05, 2, -5, 1e6, 1e99, -1e300, 1e300, 1e308, 10**400, -(10**30),
                     2**63, 1e-320, 1.0000000001, 1 + 1e-10, -1e-12, float("nan"), float("inf")]),
)
TEXTS = st.one_of(
    st.text(max_size=8),
    st.sampled_from(["#", "", " ", "a\n", "x\u0001", "\ud800", "\ufffe", "\x85", "1 - p", "p * 2", "cost ** 9999",
                     "min(", "1/0", "p_" + "x" * 200, "é", "west", "decision", "chance", "outcome",
                     "https://example.org", "javascript:alert(1)", "2017-03-08", "1e5", "nan", ".inf"]),
)
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, TEXTS)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.one_of(TEXTS, st.sampled_from(["id", "label", "kind", "low", "high", "value",
                                                                           "children", "probability", "payoff"])),
                                        inner, max_size=3), max_leaves=6)
KEYS = st.sampled_from(["id", "label", "kind", "actor", "payoff", "probability", "concentration", "tags", "notes",
                        "quotes", "url", "children", "value", "low", "high", "colour", "format", "title", 1, None])


def slots(data: Any) -> list[tuple[Any, Any]]:
    """Every (container, key or index) in the data, parents first (iterative)."""
    found, stack = [], [data]
    while stack:
        container = stack.pop()
        pairs = container.items() if isinstance(container, dict) else enumerate(container)
        for key, value in pairs:
            found.append((container, key))
            if isinstance(value, dict | list):
                stack.append(value)
    return found


def _fitting(places: list[tuple[Any, Any]], kind: type | tuple[type, ...]) -> list[tuple[Any, Any]]:
    return [(container, key) for container, key in places
            if isinstance(container[key], kind) and not isinstance(container[key], bool)]


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    """A valid file's data with one to three random changes.

    Most changes keep the file's shape (a number replaced by another number, a text by another
    text), so that the model's own rules, not only the schema, meet odd values.
    """
    data = copy.deepcopy(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 3))):
        places = slots(data)
        action = draw(st.sampled_from(["number", "number", "number", "text", "text", "replace", "remove", "add"]))
        numbers, texts = _fitting(places, (int, float)), _fitting(places, str)
        if action == "number" and numbers:
            container, key = draw(st.sampled_from(numbers))
            container[key] = draw(NUMBERS)
            continue
        if action == "text" and texts:
            container, key = draw(st.sampled_from(texts))
            container[key] = draw(TEXTS)
            continue
        container, key = draw(st.sampled_from(places))
        if action == "remove":
            del container[key]
        elif action == "add" and isinstance(container, dict):
            container[draw(KEYS)] = draw(VALUES)
        elif action == "add":
            container.insert(draw(st.integers(0, len(container))), draw(VALUES))
        else:
            container[key] = draw(VALUES)
    return data
