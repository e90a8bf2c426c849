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
from .nodes import ScenarioNode, node_path, resolved_values
from .parameters import is_expression, resolve
from .scenario_sets import (
    BASE,
    DESCRIPTION,
    name_of_scenario_problem,
    payoff_with,
    planned_probabilities,
    settings,
    tidy,
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
    structure_version: int
    text_version: int
    copy: Callable[..., Any]
    node: Callable[[str], ScenarioNode]
    nodes: Callable[[], Iterator[ScenarioNode]]
    evaluate: Callable[[], Any]
    _edit: Callable[..., None]
    _set: Callable[[ScenarioNode, str, Any, list[Step]], None]
    _set_meta: Callable[[str, Any, list[Step]], None]
    _base: Numbers | None = None  # taken at the first edit: until then the live numbers are the base
    _targets: tuple[tuple[int, int], Numbers, dict[str, dict[str, Any] | None]] | None = None

    def take_base(self) -> None:
        """Make the live numbers the base numbers (after saving the file: it holds them now)."""
        self._base = (self._numbers(), copy.deepcopy(self.parameters))

    def _keep_base(self) -> None:
        """Called before every edit: the numbers before the first one are the base."""
        if self._base is None:
            self.take_base()

    @property
    def base_numbers(self) -> Numbers:
        """The base numbers: ``({node id: (probability, payoff) as written}, parameters)``."""
        return self._base if self._base is not None else (self._numbers(), self.parameters)

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
        problems = settings(self._spec(name), self)[1]
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
        probability = self.evaluate().probability  # worked out already, for the explorer's refresh
        live = {node.id: node.payoff for node in self.nodes()}
        live.update((f"{node_id}.probability", round(value, 12)) for node_id, value in probability.items()
                    if value is not None)
        return next((name for name in [BASE, *self.scenario_names] if self._target(name) == live), None)

    def differences(self) -> dict[str, float]:
        """The live numbers that differ from the base numbers, as scenario settings (see ``save_scenario``)."""
        numbers, parameters = self.base_numbers
        found = {name: _plain_value(name, spec) for name, spec in self.parameters.items()
                 if spec != parameters.get(name, spec)}
        live_values, base_values = resolve(self.parameters), resolve(parameters)
        for node in self.nodes():
            if node.kind == "chance" and any(numbers.get(child.id, (child.probability,))[0] != child.probability
                                             for child in node.children):
                found.update(self._probability_differences(node, numbers, live_values, base_values))
            if node.id in numbers:
                found.update(self._payoff_differences(node, numbers[node.id][1]))
        return found

    # -- edits --------------------------------------------------------------------------------------

    def use_scenario(self, name: str) -> None:
        """Set the live numbers to those of scenario ``name`` (``base``: the base numbers); one edit."""
        numbers, parameters = self._planned(name)
        touched: list[ScenarioNode] = []

        def build(steps: list[Step]) -> None:
            if parameters != self.parameters:
                self._set_meta("parameters", copy.deepcopy(parameters) or None, steps)
            for node in self.nodes():
                probability, payoff = numbers.get(node.id, (node.probability, node.payoff))
                for field, value in (("probability", probability), ("payoff", payoff)):
                    if getattr(node, field) != value:
                        self._set(node, field, value, steps)
                        touched.append(node)

        around = list(self.nodes()) if self.parameters else touched  # a parameter may move any number
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

    def _prune_scenarios(self, steps: list[Step]) -> None:
        """After a change of structure: drop the settings whose node is gone or is no longer a chance branch."""
        scenarios = self.meta.get("scenarios") or {}
        pruned = {}
        for name, spec in scenarios.items():
            bad = {problem.partition(":")[0] for problem in settings(spec, self)[1]}
            pruned[name] = {key: value for key, value in spec.items() if key not in bad}
        if pruned != scenarios:
            self._set_meta("scenarios", pruned, steps)

    def _spec(self, name: str) -> dict[str, Any]:
        if name == BASE:
            return {}
        scenarios = self.meta.get("scenarios") or {}
        if name not in scenarios:
            raise EditError(f"unknown scenario {name!r} (the tree has {[BASE, *scenarios]})")
        return scenarios[name]

    def _numbers(self) -> dict[str, tuple[Any, Any]]:
        return {node.id: (node.probability, node.payoff) for node in self.nodes()}

    def _target(self, name: str) -> dict[str, Any] | None:
        """The numbers of scenario ``name`` (``None`` if it cannot be applied), kept while they cannot change."""
        base = self.base_numbers
        key = (self.structure_version, self.text_version)
        if self._targets is None or self._targets[0] != key or self._targets[1] is not base:
            self._targets = (key, base, {})
        known = self._targets[2]
        if name not in known:
            try:
                known[name] = self._comparable(self._planned(name))
            except EditError:
                known[name] = None
        return known[name]

    def _comparable(self, numbers: Numbers) -> dict[str, Any]:
        """Numbers as they count: each branch's probability (``#`` and expressions worked out, to 12 decimals)
        and each payoff as written, so that ``#`` and the number it stands for are the same."""
        written, parameters = numbers
        try:
            values = resolve(parameters)
        except ExpressionError:
            return {}
        found: dict[str, Any] = {node.id: written.get(node.id, (None, node.payoff))[1] for node in self.nodes()}
        for node in self.nodes():
            if node.kind == "chance":
                raw = [written.get(child.id, (child.probability,))[0] for child in node.children]
                found.update((f"{child.id}.probability", round(float(value), 12))
                             for child, value in zip(node.children, resolved_values(raw, values)))
        return found

    def _planned(self, name: str) -> Numbers:
        """The numbers of scenario ``name``: the base numbers with its settings applied."""
        found, problems = settings(self._spec(name), self)
        if problems:
            raise EditError(f"scenario {name!r}: " + "; ".join(problems))
        base, base_parameters = self.base_numbers
        numbers, parameters = dict(base), copy.deepcopy(base_parameters)
        for each in found:
            if each.kind == "parameter":
                spec = parameters[each.key]
                parameters[each.key] = {**spec, "value": each.value} if isinstance(spec, dict) else each.value
            elif each.kind == "payoff":
                probability, payoff = numbers.get(each.node_id, (None, None))
                numbers[each.node_id] = (probability, payoff_with(payoff, each.actor, each.value, self.actors))
        try:
            values = resolve(parameters)
        except ExpressionError as error:
            raise EditError(f"scenario {name!r}: parameters: {error}") from None
        by_chance: dict[ScenarioNode, dict[str, float]] = defaultdict(dict)
        for each in found:
            if each.kind == "probability":
                by_chance[self.node(each.node_id).parent][each.node_id] = each.value
        for chance, fixed in by_chance.items():
            branches = {child.id: numbers.get(child.id, (child.probability,))[0] for child in chance.children}
            try:
                planned = planned_probabilities(branches, fixed, values)
            except ValueError as error:
                raise EditError(f"scenario {name!r}: {node_path(chance)}: {error}") from None
            numbers.update((branch, (raw, numbers.get(branch, (None, None))[1])) for branch, raw in planned.items())
        return numbers, parameters

    def _probability_differences(self, chance: ScenarioNode, numbers: dict[str, tuple[Any, Any]],
                                 live_values: dict[str, float], base_values: dict[str, float]) -> dict[str, float]:
        children = [child for child in chance.children if not is_expression(child.probability)]
        live = resolved_values([child.probability for child in chance.children], live_values)
        base = resolved_values([numbers.get(child.id, (child.probability,))[0] for child in chance.children],
                               base_values)
        return {child.id: tidy(now) for child, now, before in zip(chance.children, live, base)
                if child in children and child.id in numbers and abs(now - before) > SAME}

    def _payoff_differences(self, node: ScenarioNode, base_payoff: Any) -> dict[str, float]:
        found = {}
        for actor in self.actors:
            live, old = _amount(node.payoff, actor, self.actors), _amount(base_payoff, actor, self.actors)
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
