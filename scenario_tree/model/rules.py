"""The rules a scenario tree obeys, written once: loading reports every breach, editing refuses to make one.

Each rule gives :class:`Breach` records (the node, the field, what was found and what was expected).
The file loader turns them into problems with a file and a line; an edit that would leave a breach
is undone and raised as an :class:`~scenario_tree.errors.EditError`.

>>> number_problem(float("nan"))
'found nan, expected a finite number'
>>> number_problem(1.5, 0, 1)
'found 1.5, expected a number in [0, 1]'
>>> number_problem(0.5, 0, 1) is None
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NamedTuple

from .expressions import ExpressionError
from .names import ID_PATTERN
from .nodes import REMAINDER, ScenarioNode, preorder, resolved_probabilities
from .parameters import declared_range, is_expression, number, resolve

__all__ = [
    "SUM_TOLERANCE",
    "Breach",
    "actor_problem",
    "id_problem",
    "is_plain_number",
    "label_problem",
    "node_breaches",
    "number_problem",
    "parameter_breaches",
    "tree_breaches",
]

SUM_TOLERANCE = 1e-9


class Breach(NamedTuple):
    """One broken rule: at ``node`` (``None`` for the file's top level), in ``field``, ``message``.

    ``raw`` is the value as written, when the rule is about a top-level entry (a parameter), so a
    loader can find its line.
    """

    node: ScenarioNode | None
    field: str
    message: str
    raw: Any = None


def is_plain_number(raw: Any) -> bool:
    """Whether a raw value is a number as written (not text, not a boolean)."""
    return isinstance(raw, int | float) and not isinstance(raw, bool)


def number_problem(value: Any, low: float = -math.inf, high: float = math.inf) -> str | None:
    """What is wrong with a number that must be finite and within ``[low, high]``, or ``None``."""
    if not is_plain_number(value) or not math.isfinite(value):
        return f"found {value!r}, expected a finite number"
    if not low <= value <= high:
        return f"found {value!r}, expected a number in [{low:g}, {high:g}]"
    return None


def label_problem(label: Any) -> str | None:
    """A label is non-empty text."""
    if not isinstance(label, str) or not label.strip():
        return f"found {label!r}, expected non-empty text"
    return None


def id_problem(node_id: Any) -> str | None:
    """An id is letters, digits, ``_`` and ``-`` only."""
    if not isinstance(node_id, str) or not ID_PATTERN.fullmatch(node_id):
        return f"found {node_id!r}, expected letters, digits, _ and - only"
    return None


def actor_problem(actor: Any, actors: list[str]) -> str | None:
    """An actor is one of the tree's actors."""
    if actor not in actors:
        return f"unknown actor {actor!r} (must be one of {actors})"
    return None


def tree_breaches(root: ScenarioNode, actors: list[str], parameters: Mapping[str, Any]) -> Iterator[Breach]:
    """Every breach in the whole tree: parameters, unique ids, and each node's own rules."""
    values, breaches = parameter_breaches(parameters)
    yield from breaches
    seen: dict[str, ScenarioNode] = {}
    for node in preorder(root):
        if node.id in seen:
            yield Breach(node, "id", f"duplicate id {node.id!r} (first used at {seen[node.id]!r})")
        seen.setdefault(node.id, node)
        if node.id in parameters:  # analyses name a branch by its id: the two would be confused
            yield Breach(node, "id", f"{node.id!r} is also a parameter's name; rename one of them")
        yield from node_breaches(node, actors, values)


def parameter_breaches(parameters: Mapping[str, Any]) -> tuple[dict[str, float] | None, list[Breach]]:
    """The parameters' values (``None`` when they cannot be worked out) and what is wrong with them."""
    breaches = []
    for name, spec in parameters.items():
        bounds = declared_range(spec)
        if bounds is not None and bounds[0] > bounds[1]:
            breaches.append(Breach(None, f"parameters: {name}", f"low {bounds[0]:g} is above high {bounds[1]:g}",
                                   spec))
    try:
        return resolve(parameters), breaches
    except ExpressionError as error:
        return None, [*breaches, Breach(None, "parameters", str(error), parameters)]


def node_breaches(node: ScenarioNode, actors: list[str], values: dict[str, float] | None) -> Iterator[Breach]:
    """The rules of one node: its kind and children, where probabilities and actors may be, its numbers.

    ``values`` are the parameter values (``None`` when they are broken, which silences the checks
    that need them). Children's probabilities are summed at their chance parent.
    """
    parent_kind = node.parent.kind if node.parent is not None else None
    if node.kind == "outcome" and node.children:
        yield Breach(node, "children", f"an outcome has no children, found {len(node.children)}")
    if node.kind != "outcome" and not node.children:
        yield Breach(node, "children", f"a {node.kind} node needs at least one child, found none")
    if parent_kind == "chance" and node.probability is None:
        yield Breach(node, "probability", "missing; every branch of a chance node needs a probability (a number "
                                          "or '#')")
    if parent_kind != "chance" and node.probability is not None:
        where = "the root" if parent_kind is None else "a branch of a decision"
        yield Breach(node, "probability", f"found {node.probability!r}, expected none on {where} "
                                          "(only branches of chance nodes have probabilities)")
    if node.concentration is not None and node.kind != "chance":
        yield Breach(node, "concentration", f"found on a {node.kind} node; only chance nodes have a concentration")
    if node.actor is not None and node.kind != "decision":
        yield Breach(node, "actor", f"found {node.actor!r} on a {node.kind} node; only decisions have an actor")
    elif node.actor is not None and actor_problem(node.actor, actors):
        yield Breach(node, "actor", actor_problem(node.actor, actors))
    if isinstance(node.payoff, dict):
        for actor in node.payoff:
            if actor_problem(actor, actors):
                yield Breach(node, "payoff", actor_problem(actor, actors))
    if is_plain_number(node.payoff) and number_problem(node.payoff):
        yield Breach(node, "payoff", number_problem(node.payoff))
    yield from _expression_breaches(node, values)
    if node.kind == "chance" and node.children and values is not None:
        yield from _sum_breaches(node, values)


def _expression_breaches(node: ScenarioNode, values: dict[str, float] | None) -> Iterator[Breach]:
    """Every expression parses, names known parameters and gives a number (a probability in [0, 1])."""
    if isinstance(node.probability, dict):
        low, high = node.probability["low"], node.probability["high"]
        if low > high:
            yield Breach(node, "probability", f"low {low:g} is above high {high:g}")
    for field, raw in _written_numbers(node):
        if not is_expression(raw):
            continue
        try:
            amount = number(raw, values if values is not None else {})
        except ExpressionError as error:
            if values is not None or "unknown name" not in str(error):
                yield Breach(node, field, str(error))
            continue
        if field == "probability" and not 0 <= amount <= 1:
            yield Breach(node, field, f"{raw!r} is {amount:g}, expected a number in [0, 1]")


def _written_numbers(node: ScenarioNode) -> Iterable[tuple[str, Any]]:
    payoffs = node.payoff.items() if isinstance(node.payoff, dict) else [(None, node.payoff)]
    return [("probability", node.probability)] + [
        ("payoff" if actor is None else f"payoff.{actor}", amount) for actor, amount in payoffs]


def _sum_breaches(chance: ScenarioNode, values: dict[str, float]) -> Iterator[Breach]:
    raw = [child.probability for child in chance.children]
    if any(value is None for value in raw):
        return
    try:
        given = sum(number(value, values) for value in raw if value != REMAINDER)
        total = sum(resolved_probabilities(chance, values))
    except ExpressionError:
        return  # reported at the branch
    if REMAINDER in raw and given > 1 + SUM_TOLERANCE:
        yield Breach(chance, "children", f"the numbered branches sum to {given:g}, leaving nothing for '#'; "
                                         "expected at most 1")
    if abs(total - 1) > SUM_TOLERANCE:
        yield Breach(chance, "children", f"probabilities sum to {total:.10g}, expected 1")
