"""Named scenarios: sets of numbers a file holds beside its base numbers, read, checked and planned.

A scenario maps *keys* to numbers, and may say what it is in ``description`` (text)::

    scenarios:
      pessimistic:
        description: Guarantees are rarely believed.
        guarantees_credible: 0.2          # a branch probability (also: guarantees_credible.probability)
        soft_landing.payoff.west: 6       # one actor's payoff (node_id.payoff: the first actor's)
        p_deal: 0.1                       # a declared parameter

A branch probability fixes that branch; the branches of the same chance node the scenario does not
name rescale proportionally to fill the rest, as a slider does (locks play no part, so a scenario
gives the same numbers whoever applies it). Every number is applied to the *base* numbers, never on
top of another scenario. The name ``base`` stands for the base numbers themselves.

>>> from scenario_tree import default_tree
>>> tree = default_tree()
>>> found, problems = settings({"guarantees_credible": 0.2, "soft_landing.payoff.west": 6}, tree)
>>> [(each.kind, each.node_id, each.actor, each.value) for each in found], problems
([('probability', 'guarantees_credible', None, 0.2), ('payoff', 'soft_landing', 'west', 6)], [])
>>> settings({"nowhere": 1}, tree)[1]
["nowhere: no node or parameter is called 'nowhere'"]
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from .names import ID_PATTERN
from .nodes import REMAINDER, ScenarioNode, resolved_values, shared_out
from .parameters import declared_range, is_expression
from .rules import RANGES, SUM_TOLERANCE, name_problem, number_problem, shown, text_problem

__all__ = ["BASE", "DESCRIPTION", "Setting", "name_of_scenario_problem", "payoff_with", "planned_probabilities",
           "settings", "tidy"]

BASE = "base"  # the base numbers, as a scenario name
DESCRIPTION = "description"  # the scenario's own text, not a number


class _Tree(Protocol):
    actors: list[str]
    parameters: dict[str, Any]

    def __contains__(self, node_id: object) -> bool: ...

    def node(self, node_id: str) -> ScenarioNode: ...

    def nodes(self) -> Iterator[ScenarioNode]: ...


@dataclass(frozen=True)
class Setting:
    """One number of a scenario: what it sets (``kind``: probability, payoff or parameter) and its value."""

    key: str
    kind: str
    value: float
    node_id: str | None = None
    actor: str | None = None


def name_of_scenario_problem(name: Any) -> str | None:
    """A scenario's name is a name (letters, digits, ``_`` and ``-``) other than ``base``."""
    if problem := name_problem(name, ID_PATTERN):
        return problem
    if name == BASE:
        return f"found {BASE!r}, the name of the base numbers; expected another name"
    return None


def settings(spec: Mapping[str, Any], tree: _Tree) -> tuple[list[Setting], list[str]]:
    """The numbers a scenario sets, and what is wrong with its keys and values (``key: message`` each)."""
    found, problems = [], []
    for key, value in spec.items():
        if key == DESCRIPTION:
            if problem := text_problem(value, "description"):
                problems.append(f"{DESCRIPTION}: {problem}")
            continue
        setting = _setting(str(key), value, tree)
        if isinstance(setting, str):
            problems.append(f"{key}: {setting}")
        else:
            found.append(setting)
    return found, problems


def _setting(key: str, value: Any, tree: _Tree) -> Setting | str:
    """The setting a key names, or what is wrong with it."""
    name, _, field = key.partition(".")
    if name in tree.parameters and not field:
        low, high = declared_range(tree.parameters[name]) or RANGES["parameter"]
        return number_problem(value, low, high) or Setting(key, "parameter", value)
    if name not in tree:
        known = [*tree.parameters, *(node.id for node in tree.nodes())]
        close = difflib.get_close_matches(name, known, n=3)
        hint = f" (did you mean {', '.join(map(repr, close))}?)" if close else ""
        return f"no node or parameter is called {name!r}{hint}"
    node = tree.node(name)
    if field in ("", "probability"):
        return _probability_setting(key, node, value)
    what, _, actor = field.partition(".")
    if what != "payoff":
        return (f"found {field!r} after the node id, expected 'probability', 'payoff' or 'payoff.<actor>' "
                f"(actors: {tree.actors})")
    return _payoff_setting(key, node, actor or tree.actors[0], value, tree.actors)


