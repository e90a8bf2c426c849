"""Named scenarios side by side: each actor's value, the choices that differ, the outcome probabilities.

>>> from scenario_tree import default_tree
>>> result = compare_scenarios(default_tree(), ["base", "pessimistic"])
>>> [(row["decision"], row["base"], row["pessimistic"]) for row in result.choices]
[('dialogue', 'Deal: guarantees for a soft transition', 'Cold War containment, clear parameters')]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import AnalysisError, EditError
from ..model import TreeModel, node_path
from .pooling import probability_rows
from .results import Result

__all__ = ["DIFFERENT", "ScenarioComparison", "compare_scenarios", "compare_trees"]

DIFFERENT = 1e-9  # values or probabilities further apart than this differ


@dataclass
class ScenarioComparison(Result):
    """Scenarios of one tree side by side; every row says whether the scenarios differ there (``differs``).

    Attributes:
        names: The scenarios compared, in the order asked.
        values: One row per actor: the root's value in each scenario.
        choices: One row per decision whose best choice differs: the chosen branch's label in each.
        outcomes: One row per outcome: its probability in each scenario, every decision taking its best choice.
    """

    names: list[str]
    values: list[dict[str, Any]]
    choices: list[dict[str, Any]]
    outcomes: list[dict[str, Any]]

    def rows(self) -> list[dict[str, Any]]:
        sections = (("value", "actor", self.values), ("choice", "decision", self.choices),
                    ("outcome", "node", self.outcomes))
        return [{"section": section, "item": row[key], **{name: row[name] for name in self.names},
                 "differs": row["differs"]} for section, key, rows in sections for row in rows]

    def to_dict(self) -> dict[str, Any]:
        return {"names": self.names, "values": self.values, "choices": self.choices, "outcomes": self.outcomes}

    @property
    def differing_outcomes(self) -> list[dict[str, Any]]:
        return [row for row in self.outcomes if row["differs"]]


def compare_scenarios(tree: TreeModel, names: Sequence[str]) -> ScenarioComparison:
    """Compare named scenarios of ``tree`` (``base`` is the base numbers): at least two, each once.

    Raises:
        AnalysisError: Fewer than two names, a name twice, or an unknown scenario.
    """
    names = list(names)
    if len(names) < 2 or len(set(names)) < len(names):
        raise AnalysisError(f"found scenarios {names}, expected at least 2 different ones to compare "
                            f"(this tree has {['base', *tree.scenario_names]})")
    try:
        return compare_trees({name: tree.scenario(name) for name in names})
    except EditError as error:
        raise AnalysisError(str(error)) from None


def compare_trees(trees: Mapping[str, TreeModel]) -> ScenarioComparison:
    """Compare trees of one structure given by name (the scenarios of one tree, or its live numbers)."""
    names, models = list(trees), list(trees.values())
    evaluations = [each.evaluate() for each in models]
    first = models[0]
    values = []
    for actor in first.actors:
        numbers = [evaluation.value[first.root.id][actor] for evaluation in evaluations]
        values.append({"actor": actor, **dict(zip(names, numbers)), "differs": _spread(numbers) > DIFFERENT})
    choices = []
    for node in first.nodes():
        chosen = [evaluation.best[node.id] for evaluation in evaluations] if node.kind == "decision" else []
        if len(set(chosen)) > 1:
            choices.append({"decision": node.id, "path": node_path(node), "label": node.label,
                            **{name: first.node(best).label for name, best in zip(names, chosen)}, "differs": True})
    outcomes = probability_rows(models, names, lambda node: node.kind == "outcome", "policy_probability")
    for row in outcomes:
        row["differs"] = row["spread"] > DIFFERENT
    return ScenarioComparison(names, values, choices, outcomes)


def _spread(numbers: list[float]) -> float:
    return max(numbers) - min(numbers)
