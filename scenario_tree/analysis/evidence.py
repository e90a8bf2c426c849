"""Evidence: the probability of every outcome given what was observed, under the chosen policy."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from ..errors import AnalysisError
from ..model import ScenarioNode, TreeModel, ancestors
from ..model.uncertainties import state_of
from .results import Result
from .shared import Variable, beliefs, variable_of

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

    A branch of a shared uncertainty's node is news about the state, not about the path: reached
    means the state is that branch's, ruled out that it is not, for every node of the group. Each
    outcome is then weighted by the probability of that news given its path: 1 or 0 below a node of
    the group, and elsewhere the state's distribution where the path leaves the group's reach (after
    "no structure, don't drill", the posterior given no structure). To say the path went through the
    branch, name its parent as reached too. Several uncertainties are taken as independent given the path.
    """
    evaluation = tree.evaluate()
    reached_nodes = [tree.node(node_id) for node_id in reached]
    ruled_nodes = [tree.node(node_id) for node_id in ruled_out]
    news = _state_news(tree, reached_nodes, ruled_nodes)
    reached_nodes = [node for node in reached_nodes if not _is_state(node)]
    ruled_nodes = [node for node in ruled_nodes if not _is_state(node)]
    prior, weight = {}, {}
    for outcome in evaluation.outcomes():
        node = tree.node(outcome["id"])
        above = {ancestor.id for ancestor in ancestors(node, include_self=True)}
        prior[node.id] = outcome["policy_probability"]
        consistent = (all(each.id in above for each in reached_nodes)
                      and not any(each.id in above for each in ruled_nodes)
                      and (tag is None or tag in node.tags))
        weight[node.id] = math.prod(_explained(node, each) for each in news) if consistent else 0.0
    evidence = math.fsum(prior[key] * weight[key] for key in prior)
    if evidence <= 0:
        raise AnalysisError("the evidence has probability 0 under the chosen policy: nothing to condition on")
    return Posterior(prior, {key: prior[key] * weight[key] / evidence for key in prior}, evidence)


def _is_state(node: ScenarioNode) -> bool:
    """Whether a node is a branch of a shared uncertainty's node (news about the state)."""
    return node.parent is not None and node.parent.kind == "chance" and node.parent.uncertainty is not None


class _News(NamedTuple):
    """News about one shared uncertainty: its likelihood per state, and the state's belief at each row."""

    variable: Variable
    likelihood: np.ndarray
    belief: dict[int, np.ndarray]
    rows: dict[ScenarioNode, int]


def _state_news(tree: TreeModel, reached: list[ScenarioNode], ruled_out: list[ScenarioNode]) -> list[_News]:
    """The news about each shared uncertainty that a reached or ruled-out branch of one of its nodes gives."""
    compiled = tree.evaluate().compiled
    found: dict[str, tuple[Variable, np.ndarray]] = {}
    for node, happened in [(each, True) for each in reached] + [(each, False) for each in ruled_out]:
        if not _is_state(node):
            continue
        variable, likelihood = found.get(node.parent.uncertainty) or (
            variable_of(tree, compiled, node.parent), None)
        known = np.array([state == state_of(node) for state in variable.states], dtype=float)
        news = known if happened else 1 - known
        found[variable.name] = (variable, news if likelihood is None else likelihood * news)
    return [_News(variable, likelihood, beliefs(compiled, compiled.probability, variable), compiled.row)
            for variable, likelihood in found.values()]


def _explained(outcome: ScenarioNode, news: _News) -> float:
    """The probability of the news given the path to ``outcome``."""
    variable, likelihood, belief, rows = news
    index = {state: position for position, state in enumerate(variable.states)}
    node = outcome
    while node is not None:
        parent = node.parent
        if parent is not None and parent.uncertainty == variable.name and parent.kind == "chance":
            return float(likelihood[index[state_of(node)]])
        if rows[node] in belief:
            return float(belief[rows[node]] @ likelihood)
        node = parent
    return 1.0
