"""Named parameters and the numbers written with them.

A file may declare ``parameters: {p_deal: 0.3, cost: 100, margin: "cost / 10"}``; a parameter is
a number, an expression over other parameters, or ``{value: 0.3, low: 0.1, high: 0.5}`` with the
range that sensitivity analysis sweeps. Probabilities and payoffs may then be expressions
(``probability: "1 - p_deal"``, ``payoff: "-cost"``).

>>> resolve({"a": 2, "b": "a * 3", "c": {"value": "b + 1", "low": 0, "high": 10}})
{'a': 2.0, 'b': 6.0, 'c': 7.0}
>>> resolve({"a": "b", "b": "a"})
Traceback (most recent call last):
...
scenario_tree.model.expressions.ExpressionError: a cycle: a -> b -> a
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from .expressions import Expression, ExpressionError, parse

__all__ = ["as_float", "declared_range", "expression", "is_expression", "number", "resolve"]


@lru_cache(maxsize=4096)
def expression(text: str) -> Expression:
    """The parsed expression of a text (cached: the same text is parsed once)."""
    return parse(text)


def is_expression(raw: Any) -> bool:
    """Whether a raw value from a file is an expression (any text but ``#``)."""
    return isinstance(raw, str) and raw != "#"


def number(raw: Any, values: Mapping[str, Any]) -> Any:
    """A raw number, expression or ``{value: ...}`` as a number (or an array of samples)."""
    if type(raw) is float or type(raw) is int:  # the common case, first: compiling calls this per node
        return float(raw)
    if isinstance(raw, dict):
        raw = raw.get("value", _midpoint(raw))
    if is_expression(raw):
        return expression(raw).evaluate(values)
    return as_float(raw, "a number")


def declared_range(spec: Any) -> tuple[float, float] | None:
    """The ``(low, high)`` declared for a parameter or a probability, if any."""
    if isinstance(spec, dict) and "low" in spec and "high" in spec:
        return as_float(spec["low"], "low"), as_float(spec["high"], "high")
    return None


def resolve(parameters: Mapping[str, Any], overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The value of every parameter, in declaration order; cycles and unknown names are errors.

    ``overrides`` fix some parameters (to numbers or arrays of samples); the others follow them.
    Dependencies are followed with a stack, not recursion, so a chain of any length resolves.
    """
    values: dict[str, Any] = dict(overrides or {})
    for start in parameters:
        if start in values:
            continue
        # the parameters being worked out, each waiting for the ones it uses
        chain, on_chain, waiting = [start], {start}, [iter(_needs(start, parameters, values))]
        while chain:
            name = next(waiting[-1], None)
            if name is None:
                done = chain.pop()
                on_chain.discard(done)
                waiting.pop()
                values[done] = _value_of(done, parameters[done], values)
            elif name in on_chain:
                cycle = chain[chain.index(name):] + [name]
                raise ExpressionError(f"a cycle: {' -> '.join(cycle)}")
            elif name not in values:
                chain.append(name)
                on_chain.add(name)
                waiting.append(iter(_needs(name, parameters, values)))
    return {name: values[name] for name in [*parameters, *(overrides or {})]}


def _written(spec: Any) -> Any:
    return spec.get("value", _midpoint(spec)) if isinstance(spec, dict) else spec


def _needs(name: str, parameters: Mapping[str, Any], values: Mapping[str, Any]) -> list[str]:
    """The parameters a parameter's expression uses, in order; unknown ones are an error naming it."""
    raw = _written(parameters[name])
    if not is_expression(raw):
        return []
    names = expression(raw).names
    unknown = sorted(names - set(parameters) - set(values))
    if unknown:
        raise ExpressionError(f"{name} = {raw!r}: unknown name {unknown[0]!r} (parameters: {', '.join(parameters)})")
    return sorted(names)


def _value_of(name: str, spec: Any, values: Mapping[str, Any]) -> Any:
    raw = _written(spec)
    if is_expression(raw):
        return expression(raw).evaluate({other: values[other] for other in expression(raw).names})
    return as_float(raw, name)


def as_float(raw: Any, where: str) -> float:
    """A number as a float; one too large for a float is an :class:`ExpressionError` naming ``where``."""
    try:
        return float(raw)
    except (OverflowError, TypeError, ValueError):
        raise ExpressionError(f"{where}: found {str(raw)[:40]!r}, expected a number a float can hold") from None


def _midpoint(spec: Mapping[str, Any]) -> float:
    if "low" in spec and "high" in spec:
        return (as_float(spec["low"], "low") + as_float(spec["high"], "high")) / 2
    raise ExpressionError(f"found {dict(spec)!r}, expected a 'value' or both 'low' and 'high'")
