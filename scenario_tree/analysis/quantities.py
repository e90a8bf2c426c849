"""What an analysis can vary: the quantities of a tree, with their values and ranges.

A *quantity* is each declared parameter; each branch probability written as a plain number (named
by its node id; its siblings rescale proportionally, as in the explorer); and each payoff written
as a plain number (``node_id.payoff``, or ``node_id.payoff.actor``).

>>> from scenario_tree import default_tree
>>> quantity(default_tree(), "guarantees_credible").base
0.4
"""

from __future__ import annotations

import difflib
import weakref
from dataclasses import asdict, dataclass
from typing import Any

from ..errors import AnalysisError
from ..model import ScenarioNode, TreeModel
from ..model.parameters import declared_range
from ..model.rules import is_plain_number
from .limits import MAX_SWING, within
from .ranges import valid_span

__all__ = ["DEFAULT_SWING", "Quantity", "quantities", "quantity"]


DEFAULT_SWING = 0.2
_FOUND: weakref.WeakKeyDictionary[TreeModel, tuple[tuple[int, float], list[Quantity]]] = weakref.WeakKeyDictionary()
_NAMED: weakref.WeakKeyDictionary[TreeModel, tuple[int, dict[str, Quantity]]] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class Quantity:
    """A number an analysis can vary, with its value and the range it is swept over."""

    name: str
    kind: str  # parameter | probability | payoff
    base: float
    low: float
    high: float
    node_id: str | None = None
    actor: str | None = None
    label: str = ""  # what a reader calls it: "P(Guarantees credible)", "Soft landing: payoff for west"
    note: str = ""  # where the range was clipped to keep the tree valid, and why

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def quantities(tree: TreeModel, swing: float = DEFAULT_SWING) -> list[Quantity]:
    """Every quantity of the tree: declared parameters, plain branch probabilities and payoffs.

    Ranges are the declared ``low``/``high`` where given, otherwise ``base ± swing·|base|``, clipped
    to where the tree stays valid (:mod:`~scenario_tree.analysis.ranges`: probabilities within
    [0, 1], expressions defined), with a ``note`` where they were clipped. Kept until the tree's next edit.
    """
    swing = within("swing", swing, 0, MAX_SWING, above=True)
    key = (tree.version, swing)
    if tree not in _FOUND or _FOUND[tree][0] != key:
        _FOUND[tree] = (key, _find_quantities(tree, swing))
    return list(_FOUND[tree][1])


def _find_quantities(tree: TreeModel, swing: float) -> list[Quantity]:
    found = []
    values = tree.parameter_values()
    for name, spec in tree.parameters.items():
        span = valid_span(tree, name, *(declared_range(spec) or _swung(values[name], swing)), values[name])
        found.append(Quantity(name, "parameter", float(values[name]), span.low, span.high, label=name, note=span.note))
    for node in tree.nodes():
        parent = node.parent
        if (parent is not None and parent.kind == "chance" and len(parent.children) > 1
                and is_plain_number(node.probability)):
            low, high = _swung(float(node.probability), swing)
            notes = ([f"below 0 the branch {node.label!r} would have a negative probability"] if low < 0 else []) + (
                [f"above 1 the branch {node.label!r} would have a probability above 1"] if high > 1 else [])
            found.append(Quantity(node.id, "probability", float(node.probability), max(low, 0.0), min(high, 1.0),
                                  node.id, label=f"P({node.label})", note="; ".join(notes)))
        found.extend(_payoff_quantities(node, tree.actors, swing))
    return found


def _payoff_quantities(node: ScenarioNode, actors: list[str], swing: float) -> list[Quantity]:
    if is_plain_number(node.payoff):
        return [Quantity(f"{node.id}.payoff", "payoff", float(node.payoff), *_swung(float(node.payoff), swing),
                         node.id, actors[0], _payoff_label(node, actors[0], actors))]
    if isinstance(node.payoff, dict):
        return [Quantity(f"{node.id}.payoff.{actor}", "payoff", float(amount), *_swung(float(amount), swing),
                         node.id, actor, _payoff_label(node, actor, actors))
                for actor, amount in node.payoff.items() if is_plain_number(amount)]
    return []


def _payoff_label(node: ScenarioNode, actor: str, actors: list[str]) -> str:
    return f"{node.label}: payoff" + (f" for {actor}" if len(actors) > 1 else "")


def _swung(base: float, swing: float) -> tuple[float, float]:
    spread = abs(base) * swing if base else swing
    return base - spread, base + spread


def quantity(tree: TreeModel, name: str) -> Quantity:
    """The quantity called ``name``; an unknown name lists close ones."""
    if tree not in _NAMED or _NAMED[tree][0] != tree.version:  # names are unique: load refuses a clash
        _NAMED[tree] = (tree.version, {each.name: each for each in quantities(tree)})
    known = _NAMED[tree][1]
    if name not in known:
        close = difflib.get_close_matches(name, list(known), n=4)
        hint = f" (did you mean {', '.join(map(repr, close))}?)" if close else ""
        raise AnalysisError(f"unknown quantity {name!r}{hint}; quantities are parameters, branch ids and "
                            "'node_id.payoff' for plain numbers")
    return known[name]
