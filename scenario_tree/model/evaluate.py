"""Backward induction over a compiled tree, for one set of numbers or many at once, and its result.

Evaluation is a loop over levels with a few numpy calls each, never recursion, so depth is limited
only by memory; see ``benchmarks/evaluate.py`` for the speed against plain recursion over the nodes.
A chance node's value is its own payoff plus ``p1·v1 + p2·v2 + …`` summed in child order, so every
evaluation (compiled, partial or recursive) gives the same numbers to the last bit.

Decisions are subgame perfect: each decision node picks the child that maximises the value of its
own ``actor``. **The tie rule**, written once here (:func:`tie_floor`) and used by every evaluation
and analysis: let ``k1 … kn`` be the options' values for the deciding actor, ``top`` the largest and
``m = max |ki|`` the largest magnitude; every option with ``ki >= top - TIE_RELATIVE·m`` ties with
the best (``TIE_RELATIVE = 1e-12``), and the first of them in child order is chosen. The tolerance
scales with the payoffs: rounding at payoffs of 1e8 (one ulp is 1.5e-8) cannot break an exact tie
against the first-child rule, while options 5e-10 apart at payoffs near 1 are not a tie.

>>> [first_best(keys) for keys in ([1.0, 2.0, 2.0], [1e8 + 1.5e-8, 1e8 + 3e-8], [1.0, 1.0 + 5e-10])]
[1, 0, 1]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from .compiled import CHANCE, DECISION, OUTCOME, CompiledTree, forward_plan
from .nodes import ScenarioNode, node_path, payoff_vector, resolved_probabilities
from .utility import expected_utility

__all__ = ["TIE_RELATIVE", "Evaluation", "LevelPlan", "Step", "backward_batch", "backward_certainty", "backward_plan",
           "backward_values", "choose", "evaluate_compiled", "first_best", "first_ties", "forward_batch",
           "forward_probabilities", "naive_values", "tie_floor"]


TIE_RELATIVE = 1e-12


def tie_floor(top: Any, magnitude: Any) -> Any:
    """The least value that ties with ``top``, the best option's value (numbers or arrays).

    ``magnitude`` is the largest ``|value|`` among the options compared.
    """
    return top - TIE_RELATIVE * magnitude


def first_best(keys: Sequence[float]) -> int:
    """The position of the option chosen among values ``keys`` by the tie rule (the module docstring)."""
    floor = tie_floor(max(keys), max(abs(key) for key in keys))
    return next(index for index, key in enumerate(keys) if key >= floor)


@dataclass(frozen=True)
class Step:
    """The ``k``-th children of the parents (of one kind, on one level) that have at least ``k + 1``.

    ``parents`` are positions among the level's parents of that kind and ``children`` rows of the
    tree; the ``*_rows`` index actor-major rows (``actor * size + index``) of every actor in turn, and
    ``key_rows`` (decisions) each child's row under the actor its parent decides for.
    """

    parents: np.ndarray
    children: np.ndarray
    parent_rows: np.ndarray
    child_rows: np.ndarray
    key_rows: np.ndarray


@dataclass(frozen=True)
class LevelPlan:
    """The parents on one depth level, by kind, with their children taken one position at a time."""

    chance: np.ndarray
    chance_rows: np.ndarray  # every actor's row of each chance parent
    chance_steps: tuple[Step, ...]
    decision: np.ndarray
    decision_rows: np.ndarray
    decision_steps: tuple[Step, ...]
    decision_keys: np.ndarray  # (option, decision): each option's key row, as in decision_options
    decision_options: np.ndarray  # (option, decision): each option's row; fewer options repeat the first


def backward_plan(compiled: CompiledTree, actors: int, keys: tuple[int, ...] | None = None) -> list[LevelPlan]:
    """The levels from the deepest parent up, built once per structure (every evaluation reuses it).

    ``actors`` counts the value rows of each node (the actors, then one certainty-equivalent row per
    actor with a utility) and ``keys[a]`` is the row a decision of actor ``a`` maximises (default: ``a``).
    """
    keys = keys or tuple(range(actors))
    key = f"backward/{actors}/{keys}"
    if key not in compiled.plans:
        starts = compiled.level_starts
        compiled.plans[key] = [_level_plan(compiled, np.arange(starts[level], starts[level + 1]), actors, keys)
                               for level in range(len(starts) - 3, -1, -1)]
    return compiled.plans[key]


def _level_plan(compiled: CompiledTree, rows: np.ndarray, actors: int, keys: tuple[int, ...]) -> LevelPlan:
    rows = rows[compiled.child_count[rows] > 0]
    chance, decision = rows[compiled.kind[rows] == CHANCE], rows[compiled.kind[rows] == DECISION]
    size = len(compiled.nodes)
    decision_steps = _steps(compiled, decision, actors, keys)
    return LevelPlan(chance, _every_actor(chance, size, actors), _steps(compiled, chance, actors, keys),
                     decision, _every_actor(decision, size, actors), decision_steps,
                     _stacked([step.key_rows for step in decision_steps], [step.parents for step in decision_steps]),
                     _stacked([step.children for step in decision_steps], [step.parents for step in decision_steps]))


def _every_actor(indices: np.ndarray, size: int, actors: int) -> np.ndarray:
    return (np.arange(actors)[:, None] * size + indices).ravel()


def _steps(compiled: CompiledTree, parents: np.ndarray, actors: int, keys: tuple[int, ...]) -> tuple[Step, ...]:
    counts, size = compiled.child_count[parents], len(compiled.nodes)
    deciders = np.array(keys, dtype=np.int64)[np.maximum(compiled.decider[parents], 0)] * size
    steps = []
    for position in range(int(counts.max(initial=0))):
        having = np.flatnonzero(counts > position)
        children = compiled.first_child[parents[having]] + position
        steps.append(Step(having, children, _every_actor(having, parents.size, actors),
                          _every_actor(children, size, actors), deciders[having] + children))
    return tuple(steps)


def backward_values(compiled: CompiledTree) -> tuple[np.ndarray, np.ndarray]:
    """Values per node and actor, and the chosen child row of each decision (-1 elsewhere)."""
    value, best = backward_batch(compiled, compiled.probability[:, None], compiled.payoff[:, None, :])
    return value[:, 0], best[:, 0]


def backward_batch(compiled: CompiledTree, probability: np.ndarray, payoff: np.ndarray,
                   forced: np.ndarray | None = None,
                   tolerance: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Backward induction for many sets of numbers at once (one column per sample).

    Args:
        probability: ``(nodes, samples)`` branch probabilities (NaN where there is none).
        payoff: ``(nodes, samples, actors)`` payoffs (a broadcast view is fine).
        forced: ``(nodes,)`` child rows that the decisions take in every sample instead of choosing
            (a policy held fixed, such as an evaluation's ``best_rows``); ``None`` lets each choose.
        tolerance: Each actor's risk tolerance, ``(actors,)`` or ``(actors, samples)`` (``inf``: linear);
            default the compiled tree's own.

    Returns:
        ``(nodes, samples, actors)`` expected values and ``(nodes, samples)`` chosen child rows.
    """
    value, _, best = backward_certainty(compiled, probability, payoff, tolerance, forced)
    return value, best


