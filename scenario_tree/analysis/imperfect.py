"""The expected value of imperfect information: what an imagined test of an uncertain state is worth to an actor.

The test is about the state of one chance node (its shared uncertainty, if it has one): a full
likelihood table ``{signal: {state: P(signal | state)}}``, or a sensitivity and specificity (a
positive signal for one state, negative for the others). Its result is revealed before the first
decision, as perfect information is for EVPI: the value with the test is the average over its
signals of the tree's value given each signal (the group's nodes at their posteriors, the chance
branches above them reweighted by Bayes' rule, see :mod:`~scenario_tree.analysis.shared`); the EVII
is that less the value now. A perfect test gives the node's EVPI; a test that says nothing gives 0.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import AnalysisError
from ..model import TreeModel
from .batch import actor_column
from .limits import within
from .results import Result
from .shared import news_values, variable_of

__all__ = ["Evii", "evii", "binary_likelihoods"]

SUM_TOLERANCE = 1e-9


@dataclass
class Evii(Result):
    """The expected value of imperfect information about one uncertain state, for one actor.

    Attributes:
        actor: Whose value.
        node: The chance node tested.
        uncertainty: Its shared uncertainty's name (``None`` when the node stands alone).
        likelihoods: ``{signal: {state: P(signal | state)}}``.
        value: The tree's value now.
        value_with_information: The value when the test's result is known before the first decision.
        evii: The difference.
        signals: ``{signal: {"probability": P(signal), "value": the tree's value given it}}``.
    """

    actor: str
    node: str
    uncertainty: str | None
    likelihoods: dict[str, dict[str, float]]
    value: float
    value_with_information: float
    evii: float
    signals: dict[str, dict[str, float]]

    def rows(self) -> list[dict[str, Any]]:
        return [{"signal": signal, **numbers} for signal, numbers in self.signals.items()]

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "node": self.node, "uncertainty": self.uncertainty,
                "likelihoods": self.likelihoods, "value": self.value,
                "value_with_information": self.value_with_information, "evii": self.evii, "signals": self.signals}


def evii(tree: TreeModel, node: str, sensitivity: float | None = None, specificity: float | None = None,
         likelihoods: Mapping[str, Mapping[str, float]] | None = None, positive: str | None = None,
         actor: str | None = None) -> Evii:
    """Expected value of imperfect information about the state of chance node ``node``, for ``actor``.

    Args:
        node: A chance node's id; a node of a shared uncertainty tests the whole group's state.
        sensitivity: P(positive | the ``positive`` state), with ``specificity``.
        specificity: P(negative | any other state).
        likelihoods: Instead: ``{signal: {state: P(signal | state)}}``, each state's column summing to 1.
        positive: The state a positive signal points to (default: the node's first branch).
        actor: Whose value (default: the first actor).

    Raises:
        AnalysisError: An unknown node or state, not a chance node, numbers out of [0, 1], a state whose
            likelihoods do not sum to 1, or both (or neither) kinds of test given.
    """
    actor, column = actor_column(tree, actor)
    evaluation = tree.evaluate()
    compiled = evaluation.compiled
    variable = variable_of(tree, compiled, tree.node(node))
    if likelihoods is None:
        if sensitivity is None or specificity is None:
            raise AnalysisError("give a sensitivity and a specificity, or a likelihood table")
        likelihoods = binary_likelihoods(variable.states, sensitivity, specificity, positive)
    elif sensitivity is not None or specificity is not None or positive is not None:
        raise AnalysisError("give a sensitivity and a specificity, or a likelihood table, not both")
    table = _checked_table(likelihoods, variable.states, variable.name)
    signals = list(table)
    matrix = np.array([[table[signal][state] for signal in signals] for state in variable.states])
    chances, values = news_values(compiled, compiled.probability, variable, matrix, column)
    base = float(evaluation.values[0, column])
    with_test = math.fsum(float(chance * value) for chance, value in zip(chances, values) if chance > 0)
    results = {signal: {"probability": float(chance), "value": float(value) if chance > 0 else math.nan}
               for signal, chance, value in zip(signals, chances, values)}
    return Evii(actor, node, variable.name if variable.shared else None, table, base, with_test, with_test - base,
                results)


def binary_likelihoods(states: list[str], sensitivity: float, specificity: float,
                     positive: str | None = None) -> dict[str, dict[str, float]]:
    """The likelihood table of a positive/negative test for ``positive`` (default: the first state).

    >>> binary_likelihoods(["sick", "well"], 0.75, 0.5)
    {'positive': {'sick': 0.75, 'well': 0.5}, 'negative': {'sick': 0.25, 'well': 0.5}}
    """
    sensitivity = within("sensitivity", sensitivity, 0, 1)
    specificity = within("specificity", specificity, 0, 1)
    positive = states[0] if positive is None else positive
    if positive not in states:
        raise AnalysisError(f"unknown state {positive!r} for a positive signal (must be one of {states})")
    hit = {state: sensitivity if state == positive else 1 - specificity for state in states}
    return {"positive": hit, "negative": {state: 1 - chance for state, chance in hit.items()}}


def _checked_table(likelihoods: Mapping[str, Mapping[str, float]], states: list[str],
                   name: str) -> dict[str, dict[str, float]]:
    if not isinstance(likelihoods, Mapping) or not likelihoods:
        raise AnalysisError("the likelihood table must map each signal to {state: probability}")
    table: dict[str, dict[str, float]] = {}
    for signal, row in likelihoods.items():
        if not isinstance(row, Mapping):
            raise AnalysisError(f"signal {signal!r}: found {row!r}, expected {{state: probability}}")
        unknown = [state for state in row if state not in states]
        if unknown:
            raise AnalysisError(f"signal {signal!r}: unknown state {unknown[0]!r} of {name!r} "
                                f"(must be one of {states})")
        table[str(signal)] = {state: within(f"P({signal} | {state})", row.get(state, 0.0), 0, 1) for state in states}
    for state in states:
        total = math.fsum(row[state] for row in table.values())
        if abs(total - 1) > SUM_TOLERANCE:
            raise AnalysisError(f"state {state!r}: the probabilities of the signals sum to {total:.10g}, expected 1")
    return table
