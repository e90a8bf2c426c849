"""What the SilverDecisions tests share: the shared test files, building small files, exact fractions."""

from __future__ import annotations

import warnings
from fractions import Fraction
from pathlib import Path

import scenario_tree
from scenario_tree.files import tree_from_data
from scenario_tree.files.silverdecisions import (
    SilverDecisionsWarning,
    from_silverdecisions,
)

SHARED = Path(__file__).resolve().parents[3] / ".." / "shared" / "silverdecisions"


SHARED_FILES = sorted(SHARED.glob("*.json"))


EXPECTED_VALUE = "expected-value-maximization"


TOLERANCE = 1e-9


def load_quietly(path: Path) -> scenario_tree.ScenarioTree:
    """Load a shared file; the two-criteria rule warning is tested on its own below."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SilverDecisionsWarning)
        return scenario_tree.load(path)


def convert(data: dict, tree: int = 0) -> scenario_tree.ScenarioTree:
    return tree_from_data(from_silverdecisions(data, "test.json", tree), "test.json")


def exact(number) -> Fraction:
    """A SilverDecisions computed number: 0, 0.5, "5", "-2 1/3" or "4606028/5274149"."""
    if isinstance(number, list):
        number = number[0]
    if isinstance(number, int | float):
        return Fraction(number)
    sign = -1 if number.strip().startswith("-") else 1
    return sign * sum(Fraction(part) for part in number.strip().lstrip("-").split())


def body(data: dict) -> dict:
    return data.get("data", data)


def terminal(name: str = "", payoff=0, probability=None) -> dict:
    edge = {"name": name, "payoff": payoff, "childNode": {"type": "terminal", "name": "", "childEdges": []}}
    if probability is not None:
        edge["probability"] = probability
    return edge


def edge_to(node: dict, name: str = "", payoff=0, probability=None) -> dict:
    edge = {"name": name, "payoff": payoff, "childNode": node}
    if probability is not None:
        edge["probability"] = probability
    return edge


def new_file(*trees: dict, code: str = "", version: str = "1.1.0", **top) -> dict:
    return {"SilverDecisions": version, "rule": EXPECTED_VALUE, **top,
            "data": {"code": code, "expressionScope": {}, "trees": list(trees), "texts": []}}