def backward_certainty(compiled: CompiledTree, probability: np.ndarray, payoff: np.ndarray,
                       tolerance: np.ndarray | None = None,
                       forced: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`backward_batch` that also gives ``(nodes, samples, actors)`` certainty equivalents.

    An actor without a utility has the same numbers in both (the very same array when no actor has one).
    """
    nodes, samples, actors = payoff.shape
    tolerance = np.broadcast_to(np.asarray(compiled.tolerance if tolerance is None else tolerance,
                                           dtype=float).reshape(actors, -1), (actors, samples))
    averse = np.flatnonzero(np.isfinite(tolerance).any(axis=1))
    columns, keys = actors + averse.size, np.arange(actors)
    keys[averse] = actors + np.arange(averse.size)
    # actor-major rows, so that every gather below is one ``take`` of whole rows (far faster than
    # fancy indexing with small trailing dimensions); the certainty equivalents' rows come last
    by_actor = np.moveaxis(payoff, 2, 0)
    value = np.array(by_actor, dtype=float, order="C") if not averse.size else \
        np.concatenate([by_actor, by_actor[averse]]).astype(float, order="C")
    rows = value.reshape(columns * nodes, samples)
    best = np.full((nodes, samples), -1, dtype=np.int64)
    for level in backward_plan(compiled, columns, tuple(keys.tolist())):
        if level.chance.size:
            linear = actors * level.chance.size
            _add_to_rows(rows, level.chance_rows[:linear], _expected(level, rows, probability, actors))
            if averse.size:
                _add_to_rows(rows, level.chance_rows[linear:],
                             _certain(level, rows, probability, tolerance[averse], actors))
        if level.decision.size:
            chosen = _chosen(level, rows) if forced is None else \
                np.repeat(forced[level.decision][:, None], samples, axis=1)
            taken = value.reshape(columns, -1).take(chosen * samples + np.arange(samples), axis=1)
            _add_to_rows(rows, level.decision_rows, taken.reshape(-1, samples))
            best[level.decision] = chosen
    expected = np.moveaxis(value[:actors], 0, 2)
    if not averse.size:
        return expected, expected, best
    certain = value[:actors].copy()
    certain[averse] = value[actors:]
    return expected, np.moveaxis(certain, 0, 2), best


def _add_to_rows(rows: np.ndarray, targets: np.ndarray, amounts: np.ndarray) -> None:
    # ``take`` then assign: measured faster than ``rows[targets] += amounts`` (a fancy read and write)
    rows[targets] = rows.take(targets, axis=0) + amounts


def _expected(level: LevelPlan, rows: np.ndarray, probability: np.ndarray, actors: int) -> np.ndarray:
    """``p1·v1 + p2·v2 + …`` of each chance parent, per actor and sample, added in child order."""
    samples = rows.shape[1]

    def weighted(step: Step) -> np.ndarray:
        linear = step.child_rows[:actors * step.children.size]  # the expected values' rows, before any CE rows
        products = rows.take(linear, axis=0).reshape(actors, -1, samples)
        products *= probability.take(step.children, axis=0)
        return products.reshape(-1, samples)

    first, *rest = level.chance_steps
    total = weighted(first)
    for step in rest:
        _add_to_rows(total, step.parent_rows[:actors * step.parents.size], weighted(step))
    return total


def _certain(level: LevelPlan, rows: np.ndarray, probability: np.ndarray, tolerance: np.ndarray,
             actors: int) -> np.ndarray:
    """``-R ln(p1·exp(-c1/R) + p2·exp(-c2/R) + …)`` of each chance parent's children's certainty equivalents.

    ``tolerance`` is ``(averse actors, samples)``; their rows follow the ``actors`` rows of expected values.
    Shifted by ``low``, the least ``ci`` of a branch that can happen, every exponent is at most 0.
    """
    count, samples = tolerance.shape
    scale = tolerance[:, None, :]
    parts = [(step, rows.take(step.child_rows[actors * step.children.size:], axis=0).reshape(count, -1, samples),
              probability.take(step.children, axis=0)) for step in level.chance_steps]
    low = np.full((count, level.chance.size, samples), np.inf)
    for step, certain, weight in parts:
        low[:, step.parents] = np.minimum(low[:, step.parents], np.where(weight > 0, certain, np.inf))
    total = np.zeros_like(low)
    for step, certain, weight in parts:
        gap = np.where(weight > 0, certain - low[:, step.parents], 0.0)
        total[:, step.parents] += weight * np.expm1(-gap / scale)
    # branches summing to 1 + 1e-9 with a tiny least branch could reach -1: keep the logarithm finite
    return (low - scale * np.log1p(np.maximum(total, np.nextafter(-1.0, 0.0)))).reshape(-1, samples)


def _chosen(level: LevelPlan, rows: np.ndarray) -> np.ndarray:
    """The row of the child each decision parent picks in each sample, by the tie rule."""
    keys = rows.take(level.decision_keys.ravel(), axis=0)
    return first_ties(keys.reshape(*level.decision_keys.shape, rows.shape[1]), level.decision_options)


def choose(keys: list[np.ndarray], parents: list[np.ndarray], children: list[np.ndarray]) -> np.ndarray:
    """The child each decision picks by the tie rule, its options given one position at a time.

    ``keys[k]`` are the values, for the deciding actor, of the ``k``-th options of the decisions at
    positions ``parents[k]`` (every decision has a first option), and ``children[k]`` their rows;
    keys may have trailing dimensions (samples). Returns the chosen row per decision (and sample).
    """
    return first_ties(_stacked(keys, parents), _stacked(children, parents))


def _stacked(options: list[np.ndarray], parents: list[np.ndarray]) -> np.ndarray:
    """Options given one position at a time as one ``(position, decision, ...)`` array.

    A decision with fewer options repeats its first, which changes neither the best value, nor
    the largest magnitude, nor which option is the first to tie.
    """
    if not options:  # a level without decisions
        return np.empty((0, 0), dtype=np.int64)
    stacked = np.empty((len(options), *options[0].shape), dtype=options[0].dtype)
    stacked[:] = options[0]
    for position in range(1, len(options)):
        stacked[position, parents[position]] = options[position]
    return stacked


def first_ties(keys: np.ndarray, options: np.ndarray) -> np.ndarray:
    """The option each decision picks by the tie rule, from ``(position, decision, ...)`` arrays.

    ``keys[k]`` are the values of the ``k``-th options (trailing dimensions: samples) and
    ``options[k]`` their rows. Returns the chosen row per decision (and sample): the first option
    that ties with the best, or the first option where none does (NaN values).
    """
    top = keys.max(axis=0)
    floor = tie_floor(top, np.maximum(top, -keys.min(axis=0)))  # max |key| without an array of |keys|
    shape = options.shape[1:] + (1,) * (keys.ndim - options.ndim)
    chosen = np.empty(keys.shape[1:], dtype=np.int64)
    chosen[...] = options[0].reshape(shape)
    for position in range(len(options) - 1, -1, -1):  # the last first, so that the first tie wins
        np.copyto(chosen, options[position].reshape(shape), where=keys[position] >= floor)
    return chosen


def forward_probabilities(compiled: CompiledTree, best: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Path probability (decisions count as taken) and policy probability of every node."""
    path_probability, policy_probability = forward_batch(compiled, compiled.probability[:, None], best[:, None])
    return path_probability[:, 0], policy_probability[:, 0]


def forward_batch(compiled: CompiledTree, probability: np.ndarray, best: np.ndarray,
                  path: bool = True) -> tuple[np.ndarray | None, np.ndarray]:
    """Path and policy probabilities for many sets of numbers at once: ``(nodes, samples)`` each.

    With ``path=False`` only the policy probabilities are computed (the first result is ``None``).
    """
    rows, samples = best.shape
    chance_children, decision_parents, decision_children = forward_plan(compiled)
    # every row below the root is written before it is read: no array needs filling first
    on_policy = np.empty((rows, samples))  # each branch's factor, with only the chosen branch of a decision taken
    on_policy[chance_children] = probability.take(chance_children, axis=0)
    branch = None
    if path:
        branch = on_policy.copy()
        branch[decision_children] = 1.0  # for the path probability, a decision's branches count as taken
    on_policy[decision_children] = 0.0
    chosen = best.take(decision_parents, axis=0) * samples + np.arange(samples)
    on_policy.reshape(-1)[chosen.ravel()] = 1.0
    path_probability = np.empty((rows, samples)) if path else None
    policy_probability = np.empty((rows, samples))
    policy_probability[0] = 1.0
    if path_probability is not None:
        path_probability[0] = 1.0
    starts = compiled.level_starts
    for level in range(1, len(starts) - 1):
        level_rows = slice(starts[level], starts[level + 1])
        level_parents = compiled.parent[level_rows]
        if path_probability is not None:
            path_probability[level_rows] = path_probability.take(level_parents, axis=0) * branch[level_rows]
        policy_probability[level_rows] = policy_probability.take(level_parents, axis=0) * on_policy[level_rows]
    return path_probability, policy_probability


def evaluate_compiled(compiled: CompiledTree, title: str, actors: list[str]) -> Evaluation:
    """Evaluate a compiled tree: backward induction, then probabilities from the root down."""
    value, certain, best = backward_certainty(compiled, compiled.probability[:, None], compiled.payoff[:, None, :])
    path_probability, policy_probability = forward_probabilities(compiled, best[:, 0])
    return Evaluation(title, actors, compiled, value[:, 0], best[:, 0], path_probability, policy_probability,
                      certain[:, 0])


class Evaluation:
    """The result of :meth:`TreeModel.evaluate`: arrays, with per-id mappings built on demand.

    Attributes:
        value: ``{node_id: {actor: number}}``, each node's own payoff included.
        best: ``{node_id: child_id or None}``: the chosen branch of each decision.
        probability: ``{node_id: number or None}``: the branch probability, ``#`` resolved.
        path_probability: ``{node_id: number}``: product of chance probabilities from the root.
        policy_probability: ``{node_id: number}``: reached when every decision follows ``best``.
        certainty_equivalent: ``{node_id: {actor: number}}``: the sure amount worth as much to the
            actor as the node's payoffs from there on (its own included); the value for a linear actor.
        expected_utility: ``{node_id: {actor: number}}``: the utility of the certainty equivalent,
            ``1 - exp(-CE/R)`` for an exponential utility (the value itself for a linear actor).
    """

    def __init__(self, title: str, actors: list[str], compiled: CompiledTree, values: np.ndarray,
                 best_rows: np.ndarray, path_probabilities: np.ndarray, policy_probabilities: np.ndarray,
                 certainty: np.ndarray | None = None) -> None:
        self.title = title
        self.actors = list(actors)
        self.compiled = compiled
        # the compiled arrays are patched in place by later edits: keep this evaluation's numbers
        self.branch_probabilities = compiled.probability.copy()
        self.payoffs = compiled.payoff.copy()
        self.values = values
        self.best_rows = best_rows
        self.path_probabilities = path_probabilities
        self.policy_probabilities = policy_probabilities
        self.certainty = values if certainty is None else certainty  # (nodes, actors) certainty equivalents
        self.tolerance = np.full(len(actors), np.inf) if compiled.tolerance is None else compiled.tolerance.copy()

    @property
    def risk_averse(self) -> list[str]:
        """The actors with a utility other than linear (an exponential one), in actor order."""
        return [actor for actor, tolerance in zip(self.actors, self.tolerance.tolist()) if tolerance != np.inf]

    def _per_actor(self, table: np.ndarray) -> dict[str, dict[str, float]]:
        return {node.id: dict(zip(self.actors, row)) for node, row in zip(self.compiled.nodes, table.tolist())}

    def _by_id(self, column: np.ndarray) -> dict[str, float]:
        return dict(zip((node.id for node in self.compiled.nodes), column.tolist()))

    @cached_property
    def value(self) -> dict[str, dict[str, float]]:
        return self._per_actor(self.values)

    @cached_property
    def certainty_equivalent(self) -> dict[str, dict[str, float]]:
        return self._per_actor(self.certainty)

    @cached_property
    def expected_utility(self) -> dict[str, dict[str, float]]:
        return self._per_actor(expected_utility(self.certainty, self.tolerance[None, :]))

    @cached_property
    def best(self) -> dict[str, str | None]:
        nodes = self.compiled.nodes
        return {node.id: (nodes[row].id if row >= 0 else None) for node, row in zip(nodes, self.best_rows.tolist())}

    @cached_property
    def probability(self) -> dict[str, float | None]:
        return {key: (None if value != value else value) for key, value in
                self._by_id(self.branch_probabilities).items()}

    @cached_property
    def path_probability(self) -> dict[str, float]:
        return self._by_id(self.path_probabilities)

    @cached_property
    def policy_probability(self) -> dict[str, float]:
        return self._by_id(self.policy_probabilities)

    @cached_property
    def path_totals(self) -> np.ndarray:
        """``(nodes, actors)``: the payoffs added up from the root down to each node (itself included)."""
        totals = self.payoffs.copy()
        starts = self.compiled.level_starts
        for level in range(1, len(starts) - 1):
            rows = slice(starts[level], starts[level + 1])
            totals[rows] += totals.take(self.compiled.parent[rows], axis=0)
        return totals

    @property
    def root_value(self) -> dict[str, float]:
        """The value of the whole tree per actor."""
        return self.value[self.compiled.nodes[0].id]

    @property
    def policy(self) -> dict[str, str]:
        """``{decision_id: chosen child id}`` for every decision node."""
        return {key: choice for key, choice in self.best.items() if choice is not None}

    def outcomes(self) -> list[dict[str, Any]]:
        """Every outcome with its probabilities, its own payoff (``value``) and the ``total`` of the
        payoffs along its path (what reaching it is worth), most likely under the policy first."""
        rows = np.flatnonzero(self.compiled.kind == OUTCOME)
        order = sorted(rows.tolist(), key=lambda row: (-self.policy_probabilities[row], -self.path_probabilities[row]))
        return [self._outcome(row) for row in order]

    def _outcome(self, row: int) -> dict[str, Any]:
        node = self.compiled.nodes[row]
        return {
            "id": node.id,
            "label": node.label,
            "path": node_path(node),
            "tags": list(node.tags),
            "policy_probability": float(self.policy_probabilities[row]),
            "path_probability": float(self.path_probabilities[row]),
            "value": dict(zip(self.actors, self.values[row].tolist())),  # the outcome's own payoff
            "total": dict(zip(self.actors, self.path_totals[row].tolist())),  # every payoff along its path
        }

    def tags(self) -> dict[str, float]:
        """Total policy probability of the outcomes carrying each tag, in order of first use."""
        totals: dict[str, float] = {}
        for row in np.flatnonzero(self.compiled.kind == OUTCOME).tolist():
            for tag in self.compiled.nodes[row].tags:
                totals[tag] = totals.get(tag, 0.0) + float(self.policy_probabilities[row])
        return totals

    def to_dict(self) -> dict[str, Any]:
        """The evaluation in the documented ``scenario-tree evaluate --json`` shape."""
        nodes = {}
        for row, node in enumerate(self.compiled.nodes):
            nodes[node.id] = {
                "path": node_path(node),
                "kind": node.kind,
                "label": node.label,
                "probability": self.probability[node.id],
                "path_probability": float(self.path_probabilities[row]),
                "policy_probability": float(self.policy_probabilities[row]),
                "value": self.value[node.id],
                "best": self.best[node.id],
            }
            if self.risk_averse:  # only for a file with utilities: other files keep their documented shape
                nodes[node.id].update(certainty_equivalent=self.certainty_equivalent[node.id],
                                      expected_utility=self.expected_utility[node.id])
        return {
            "title": self.title,
            "actors": self.actors,
            "root": self.compiled.nodes[0].id,
            "value": self.root_value,
            "policy": self.policy,
            "nodes": nodes,
            "outcomes": self.outcomes(),
            "tags": self.tags(),
        }


def naive_values(node: ScenarioNode, actors: list[str], values: dict[str, float] | None = None) -> list[float]:
    """Plain recursive backward induction, the reference the compiled pass is checked against.

    It recurses, so it fails on deep trees: use it only in tests and benchmarks.
    """
    own = payoff_vector(node.payoff, actors, values)
    if node.kind == "outcome" or not node.children:
        return own
    child_values = [naive_values(child, actors, values) for child in node.children]
    if node.kind == "chance":
        weights = resolved_probabilities(node, values)
        folded = [sum(w * values[a] for w, values in zip(weights, child_values)) for a in range(len(actors))]
    else:
        actor = actors.index(node.actor) if node.actor in actors else 0
        folded = child_values[first_best([values[actor] for values in child_values])]
    return [mine + theirs for mine, theirs in zip(own, folded)]
