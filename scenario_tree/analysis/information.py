"""The value of information: what knowing chance outcomes before deciding would be worth to an actor."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import AnalysisError
from ..model import TreeModel
from ..model.compiled import CHANCE, CompiledTree
from ..model.evaluate import backward_batch, tie_floor
from .batch import actor_column
from .results import Result
from .shared import Variable, conditioned, news_values, prior, variables

__all__ = ["Evpi", "evpi"]

MAX_JOINT_STATES = 4096  # joint states of the shared uncertainties the clairvoyant value enumerates


@dataclass
class Evpi(Result):
    """The expected value of perfect information for one actor: of the whole tree and of each chance node.

    Attributes:
        actor: Whose value.
        value: The tree's value now.
        value_with_perfect_information: The value to a clairvoyant who knows every chance outcome first.
        evpi: The difference: the most that perfect information could be worth.
        nodes: ``{chance node id: EVPI of knowing that node's outcome first}`` (for a node of a shared
            uncertainty, knowing its outcome is knowing the state: the uncertainty's EVPI).
        uncertainties: ``{shared uncertainty: EVPI of knowing its state first}``.
    """

    actor: str
    value: float
    value_with_perfect_information: float
    evpi: float
    nodes: dict[str, float]
    uncertainties: dict[str, float] = field(default_factory=dict)

    def rows(self) -> list[dict[str, Any]]:
        return [{"node": node, "evpi": value} for node, value in self.nodes.items()]

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "value": self.value,
                "value_with_perfect_information": self.value_with_perfect_information, "evpi": self.evpi,
                "nodes": self.nodes, "uncertainties": self.uncertainties}


def evpi(tree: TreeModel, actor: str | None = None, limit: int = 200_000) -> Evpi:
    """Expected value of perfect information for ``actor``: of the whole tree and of each chance node.

    Of one chance node: the value if its outcome were known before every decision (each outcome
    evaluated as certain, weighted by its probability) minus the value now. Of the whole tree: the
    value of a clairvoyant who knows every chance outcome in advance, computed exactly from the
    distribution of values below each node (decisions pick, in every joint outcome, the best
    branch for their own actor).

    A shared uncertainty (chance nodes with the same ``uncertainty``) is one variable: its state is
    revealed once, every node of the group takes that state's branch and the chance nodes above them
    are conditioned on it (:mod:`~scenario_tree.analysis.shared`); the clairvoyant value averages over
    its states (and over the joint states of several uncertainties, in the order of the tree).
    """
    actor, column = actor_column(tree, actor)
    compiled = tree.evaluate().compiled
    base = float(tree.evaluate().values[0, column])
    shared = variables(tree, compiled)
    per_uncertainty = {}
    for each in shared:  # the state itself revealed: the identity likelihood
        chances, values = news_values(compiled, compiled.probability, each, np.eye(len(each.states)), column)
        per_uncertainty[each.name] = float(np.dot(chances, values)) - base
    per_node = {}
    for node in compiled.nodes:
        if node.kind != "chance":
            continue
        if node.uncertainty is not None and node.uncertainty in per_uncertainty:
            per_node[node.id] = per_uncertainty[node.uncertainty]
            continue
        rows = [compiled.row[child] for child in node.children]
        weights = compiled.probability[rows]
        probability = np.repeat(compiled.probability[:, None], len(rows), axis=1)
        probability[rows] = np.eye(len(rows))
        payoff = np.broadcast_to(compiled.payoff[:, None, :], (len(compiled.nodes), len(rows), len(tree.actors)))
        values, _ = backward_batch(compiled, probability, payoff)
        per_node[node.id] = float(np.dot(weights, values[0, :, column])) - base
    clairvoyant = math.fsum(weight * _clairvoyant_value(compiled, probability, column, limit)
                            for weight, probability in _joint_states(compiled, shared, limit))
    return Evpi(actor, base, clairvoyant, clairvoyant - base, per_node, per_uncertainty)


def _joint_states(compiled: CompiledTree, shared: list[Variable], limit: int) -> list[tuple[float, np.ndarray]]:
    """Each joint state of the shared uncertainties: its probability and the tree's probabilities given it.

    The uncertainties are revealed one after another, each with its distribution given those before.
    """
    found = [(1.0, compiled.probability)]
    for variable in shared:
        following = []
        for weight, probability in found:
            chances = prior(compiled, probability, variable)
            given = conditioned(compiled, probability, variable, np.eye(len(variable.states)))
            following.extend((weight * float(chance), given[:, index]) for index, chance in enumerate(chances)
                             if chance > 0)
        found = following
        if len(found) > MAX_JOINT_STATES:
            raise AnalysisError(f"the shared uncertainties have over {MAX_JOINT_STATES} joint states; "
                                "use the EVPI of single uncertainties on a tree like this")
    return found


def _clairvoyant_value(compiled: CompiledTree, probability: np.ndarray, column: int, limit: int) -> float:
    """Mean root value when every chance outcome is known first: distributions bottom-up, no recursion."""
    support: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # row -> (probabilities, value vectors)
    for row in range(len(compiled.nodes) - 1, -1, -1):
        count = int(compiled.child_count[row])
        own = compiled.payoff[row]
        if count == 0:
            support[row] = (np.ones(1), own[None, :].copy())
            continue
        children = range(int(compiled.first_child[row]), int(compiled.first_child[row]) + count)
        parts = [support.pop(child) for child in children]
        if compiled.kind[row] == CHANCE:
            weights = probability[list(children)]
            probabilities = np.concatenate([weight * part[0] for weight, part in zip(weights, parts)])
            vectors = np.concatenate([part[1] for part in parts])
        else:
            probabilities, vectors = _maximum_of_independent(parts, int(compiled.decider[row]))
        probabilities, vectors = _merge(probabilities, vectors)
        if probabilities.size > limit:
            raise AnalysisError(f"the perfect-information distribution has over {limit} points; "
                                "use the EVPI of single chance nodes on a tree this large")
        support[row] = (probabilities, vectors + own)
    probabilities, vectors = support[0]
    return float(np.dot(probabilities, vectors[:, column]))


def _maximum_of_independent(parts: list[tuple[np.ndarray, np.ndarray]], decider: int) -> tuple[np.ndarray, np.ndarray]:
    """The value vector of the branch a decider picks when each branch's value is an independent draw."""
    probabilities, vectors = [], []
    for index, (weights, values) in enumerate(parts):
        chance_of_pick = weights.copy()
        key = values[:, decider]
        for other, (other_weights, other_values) in enumerate(parts):
            if other == index:
                continue
            other_key = other_values[:, decider]
            # the tie rule between this pair of branches: an earlier one wins ties
            floor = tie_floor(np.maximum(key[:, None], other_key[None, :]),
                              np.maximum(np.abs(key)[:, None], np.abs(other_key)[None, :]))
            below = other_key[None, :] < floor if other < index else key[:, None] >= floor
            chance_of_pick *= below.astype(float) @ other_weights
        probabilities.append(chance_of_pick)
        vectors.append(values)
    return np.concatenate(probabilities), np.concatenate(vectors)


def _merge(probabilities: np.ndarray, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    keep = probabilities > 0
    probabilities, vectors = probabilities[keep], vectors[keep]
    if probabilities.size == 0:
        return probabilities, vectors
    unique, inverse = np.unique(np.round(vectors, 12), axis=0, return_inverse=True)
    merged = np.zeros(len(unique))
    np.add.at(merged, inverse.ravel(), probabilities)
    return merged, unique