def _probability_setting(key: str, node: ScenarioNode, value: Any) -> Setting | str:
    if node.parent is None or node.parent.kind != "chance":
        where = "the root" if node.parent is None else f"a branch of a {node.parent.kind}"
        return f"{node.id!r} is {where}; only branches of chance nodes have a probability to set"
    if is_expression(node.probability) or isinstance(node.probability, dict):
        return (f"its probability is written as {shown(node.probability)}; set the parameters it uses instead, "
                "or write it as a number")
    return number_problem(value, *RANGES["probability"]) or Setting(key, "probability", value, node.id)


def _payoff_setting(key: str, node: ScenarioNode, actor: str, value: Any, actors: list[str]) -> Setting | str:
    if actor not in actors:
        return f"unknown actor {actor!r} (must be one of {actors})"
    current = node.payoff.get(actor) if isinstance(node.payoff, dict) else (
        node.payoff if actor == actors[0] else None)
    if is_expression(current):
        return f"its payoff for {actor} is the expression {current!r}; set the parameters it uses instead"
    return number_problem(value, *RANGES["payoff"]) or Setting(key, "payoff", value, node.id, actor)


def payoff_with(payoff: Any, actor: str, amount: Any, actors: list[str]) -> Any:
    """A payoff as written with one actor's amount changed (a plain number stays the first actor's).

    >>> payoff_with(5, "putin", 2, ["west", "putin"])
    {'west': 5, 'putin': 2}
    >>> payoff_with(None, "west", 3, ["west", "putin"])
    3
    """
    if isinstance(payoff, dict):
        return {**payoff, actor: amount}
    if actor == actors[0]:
        return amount
    return {actors[0]: payoff or 0, actor: amount} if payoff else {actor: amount}


def planned_probabilities(branches: Mapping[str, Any], fixed: Mapping[str, float],
                          values: Mapping[str, float]) -> dict[str, Any]:
    """A chance node's branch probabilities as written (``branches``, by id, in order) once ``fixed`` are set.

    The other branches share what is left in proportion to their current probabilities (equally
    when they hold none); a ``#`` branch stays ``#`` when the shares are proportional, since it then
    takes exactly its share.

    Raises:
        ValueError: The fixed branches hold more than 1, or (all fixed) do not sum to 1.

    >>> planned_probabilities({"a": 0.5, "b": 0.3, "d": "#"}, {"a": 0.8}, {})
    {'a': 0.8, 'b': 0.12, 'd': '#'}
    """
    current = dict(zip(branches, resolved_values(list(branches.values()), values)))
    free = [branch for branch in branches if branch not in fixed]
    room = 1.0 - sum(fixed.values())
    labels = ", ".join(f"{key} {value:g}" for key, value in fixed.items())
    if room < -SUM_TOLERANCE:
        raise ValueError(f"the branches set here ({labels}) sum to {1 - room:g}, expected at most 1")
    if not free and abs(room) > SUM_TOLERANCE:
        raise ValueError(f"every branch is set here ({labels}) and they sum to {1 - room:g}, expected 1")
    planned = {branch: fixed.get(branch, raw) for branch, raw in branches.items()}
    proportional = sum(current[branch] for branch in free) > 1e-12
    for branch, share in zip(free, shared_out(max(room, 0.0), [current[branch] for branch in free])):
        # a `#` branch takes exactly its proportional share: it stays `#`
        planned[branch] = REMAINDER if proportional and branches[branch] == REMAINDER else tidy(share)
    return planned


def tidy(share: float) -> float:
    """A share rounded to 15 significant digits: 0.12, not 0.12000000000000001 (far within the sum's tolerance)."""
    return float(f"{share:.15g}")
