"""Risk attitudes: each actor's utility function, linear unless the file gives an exponential one.

A file may declare ``utility: {west: {exponential: {risk_tolerance: 500}}}``: the actor ``west``
then values a lottery by its expected utility ``u(x) = 1 - exp(-x / R)`` (the convention of R. T.
Clemen, *Making Hard Decisions*, 2nd ed., ch. 13 "Risk Attitudes"), where ``R`` is the risk
tolerance, a positive number or an expression over parameters. An actor without an entry (or with
``linear``) is risk neutral.

The certainty equivalent of a lottery, the sure amount worth as much to the actor, is
``CE = -R ln(1 - EU)``; for an exponential utility the CE of ``c + X`` is ``c + CE(X)``, which is
what lets evaluation fold certainty equivalents back level by level (see
:mod:`~scenario_tree.model.evaluate`). A linear actor's certainty equivalent is its expected value.

>>> round(float(expected_utility(np.array(100.0), 500.0)), 6)
0.181269
>>> round(float(certainty_equivalent(expected_utility(np.array(100.0), 500.0), 500.0)), 9)
100.0
>>> risk_tolerances({"west": {"exponential": {"risk_tolerance": "2 * r"}}}, ["west", "putin"], {"r": 250})
array([500.,  inf])
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from .parameters import expression, is_expression, number

__all__ = ["EXPONENTIAL", "LINEAR", "certainty_equivalent", "expected_utility", "risk_tolerances",
           "tolerance_entries", "tolerance_names"]

EXPONENTIAL = "exponential"
LINEAR = "linear"


def tolerance_entries(utility: Mapping[str, Any] | None) -> Iterator[tuple[str, Any]]:
    """``(actor, risk tolerance as written)`` of every actor with an exponential utility, in file order."""
    for actor, spec in (utility or {}).items():
        if isinstance(spec, dict) and isinstance(spec.get(EXPONENTIAL), dict):
            yield actor, spec[EXPONENTIAL].get("risk_tolerance")


def tolerance_names(utility: Mapping[str, Any] | None) -> set[str]:
    """The parameters the risk tolerances are written with."""
    return {name for _, raw in tolerance_entries(utility) if is_expression(raw) for name in expression(raw).names}


def risk_tolerances(utility: Mapping[str, Any] | None, actors: list[str],
                    values: Mapping[str, Any] | None = None) -> np.ndarray:
    """Each actor's risk tolerance, ``inf`` for a linear (risk-neutral) one.

    With parameter ``values`` given as arrays (one value per sample), the result is ``(actors, samples)``.
    """
    tolerances: list[Any] = [np.inf] * len(actors)
    for actor, raw in tolerance_entries(utility):
        if actor in actors:
            tolerances[actors.index(actor)] = number(raw, values or {})
    return np.array(np.broadcast_arrays(*map(np.asarray, tolerances)), dtype=float)


def expected_utility(certainty: np.ndarray, tolerance: np.ndarray) -> np.ndarray:
    """``u(CE) = 1 - exp(-CE / R)``; where ``R`` is infinite (linear), the amount itself."""
    with np.errstate(divide="ignore", invalid="ignore"):
        exponential = -np.expm1(-certainty / tolerance)
    return np.where(np.isinf(tolerance), certainty, exponential)


def certainty_equivalent(utility: np.ndarray, tolerance: np.ndarray) -> np.ndarray:
    """``u⁻¹(EU) = -R ln(1 - EU)``; where ``R`` is infinite (linear), the expected value itself."""
    with np.errstate(divide="ignore", invalid="ignore"):
        exponential = -tolerance * np.log1p(-utility)
    return np.where(np.isinf(tolerance), utility, exponential)
