"""Named scenarios of a tree: trees with a scenario's numbers, switching to one, saving the live numbers as one.

:class:`ScenarioEdits` is a mixin of :class:`~scenario_tree.model.tree.TreeModel`. The *base
numbers* are the numbers the tree was loaded (or last saved) with; a scenario's numbers are the
base numbers with the scenario's settings applied (see :mod:`~scenario_tree.model.scenario_sets`).
Switching, saving and removing are undoable edits.

>>> from scenario_tree import default_tree
>>> tree = default_tree()
>>> tree.scenario_names
['pessimistic', 'optimistic']
>>> tree.scenario("pessimistic").node("guarantees_credible").probability
0.2
>>> tree.set_probability("guarantees_credible", 0.5)
>>> tree.save_scenario("hopeful", description="Even odds on credible guarantees")
{'description': 'Even odds on credible guarantees', 'guarantees_credible': 0.5, 'guarantees_weak': 0.5}
>>> tree.use_scenario("base")
>>> tree.node("guarantees_credible").probability, tree.matching_scenario()
(0.4, 'base')
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from ..errors import EditError
from .expressions import ExpressionError
from .history import History, Step
from .nodes import ScenarioNode
from .parameters import is_expression, resolve
from .scenario_sets import (
    BASE,
    DESCRIPTION,
    Setting,
    name_of_scenario_problem,
    payoff_with,
    planned_probabilities,
    settings,
)

__all__ = ["ScenarioEdits"]

Numbers = tuple[dict[str, tuple[Any, Any]], dict[str, Any]]  # (node id -> (probability, payoff)), parameters
Self = TypeVar("Self", bound="ScenarioEdits")
SAME = 1e-12  # probabilities closer than this are the same number


class ScenarioEdits:
    """The tree's named scenarios: every public method that changes something here is one undoable edit."""

    # what the tree and its edits provide (TreeModel, Edits)
    actors: list[str]
    history: History
    meta: dict[str, Any]
    parameters: dict[str, Any]
    copy: Callable[..., Any]
    node: Callable[[str], ScenarioNode]
    nodes: Callable[[], Iterator[ScenarioNode]]
    evaluate: Callable[[], Any]
    _edit: Callable[..., None]
    _set: Callable[[ScenarioNode, str, Any, list[Step]], None]
    _set_meta: Callable[[str, Any, list[Step]], None]
    _base: Numbers
    structure_version: int
    text_version: int
    _targets: tuple[tuple[int, int], Numbers, dict[str, Numbers | None]] | None = None

    def take_base(self) -> None:
        """Make the live numbers the base numbers (done on loading and after saving the file)."""
        self._base = (self._numbers(), copy.deepcopy(self.parameters))

    # -- reading ------------------------------------------------------------------------------------

    @property
    def scenario_names(self) -> list[str]:
        """The named scenarios of the file, in file order (``base`` is not one of them)."""
        return list(self.meta.get("scenarios") or {})

    def scenario_description(self, name: str) -> str | None:
        """What a scenario says about itself (whose reading it is, and why), if anything."""
        return self._spec(name).get(DESCRIPTION) if name != BASE else "The numbers written in the tree."

    def scenario_settings(self, name: str) -> dict[str, float]:
        """The numbers a scenario sets, by key (``{}`` for ``base``)."""
        return {key: value for key, value in self._spec(name).items() if key != DESCRIPTION}

    def scenario(self: Self, name: str) -> Self:
        """A new tree (same class, fresh undo history) with the numbers of scenario ``name`` (or ``base``).

        Raises:
            EditError: No scenario has that name, or its numbers break a rule of the tree.
        """
        twin = self.copy()
        twin.use_scenario(name)
        twin.history = History()
        return twin

    def scenario_problems(self, name: str) -> list[str]:
        """What is wrong with a scenario: each key's problem, else a rule its numbers would break."""
        found, problems = settings(self._spec(name), self)
        if not problems:
            try:
                self.scenario(name)
            except EditError as error:
                problems.append(str(error).removeprefix(f"scenario {name!r}: "))
        return problems

    def matching_scenario(self) -> str | None:
        """The scenario whose numbers the live numbers are (``base`` first), or ``None`` after other edits.

        Each scenario's numbers are worked out once per base, structure and set of scenarios, so
        that asking after every slider step costs one comparison of the numbers per scenario.
        """
        live = (self._numbers(), self.parameters)
        return next((name for name in [BASE, *self.scenario_names] if self._target(name) == live), None)

    def differences(self) -> dict[str, float]:
        """The live numbers that differ from the base numbers, as scenario settings (see ``save_scenario``)."""
        base = self.scenario(BASE)
        found = {name: _plain_value(name, spec) for name, spec in self.parameters.items()
                 if spec != base.parameters.get(name, spec)}
        live_probability, base_probability = self.evaluate().probability, base.evaluate().probability
        for node in self.nodes():
            if node.id not in base or is_expression(node.probability):
                continue
            if node.probability is not None and abs(live_probability[node.id] - base_probability[node.id]) > SAME:
                found[node.id] = live_probability[node.id]
            found.update(self._payoff_differences(node, base.node(node.id)))
        return found

    # -- edits --------------------------------------------------------------------------------------

    def use_scenario(self, name: str) -> None:
        """Set the live numbers to those of scenario ``name`` (``base``: the base numbers); one edit."""
        found, problems = settings(self._spec(name), self)
        if problems:
            raise EditError(f"scenario {name!r}: " + "; ".join(problems))
        touched: list[ScenarioNode] = []

        def build(steps: list[Step]) -> None:
            touched.extend(self._restore_base(steps))
            touched.extend(self._apply(found, steps))

        around = list(self.nodes()) if self.parameters else touched
        try:
            self._edit(build, around=around)
        except EditError as error:
            raise EditError(f"scenario {name!r}: {error}") from None

    def save_scenario(self, name: str, description: str | None = None) -> dict[str, Any]:
        """Record how the live numbers differ from the base numbers as scenario ``name`` (replacing one).

        Returns:
            The scenario as the file will hold it.
        """
        if problem := name_of_scenario_problem(name):
            raise EditError(f"scenario name: {problem}")
        spec = {DESCRIPTION: description} if description else {}
        spec.update(self.differences())
        problems = settings(spec, self)[1]
        if problems:
            raise EditError(f"scenario {name!r}: " + "; ".join(problems))
        scenarios = {**(self.meta.get("scenarios") or {}), name: spec}
        self._edit(lambda steps: self._set_meta("scenarios", scenarios, steps))
        return spec

    def remove_scenario(self, name: str) -> None:
        """Remove a named scenario from the file (the live numbers stay as they are)."""
        if name == BASE:
            raise EditError(f"{BASE!r} is the base numbers, not a named scenario; it cannot be removed")
        self._spec(name)
        scenarios = {key: value for key, value in (self.meta.get("scenarios") or {}).items() if key != name}
        self._edit(lambda steps: self._set_meta("scenarios", scenarios or None, steps))

    # -- internals ----------------------------------------------------------------------------------

    def _spec(self, name: str) -> dict[str, Any]:
        if name == BASE:
            return {}
        scenarios = self.meta.get("scenarios") or {}
        if name not in scenarios:
            raise EditError(f"unknown scenario {name!r} (the tree has {[BASE, *scenarios]})")
        return scenarios[name]

    def _numbers(self) -> dict[str, tuple[Any, Any]]:
        return {node.id: (node.probability, node.payoff) for node in self.nodes()}

    def _target(self, name: str) -> Numbers | None:
        """The numbers of scenario ``name`` (``None`` if it cannot be applied), kept while they cannot change."""
        key = (self.structure_version, self.text_version)
        if self._targets is None or self._targets[0] != key or self._targets[1] is not self._base:
            self._targets = (key, self._base, {})
        known = self._targets[2]
        if name not in known:
            try:
                twin = self.scenario(name)
            except EditError:
                known[name] = None
            else:
                known[name] = (twin._numbers(), twin.parameters)
        return known[name]

    def _restore_base(self, steps: list[Step]) -> list[ScenarioNode]:
        numbers, parameters = self._base
        if parameters != self.parameters:
            self._set_meta("parameters", copy.deepcopy(parameters) or None, steps)
        touched = []
        for node in self.nodes():
            probability, payoff = numbers.get(node.id, (node.probability, node.payoff))
            for field, value in (("probability", probability), ("payoff", payoff)):
                if getattr(node, field) != value:
                    self._set(node, field, value, steps)
                    touched.append(node)
        return touched

    def _apply(self, found: list[Setting], steps: list[Step]) -> list[ScenarioNode]:
        wanted = [each for each in found if each.kind == "parameter"]
        if wanted:
            parameters = copy.deepcopy(self.parameters)
            for each in wanted:
                spec = parameters[each.key]
                parameters[each.key] = {**spec, "value": each.value} if isinstance(spec, dict) else each.value
            self._set_meta("parameters", parameters, steps)
        try:
            values = resolve(self.parameters)
        except ExpressionError as error:
            raise EditError(f"parameters: {error}") from None
        touched = []
        by_chance: dict[ScenarioNode, dict[str, float]] = defaultdict(dict)
        for each in found:
            node = self.node(each.node_id) if each.node_id else None
            if each.kind == "probability":
                by_chance[node.parent][node.id] = each.value
            elif each.kind == "payoff":
                self._set(node, "payoff", payoff_with(node.payoff, each.actor, each.value, self.actors), steps)
                touched.append(node)
        for chance, fixed in by_chance.items():
            try:
                planned = planned_probabilities(chance, fixed, values)
            except ValueError as error:
                raise EditError(str(error)) from None
            for child in chance.children:
                self._set(child, "probability", planned[child.id], steps)
            touched.append(chance)
        return touched

    def _payoff_differences(self, node: ScenarioNode, base: ScenarioNode) -> dict[str, float]:
        found = {}
        for actor in self.actors:
            live, old = _amount(node.payoff, actor, self.actors), _amount(base.payoff, actor, self.actors)
            if live != old:
                if is_expression(live):
                    raise EditError(f"{node!r}: payoff for {actor} is an expression; a scenario holds numbers")
                key = f"{node.id}.payoff" if len(self.actors) == 1 else f"{node.id}.payoff.{actor}"
                found[key] = live if live is not None else 0
        return found


def _amount(payoff: Any, actor: str, actors: list[str]) -> Any:
    if isinstance(payoff, dict):
        return payoff.get(actor)
    return payoff if actor == actors[0] else None


def _plain_value(name: str, spec: Any) -> float:
    value = spec.get("value") if isinstance(spec, dict) else spec
    if is_expression(value):
        raise EditError(f"parameter {name!r} is the expression {value!r}; a scenario holds numbers")
    return value
