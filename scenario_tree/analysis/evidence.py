"""Evidence: the probability of every outcome given what was observed, under the chosen policy."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..errors import AnalysisError
from ..model import TreeModel, ancestors
from .results import Result

__all__ = ["Posterior", "posterior"]


@dataclass
class Posterior(Result):
    """Every outcome's probability under the chosen policy before and after the evidence.

    Attributes:
        prior: ``{outcome id: probability}`` before the evidence.
        probabilities: ``{outcome id: probability}`` given the evidence (0 where it rules the outcome out).
        evidence: The probability of the evidence itself under the policy.
    """

    prior: dict[str, float]
    probabilities: dict[str, float]
    evidence: float

    def __getitem__(self, outcome_id: str) -> float:
        return self.probabilities[outcome_id]

    def rows(self) -> list[dict[str, Any]]:
        return [{"outcome": key, "prior": self.prior[key], "posterior": value}
                for key, value in self.probabilities.items()]

    def to_dict(self) -> dict[str, Any]:
        return {"evidence": self.evidence, "prior": self.prior, "posterior": self.probabilities}


def posterior(tree: TreeModel, reached: Iterable[str] = (), ruled_out: Iterable[str] = (),
              tag: str | None = None) -> Posterior:
    """The probability of every outcome given what was observed, under the chosen policy.

    Args:
        reached: Nodes known to have been reached (the outcome lies below each).
        ruled_out: Nodes known not to have been reached.
        tag: A tag the outcome is known to carry.
    """
    evaluation = tree.evaluate()
    reached_nodes = [tree.node(node_id) for node_id in reached]
    ruled_nodes = [tree.node(node_id) for node_id in ruled_out]
    prior, consistent = {}, {}
    for outcome in evaluation.outcomes():
        node = tree.node(outcome["id"])
        above = {ancestor.id for ancestor in ancestors(node, include_self=True)}
        prior[node.id] = outcome["policy_probability"]
        consistent[node.id] = (all(each.id in above for each in reached_nodes)
                               and not any(each.id in above for each in ruled_nodes)
                               and (tag is None or tag in node.tags))
    evidence = math.fsum(prior[key] for key in prior if consistent[key])
    if evidence <= 0:
        raise AnalysisError("the evidence has probability 0 under the chosen policy: nothing to condition on")
    return Posterior(prior, {key: (prior[key] / evidence if consistent[key] else 0.0) for key in prior}, evidence)
