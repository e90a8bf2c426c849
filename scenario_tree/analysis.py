"""Which numbers matter, where the choice flips, how sure we are, what evidence and information are worth.

Every analysis runs on the compiled tree with many sets of numbers at once (``backward_batch``):
one row per swept value, per tornado end or per Monte Carlo sample. Decisions stay games: each
decision node maximises the value of its own actor in every sample.

What can be varied (a *quantity*): each declared parameter; each branch probability written as a
plain number (named by its node id; its siblings rescale proportionally, as in the explorer);
each payoff written as a plain number (``node_id.payoff``, or ``node_id.payoff.actor``).

>>> from scenario_tree import load
>>> movie = load("examples/movie_contract.yaml")
>>> [round(flip.value, 6) for flip in one_way(movie, "movie_company.payoff", -100_000, 0).thresholds]
[-60000.0]
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import ScenarioError
from .evaluate import CHANCE, DECISION, OUTCOME, backward_batch, forward_batch
from .model import REMAINDER, node_path, payoff_vector, preorder, resolved_probabilities
from .parameters import declared_range, is_expression, resolve

if TYPE_CHECKING:
    from .evaluate import CompiledTree
    from .tree import ScenarioTree

__all__ = [
    "Flip",
    "MonteCarlo",
    "OneWay",
    "Quantity",
    "TornadoBar",
    "bayes_reversal",
    "compare",
    "evpi",
    "monte_carlo",
    "one_way",
    "pool",
    "posterior",
    "quantities",
    "quantity",
    "spider",
    "tornado",
    "two_way",
]

THRESHOLD_TOLERANCE = 1e-9  # the width of the last bisection interval, in the quantity's own units
DEFAULT_SWING = 0.2
# numbers per Monte Carlo chunk (values of every node, sample and actor): ~16 MB; larger chunks measured
# slower on big trees (every chunk allocates several arrays of this size, see benchmarks/analysis.py)
MEMORY_BUDGET = 2_000_000


class AnalysisError(ScenarioError, ValueError):
    """An analysis that cannot be run as asked."""


# -- what can vary -------------------------------------------------------------------------------


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


def quantities(tree: ScenarioTree, swing: float = DEFAULT_SWING) -> list[Quantity]:
    """Every quantity of the tree: declared parameters, plain branch probabilities and payoffs.

    Ranges are the declared ``low``/``high`` where given, otherwise ``base ± swing·|base|``
    (probabilities kept within [0, 1]). Kept until the tree's next edit.
    """
    memo = _compiled(tree).memo
    key = ("quantities", tree.version, swing)
    if memo.get("quantities", (None,))[0] != key:
        memo["quantities"] = (key, _find_quantities(tree, swing))
    return list(memo["quantities"][1])


def _find_quantities(tree: ScenarioTree, swing: float) -> list[Quantity]:
    found = []
    values = tree.parameter_values()
    for name, spec in tree.parameters.items():
        bounds = declared_range(spec) or _swung(values[name], swing)
        found.append(Quantity(name, "parameter", float(values[name]), *bounds))
    for node in tree.nodes():
        parent = node.parent
        if (parent is not None and parent.kind == "chance" and len(parent.children) > 1
                and _is_plain(node.probability)):
            low, high = _swung(float(node.probability), swing)
            found.append(Quantity(node.id, "probability", float(node.probability), max(low, 0.0), min(high, 1.0),
                                  node.id))
        found.extend(_payoff_quantities(node, tree.actors, swing))
    return found


def _payoff_quantities(node: Any, actors: list[str], swing: float) -> list[Quantity]:
    if _is_plain(node.payoff):
        return [Quantity(f"{node.id}.payoff", "payoff", float(node.payoff), *_swung(float(node.payoff), swing),
                         node.id, actors[0])]
    if isinstance(node.payoff, dict):
        return [Quantity(f"{node.id}.payoff.{actor}", "payoff", float(amount), *_swung(float(amount), swing),
                         node.id, actor) for actor, amount in node.payoff.items() if _is_plain(amount)]
    return []


def _is_plain(raw: Any) -> bool:
    return isinstance(raw, int | float) and not isinstance(raw, bool)


def _swung(base: float, swing: float) -> tuple[float, float]:
    spread = abs(base) * swing if base else swing
    return base - spread, base + spread


def quantity(tree: ScenarioTree, name: str) -> Quantity:
    """The quantity called ``name``; an unknown name lists close ones."""
    known = {each.name: each for each in quantities(tree)}  # names are unique: load refuses a clash
    if name not in known:
        import difflib

        close = difflib.get_close_matches(name, list(known), n=4)
        hint = f" (did you mean {', '.join(map(repr, close))}?)" if close else ""
        raise AnalysisError(f"unknown quantity {name!r}{hint}; quantities are parameters, branch ids and "
                            "'node_id.payoff' for plain numbers")
    return known[name]


# -- numbers for many scenarios at once ----------------------------------------------------------


def batch_numbers(tree: ScenarioTree, settings: dict[str, np.ndarray], size: int) -> tuple[np.ndarray, np.ndarray]:
    """Branch probabilities ``(nodes, size)`` and payoffs ``(nodes, size, actors)`` with quantities set.

    ``settings`` maps quantity names to arrays of ``size`` values.
    """
    compiled = _compiled(tree)
    probability = np.repeat(compiled.probability[:, None], size, axis=1)
    payoff = np.repeat(compiled.payoff[:, None, :], size, axis=1)
    chosen = [quantity(tree, name) for name in settings]
    overrides = {each.name: np.asarray(settings[each.name], dtype=float)
                 for each in chosen if each.kind == "parameter"}
    if overrides:
        _apply_parameters(tree, compiled, overrides, probability, payoff)
    for each in chosen:
        values = np.asarray(settings[each.name], dtype=float)
        if each.kind == "probability":
            _apply_probability(compiled, tree.node(each.node_id), values, probability)
        elif each.kind == "payoff":
            payoff[compiled.row[tree.node(each.node_id)], :, tree.actors.index(each.actor)] = values
    return probability, payoff


def _compiled(tree: ScenarioTree) -> CompiledTree:
    tree.evaluate()
    return tree._compiled


def _apply_parameters(tree: ScenarioTree, compiled: CompiledTree, overrides: dict[str, np.ndarray],
                      probability: np.ndarray, payoff: np.ndarray) -> None:
    values = resolve(tree.parameters, overrides)
    for node in compiled.nodes:
        if node.kind == "chance" and any(is_expression(child.probability) or child.probability == REMAINDER
                                         for child in node.children):
            for child, share in zip(node.children, resolved_probabilities(node, values)):
                probability[compiled.row[child]] = share
        if is_expression(node.payoff) or (isinstance(node.payoff, dict)
                                          and any(map(is_expression, node.payoff.values()))):
            for column, amount in enumerate(payoff_vector(node.payoff, tree.actors, values)):
                payoff[compiled.row[node], :, column] = amount


def _apply_probability(compiled: CompiledTree, node: Any, values: np.ndarray, probability: np.ndarray) -> None:
    """Set one branch; its siblings share the rest in proportion to what they had."""
    row = compiled.row[node]
    siblings = [compiled.row[child] for child in node.parent.children if child is not node]
    rest = probability[siblings]
    rest_total = rest.sum(axis=0, keepdims=True)
    room = (1.0 - values)[None, :]
    equal = np.full_like(rest, 1.0 / len(siblings))
    shares = np.where(rest_total > 1e-15, rest / np.where(rest_total > 0, rest_total, 1), equal)
    probability[siblings] = shares * room
    probability[row] = values


def _evaluate_batch(tree: ScenarioTree, settings: dict[str, np.ndarray], size: int) -> tuple[np.ndarray, np.ndarray]:
    """Values ``(size, nodes, actors)`` and choices ``(size, nodes)``: sample-major, for reading."""
    probability, payoff = batch_numbers(tree, settings, size)
    values, best = backward_batch(_compiled(tree), probability, payoff)
    return values.transpose(1, 0, 2), best.T


# -- one-way sensitivity and thresholds ----------------------------------------------------------


@dataclass(frozen=True)
class Flip:
    """Where the choice at a decision changes as one quantity moves."""

    decision: str
    value: float
    before: str
    after: str


@dataclass
class OneWay:
    """A sweep of one quantity: the root's value per actor and each decision's choice at every point."""

    quantity: Quantity
    values: np.ndarray
    root_values: dict[str, np.ndarray]
    choices: dict[str, list[str]]
    thresholds: list[Flip]

    def table(self) -> Any:
        """The sweep as a pandas DataFrame (or a list of dicts without pandas)."""
        rows = [{self.quantity.name: float(value), **{f"value[{actor}]": float(column[index])
                                                      for actor, column in self.root_values.items()},
                 **{f"best[{decision}]": choices[index] for decision, choices in self.choices.items()}}
                for index, value in enumerate(self.values)]
        return _frame(rows)

    def to_json(self) -> dict[str, Any]:
        return {"quantity": self.quantity.name, "values": self.values.tolist(),
                "root_values": {actor: column.tolist() for actor, column in self.root_values.items()},
                "choices": self.choices,
                "thresholds": [flip.__dict__ for flip in self.thresholds]}


def one_way(tree: ScenarioTree, name: str, low: float | None = None, high: float | None = None,
            points: int = 51, decisions: Sequence[str] | None = None) -> OneWay:
    """Sweep one quantity over ``[low, high]`` and find exact thresholds.

    The default range is all of [0, 1] for a branch probability and the quantity's range otherwise.

    Each threshold is where the chosen option at a decision changes, found by bisection to
    ``THRESHOLD_TOLERANCE`` between two sweep points that choose differently.
    """
    chosen = quantity(tree, name)
    whole = chosen.kind == "probability"
    low = (0.0 if whole else chosen.low) if low is None else float(low)
    high = (1.0 if whole else chosen.high) if high is None else float(high)
    if not low < high:
        raise AnalysisError(f"{name}: found low {low:g} and high {high:g}, expected low < high")
    if whole and not 0 <= low < high <= 1:
        raise AnalysisError(f"{name} is a probability: found the range {low:g} … {high:g}, expected within [0, 1]")
    compiled = _compiled(tree)
    decision_rows = _decision_rows(tree, compiled, decisions)
    grid = np.linspace(low, high, max(int(points), 2))
    values, best = _evaluate_batch(tree, {name: grid}, grid.size)
    ids = [node.id for node in compiled.nodes]
    choices = {ids[row]: [ids[index] for index in best[:, row]] for row in decision_rows}
    flips = []
    for row in decision_rows:
        for index in np.flatnonzero(best[1:, row] != best[:-1, row]).tolist():
            flips.append(_bisect(tree, name, row, grid[index], grid[index + 1], ids))
    root = {actor: values[:, 0, column] for column, actor in enumerate(tree.actors)}
    return OneWay(chosen, grid, root, choices, sorted(flips, key=lambda flip: (flip.decision, flip.value)))


def _decision_rows(tree: ScenarioTree, compiled: CompiledTree, decisions: Sequence[str] | None) -> list[int]:
    if decisions is None:
        return np.flatnonzero(compiled.kind == DECISION).tolist()
    rows = []
    for decision in decisions:
        node = tree.node(decision)
        if node.kind != "decision":
            raise AnalysisError(f"{node!r} is a {node.kind}, not a decision")
        rows.append(compiled.row[node])
    return rows


def _bisect(tree: ScenarioTree, name: str, row: int, left: float, right: float, ids: list[str]) -> Flip:
    def choice(value: float) -> int:
        return int(_evaluate_batch(tree, {name: np.array([value])}, 1)[1][0, row])

    before, after = choice(left), choice(right)
    left, right = float(left), float(right)
    while right - left > THRESHOLD_TOLERANCE:
        middle = (left + right) / 2
        if middle in (left, right):
            break
        if choice(middle) == before:
            left = middle
        else:
            right = middle
    return Flip(ids[row], (left + right) / 2, ids[before], ids[after])


# -- tornado, spider and two-way -----------------------------------------------------------------


@dataclass(frozen=True)
class TornadoBar:
    """One quantity swung over its range: the root's value and each root option's value at both ends."""

    quantity: Quantity
    low_value: float
    high_value: float
    options: dict[str, tuple[float, float]]

    @property
    def swing(self) -> float:
        return abs(self.high_value - self.low_value)


def tornado(tree: ScenarioTree, actor: str | None = None, swing: float = DEFAULT_SWING,
            names: Iterable[str] | None = None) -> list[TornadoBar]:
    """Every quantity swung low and high, ranked by how much it moves the root's value for ``actor``.

    Also gives, for a decision at the root, every option's value at both ends (not only the best).
    """
    actor = _actor(tree, actor)
    column = tree.actors.index(actor)
    wanted = None if names is None else set(names)
    for name in sorted(wanted or ()):
        quantity(tree, name)  # an unknown name is an error that suggests close ones
    chosen = [each for each in quantities(tree, swing) if wanted is None or each.name in wanted]
    root = tree.root
    option_rows = [(child.id, _compiled(tree).row[child]) for child in root.children] if root.kind == "decision" else []
    bars = []
    for each in chosen:
        values, _ = _evaluate_batch(tree, {each.name: np.array([each.low, each.high])}, 2)
        options = {option: (float(values[0, row, column]), float(values[1, row, column]))
                   for option, row in option_rows}
        bars.append(TornadoBar(each, float(values[0, 0, column]), float(values[1, 0, column]), options))
    return sorted(bars, key=lambda bar: -bar.swing)


def spider(tree: ScenarioTree, actor: str | None = None, swing: float = DEFAULT_SWING, points: int = 11,
           names: Iterable[str] | None = None) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The root's value as each quantity moves across its range: ``{name: (steps from -1 to 1, values)}``."""
    actor = _actor(tree, actor)
    column = tree.actors.index(actor)
    steps = np.linspace(-1.0, 1.0, points)
    lines = {}
    wanted = None if names is None else set(names)
    for each in quantities(tree, swing):
        if wanted is not None and each.name not in wanted:
            continue
        middle, half = (each.low + each.high) / 2, (each.high - each.low) / 2
        values, _ = _evaluate_batch(tree, {each.name: middle + steps * half}, points)
        lines[each.name] = (steps, values[:, 0, column])
    return lines


def two_way(tree: ScenarioTree, first: str, second: str, points: int = 21, decision: str | None = None,
            first_range: tuple[float, float] | None = None,
            second_range: tuple[float, float] | None = None) -> dict[str, Any]:
    """A grid over two quantities with the option chosen at ``decision`` (default the root) in each cell.

    The ranges default to each quantity's range.
    """
    x, y = quantity(tree, first), quantity(tree, second)
    xs = np.linspace(*(first_range or (x.low, x.high)), points)
    ys = np.linspace(*(second_range or (y.low, y.high)), points)
    grid_x, grid_y = np.meshgrid(xs, ys)
    compiled = _compiled(tree)
    row = _decision_rows(tree, compiled, [decision or tree.root.id])[0]
    _, best = _evaluate_batch(tree, {first: grid_x.ravel(), second: grid_y.ravel()}, grid_x.size)
    ids = [node.id for node in compiled.nodes]
    options = [child.id for child in compiled.nodes[row].children]
    return {"x": first, "y": second, "xs": xs, "ys": ys, "options": options,
            "best": np.array([[options.index(ids[index]) for index in line]
                              for line in best[:, row].reshape(grid_x.shape)])}


def _actor(tree: ScenarioTree, actor: str | None) -> str:
    if actor is None:
        return tree.actors[0]
    if actor not in tree.actors:
        raise AnalysisError(f"unknown actor: {actor!r} (must be one of {tree.actors})")
    return actor


# -- Monte Carlo ---------------------------------------------------------------------------------


@dataclass
class MonteCarlo:
    """Distributions over sampled probabilities: summaries per outcome, tag and decision."""

    samples: int
    seed: int | None
    outcomes: dict[str, dict[str, float]]
    tags: dict[str, dict[str, float]]
    decisions: dict[str, dict[str, Any]]
    root_values: np.ndarray = field(repr=False)  # (samples, actors), float32
    actors: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        root = {actor: _summary(self.root_values[:, column]) for column, actor in enumerate(self.actors)}
        return {"samples": self.samples, "seed": self.seed, "root_value": root, "outcomes": self.outcomes,
                "tags": self.tags, "decisions": self.decisions}


def monte_carlo(tree: ScenarioTree, samples: int = 10_000, seed: int | None = 0, chunk: int = 25_000,
                default_concentration: float | None = None,
                progress: Callable[[int, int], None] | None = None) -> MonteCarlo:
    """Sample the uncertain probabilities ``samples`` times and evaluate every sample.

    A chance node with ``concentration: c`` draws its branches from Dirichlet(c·p); a branch written
    ``{low, high}`` draws from the Beta distribution whose 5% and 95% points they are, its siblings
    sharing the rest. ``default_concentration`` gives every other chance node a concentration. ``progress(done,
    total)`` is called after each chunk.
    """
    compiled = _compiled(tree)
    samplers = _samplers(tree, compiled, default_concentration)
    if not samplers:
        raise AnalysisError("nothing is uncertain: give a chance node a 'concentration', a branch a "
                            "{low, high} probability, or pass default_concentration")
    generator = np.random.default_rng(seed)
    outcome_rows = np.flatnonzero(compiled.kind == OUTCOME)
    decision_rows = np.flatnonzero(compiled.kind == DECISION)
    outcome_probabilities = np.empty((samples, outcome_rows.size), dtype=np.float32)
    decision_values = np.empty((samples, decision_rows.size), dtype=np.float32)
    chosen = np.empty((samples, decision_rows.size), dtype=np.int32)
    root_values = np.empty((samples, len(tree.actors)), dtype=np.float32)
    deciders = compiled.decider[decision_rows]
    base = np.nan_to_num(compiled.probability)
    done = 0
    while done < samples:
        size = min(chunk, samples - done, max(100, MEMORY_BUDGET // (len(base) * len(tree.actors))))
        probability = np.repeat(base[:, None], size, axis=1)
        for sample in samplers:
            sample(generator, probability)
        payoff = np.broadcast_to(compiled.payoff[:, None, :], (len(base), size, len(tree.actors)))
        values, best = backward_batch(compiled, probability, payoff)
        _, policy = forward_batch(compiled, probability, best)
        span = slice(done, done + size)
        outcome_probabilities[span] = policy[outcome_rows].T
        decision_values[span] = values[decision_rows, :, deciders].T
        chosen[span] = best[decision_rows].T
        root_values[span] = values[0]
        done += size
        if progress is not None:
            progress(done, samples)
    return MonteCarlo(samples, seed, *_summaries(tree, compiled, outcome_rows, outcome_probabilities,
                                                 decision_rows, decision_values, chosen), root_values, tree.actors)


def _samplers(tree: ScenarioTree, compiled: CompiledTree, default_concentration: float | None) -> list[Callable]:
    samplers, groups = [], []
    for node in compiled.nodes:
        if node.kind != "chance":
            continue
        rows = np.array([compiled.row[child] for child in node.children])
        ranged = [index for index, child in enumerate(node.children) if isinstance(child.probability, dict)]
        concentration = node.concentration or default_concentration
        if ranged:
            samplers.append(_range_sampler(rows, ranged, node.children))
        elif concentration:
            groups.append((rows, compiled.probability[rows] * float(concentration)))
    if groups:
        samplers.append(_dirichlet_sampler(groups))
    return samplers


def _dirichlet_sampler(groups: list[tuple[np.ndarray, np.ndarray]]) -> Callable:
    """Every Dirichlet chance node drawn at once: gamma draws, normalised within each node."""
    rows = np.concatenate([group_rows for group_rows, _ in groups])
    alpha = np.maximum(np.concatenate([group_alpha for _, group_alpha in groups]), 1e-9)
    counts = np.array([len(group_rows) for group_rows, _ in groups])
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])

    def sample(generator: np.random.Generator, probability: np.ndarray) -> None:
        draws = generator.standard_gamma(alpha[:, None], size=(alpha.size, probability.shape[1]))
        totals = np.add.reduceat(draws, offsets, axis=0)
        probability[rows] = draws / np.repeat(totals, counts, axis=0)

    return sample


def _range_sampler(rows: np.ndarray, ranged: list[int], children: Sequence[Any]) -> Callable:
    shapes = [_beta_for_interval(children[index].probability["low"], children[index].probability["high"])
              for index in ranged]
    others = [index for index in range(len(rows)) if index not in ranged]

    def sample(generator: np.random.Generator, probability: np.ndarray) -> None:
        size = probability.shape[1]
        drawn = np.vstack([generator.beta(a, b, size) for a, b in shapes])
        total = drawn.sum(axis=0, keepdims=True)
        drawn = np.where(total > 1, drawn / total, drawn)
        probability[rows[ranged]] = drawn
        if others:
            base = probability[rows[others]]
            base_total = base.sum(axis=0, keepdims=True)
            share = np.where(base_total > 0, base / np.where(base_total > 0, base_total, 1), 1.0 / len(others))
            probability[rows[others]] = share * (1 - drawn.sum(axis=0, keepdims=True))

    return sample


def _beta_for_interval(low: float, high: float) -> tuple[float, float]:
    """Beta parameters whose 5% and 95% points are ``low`` and ``high`` (fitted with scipy)."""
    from scipy import optimize, stats

    low, high = min(max(low, 1e-6), 1 - 2e-6), min(max(high, 2e-6), 1 - 1e-6)
    if high - low < 1e-9:
        middle = (low + high) / 2
        return middle * 1e9, (1 - middle) * 1e9  # as good as certain
    mean = (low + high) / 2
    spread = (high - low) / (2 * 1.645)
    common = max(mean * (1 - mean) / spread**2 - 1, 1e-2)

    def misfit(logs: np.ndarray) -> np.ndarray:
        a, b = np.exp(logs)
        return np.array(stats.beta.ppf([0.05, 0.95], a, b)) - [low, high]

    start = np.log([max(mean * common, 1e-2), max((1 - mean) * common, 1e-2)])
    solution = optimize.least_squares(misfit, start, xtol=1e-12, ftol=1e-12)
    a, b = np.exp(solution.x)
    return float(a), float(b)


def _summaries(tree, compiled, outcome_rows, outcome_probabilities, decision_rows, decision_values, chosen):
    ids = [node.id for node in compiled.nodes]
    outcomes = {ids[row]: _summary(outcome_probabilities[:, index]) for index, row in enumerate(outcome_rows)}
    tag_columns: dict[str, list[int]] = {}
    for index, row in enumerate(outcome_rows):
        for tag in compiled.nodes[row].tags:
            tag_columns.setdefault(tag, []).append(index)
    tags = {tag: _summary(outcome_probabilities[:, columns].sum(axis=1)) for tag, columns in tag_columns.items()}
    decisions = {}
    for index, row in enumerate(decision_rows):
        options = [child.id for child in compiled.nodes[row].children]
        counts = {option: float(np.mean(chosen[:, index] == compiled.row[child]))
                  for option, child in zip(options, compiled.nodes[row].children)}
        decisions[ids[row]] = {"actor": compiled.nodes[row].actor or tree.actors[0],
                               "value": _summary(decision_values[:, index]), "probability_best": counts}
    return outcomes, tags, decisions


def _summary(column: np.ndarray) -> dict[str, float]:
    low, median, high = np.quantile(column, [0.05, 0.5, 0.95])
    return {"mean": float(np.mean(column, dtype=np.float64)), "p05": float(low), "median": float(median),
            "p95": float(high)}


# -- evidence --------------------------------------------------------------------------------------


def posterior(tree: ScenarioTree, reached: Iterable[str] = (), ruled_out: Iterable[str] = (),
              tag: str | None = None) -> dict[str, float]:
    """The probability of every outcome given what was observed, under the chosen policy.

    Args:
        reached: Nodes known to have been reached (the outcome lies below each).
        ruled_out: Nodes known not to have been reached.
        tag: A tag the outcome is known to carry.
    """
    evaluation = tree.evaluate()
    reached_nodes = [tree.node(node_id) for node_id in reached]
    ruled_nodes = [tree.node(node_id) for node_id in ruled_out]
    prior, consistent = {}, {}
    for outcome in evaluation.outcomes():
        node = tree.node(outcome["id"])
        above = {ancestor.id for ancestor in _with_ancestors(node)}
        prior[node.id] = outcome["policy_probability"]
        consistent[node.id] = (all(each.id in above for each in reached_nodes)
                               and not any(each.id in above for each in ruled_nodes)
                               and (tag is None or tag in node.tags))
    evidence = math.fsum(prior[key] for key in prior if consistent[key])
    if evidence <= 0:
        raise AnalysisError("the evidence has probability 0 under the chosen policy: nothing to condition on")
    return {key: (prior[key] / evidence if consistent[key] else 0.0) for key in prior}


def _with_ancestors(node: Any) -> Iterable[Any]:
    while node is not None:
        yield node
        node = node.parent


# -- Bayes reversal --------------------------------------------------------------------------------


def bayes_reversal(tree: ScenarioTree, chance_id: str) -> ScenarioTree:
    """A copy of the tree with a chance node and the chance level below it in the other order.

    Every branch of ``chance_id`` (A) must be a chance node (B) with branches of the same labels,
    in the same order. The result asks B first, with ``P(b) = Σ P(a)·P(b|a)``, then A with
    ``P(a|b) = P(a)·P(b|a) / P(b)``; the subtrees below stay with their (a, b) pair. Numbers stay
    numbers; where an input was an expression the result is an expression too.
    """
    from .io import loads

    copy = loads(tree.dumps())
    top = copy.node(chance_id)
    middles = list(top.children)
    _check_reversible(top, middles)
    labels = [branch.label for branch in middles[0].children]
    p_a = [_symbolic(top, index) for index in range(len(middles))]
    p_b = [[_symbolic(middle, index) for index in range(len(labels))] for middle in middles]
    joint = [[_product(p_a[i], p_b[i][j]) for j in range(len(labels))] for i in range(len(middles))]
    used = {node.id for node in copy.nodes()}
    branches = [list(middle.children) for middle in middles]  # taken apart below: keep the originals
    new_middles = []
    for j, label in enumerate(labels):
        marginal = _sum([joint[i][j] for i in range(len(middles))])
        middle = type(top)(_fresh(f"{chance_id}_{_slug(label)}", used), label, "chance", probability=marginal)
        for i, old_middle in enumerate(middles):
            branch = branches[i][j]
            branch.parent = None
            branch.label = f"{old_middle.label}"
            # a result that never happens teaches nothing: keep the prior there
            branch.probability = p_a[i] if marginal == 0 else _ratio(joint[i][j], marginal)
            branch.parent = middle
        new_middles.append(middle)
    for old_middle in middles:
        old_middle.parent = None
    top.children = new_middles
    return loads(copy.dumps(), file=f"{tree.file or tree.title} (reversed at {chance_id})")


def _check_reversible(top: Any, middles: list[Any]) -> None:
    if top.kind != "chance":
        raise AnalysisError(f"{top!r} is a {top.kind}; Bayes reversal needs a chance node")
    if any(middle.kind != "chance" for middle in middles):
        raise AnalysisError(f"every branch of {top!r} must be a chance node to reverse the two levels")
    labels = [branch.label for branch in middles[0].children]
    for middle in middles:
        if [branch.label for branch in middle.children] != labels:
            raise AnalysisError(f"{middle!r} has branches {[b.label for b in middle.children]}, expected the "
                                f"same labels as {middles[0]!r}: {labels}")
        if middle.payoff is not None:
            raise AnalysisError(f"{middle!r} has a payoff of its own; move it to its branches before reversing")


def _symbolic(chance: Any, index: int) -> float | str:
    raw = [child.probability for child in chance.children]
    value = raw[index]
    if value == REMAINDER:
        others = [each for each in raw if each != REMAINDER]
        count = sum(1 for each in raw if each == REMAINDER)
        if all(_is_plain(each) for each in others):
            return (1.0 - math.fsum(others)) / count
        return f"(1 - ({' + '.join(_text(each) for each in others)})) / {count}"
    if isinstance(value, dict):
        return resolved_probabilities(chance)[index]
    return value


def _text(value: float | str) -> str:
    return repr(float(value)) if _is_plain(value) else f"({value})"


def _product(left: float | str, right: float | str) -> float | str:
    return left * right if _is_plain(left) and _is_plain(right) else f"{_text(left)} * {_text(right)}"


def _sum(parts: list[float | str]) -> float | str:
    return math.fsum(parts) if all(map(_is_plain, parts)) else " + ".join(_text(part) for part in parts)


def _ratio(numerator: float | str, denominator: float | str) -> float | str:
    if _is_plain(numerator) and _is_plain(denominator):
        return numerator / denominator if denominator else 0.0
    return f"{_text(numerator)} / {_text(denominator)}"


def _slug(text: str) -> str:
    import re

    return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_").lower() or "branch"


def _fresh(wanted: str, used: set[str]) -> str:
    candidate, number = wanted, 1
    while candidate in used:
        number += 1
        candidate = f"{wanted}_{number}"
    used.add(candidate)
    return candidate


# -- value of information --------------------------------------------------------------------------


def evpi(tree: ScenarioTree, actor: str | None = None, limit: int = 200_000) -> dict[str, Any]:
    """Expected value of perfect information for ``actor``: of the whole tree and of each chance node.

    Of one chance node: the value if its outcome were known before every decision (each outcome
    evaluated as certain, weighted by its probability) minus the value now. Of the whole tree: the
    value of a clairvoyant who knows every chance outcome in advance, computed exactly from the
    distribution of values below each node (decisions pick, in every joint outcome, the best
    branch for their own actor).
    """
    actor = _actor(tree, actor)
    column = tree.actors.index(actor)
    compiled = _compiled(tree)
    base = float(tree.evaluate().values[0, column])
    per_node = {}
    for node in compiled.nodes:
        if node.kind != "chance":
            continue
        rows = [compiled.row[child] for child in node.children]
        weights = compiled.probability[rows]
        probability = np.repeat(compiled.probability[:, None], len(rows), axis=1)
        probability[rows] = np.eye(len(rows))
        payoff = np.broadcast_to(compiled.payoff[:, None, :], (len(compiled.nodes), len(rows), len(tree.actors)))
        values, _ = backward_batch(compiled, probability, payoff)
        per_node[node.id] = float(np.dot(weights, values[0, :, column])) - base
    clairvoyant = _clairvoyant_value(compiled, column, limit)
    return {"actor": actor, "value": base, "value_with_perfect_information": clairvoyant,
            "evpi": clairvoyant - base, "nodes": per_node}


def _clairvoyant_value(compiled: CompiledTree, column: int, limit: int) -> float:
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
            weights = compiled.probability[list(children)]
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
    from .evaluate import TIE_TOLERANCE

    probabilities, vectors = [], []
    for index, (weights, values) in enumerate(parts):
        chance_of_pick = weights.copy()
        key = values[:, decider]
        for other, (other_weights, other_values) in enumerate(parts):
            if other == index:
                continue
            other_key = other_values[:, decider]
            if other < index:  # an earlier branch wins ties
                below = other_key[None, :] < key[:, None] - TIE_TOLERANCE
            else:
                below = other_key[None, :] <= key[:, None] + TIE_TOLERANCE
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


# -- comparing and pooling forecasts ---------------------------------------------------------------


def compare(trees: Sequence[ScenarioTree], names: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Where several analysts' copies of a tree differ: every branch probability side by side.

    Rows are sorted by spread (largest disagreement first).
    """
    names = list(names or [f"tree {index + 1}" for index in range(len(trees))])
    _check_same_structure(trees)
    rows = []
    evaluations = [each.evaluate() for each in trees]
    for node in preorder(trees[0].root):
        if node.parent is None or node.parent.kind != "chance":
            continue
        values = [evaluation.probability[node.id] for evaluation in evaluations]
        rows.append({"node": node.id, "path": node_path(node), "label": node.label,
                     **dict(zip(names, values)), "spread": max(values) - min(values)})
    return sorted(rows, key=lambda row: -row["spread"])


def pool(trees: Sequence[ScenarioTree], method: str = "linear", weights: Sequence[float] | None = None) -> ScenarioTree:
    """One tree whose branch probabilities pool several copies' (same structure).

    ``linear``: the weighted mean of the probabilities. ``geometric``: the weighted geometric mean of
    the odds, that is of the probabilities, renormalised at each chance node (for two branches
    exactly the geometric mean of the odds).
    """
    if method not in ("linear", "geometric"):
        raise AnalysisError(f"unknown pooling method: {method!r} (must be one of ['geometric', 'linear'])")
    _check_same_structure(trees)
    weights = np.asarray(weights if weights is not None else [1.0] * len(trees), dtype=float)
    weights = weights / weights.sum()
    from .io import loads

    pooled = loads(trees[0].dumps())
    evaluations = [each.evaluate() for each in trees]
    for node in list(pooled.nodes()):
        if node.kind != "chance":
            continue
        matrix = np.array([[evaluation.probability[child.id] for child in node.children] for evaluation in evaluations])
        if method == "linear":
            shares = weights @ matrix
        else:
            logs = weights @ np.log(np.clip(matrix, 1e-300, 1.0))
            shares = np.exp(logs - logs.max())
            shares = shares / shares.sum()
        for child, share in zip(node.children, shares):
            child.probability = float(share)
    return loads(pooled.dumps(), file=f"pooled ({method})")


def _check_same_structure(trees: Sequence[ScenarioTree]) -> None:
    if len(trees) < 2:
        raise AnalysisError(f"found {len(trees)} tree(s), expected at least 2 to compare or pool")
    shape = [(node.id, node.kind, len(node.children)) for node in trees[0].nodes()]
    for index, other in enumerate(trees[1:], start=2):
        if [(node.id, node.kind, len(node.children)) for node in other.nodes()] != shape:
            raise AnalysisError(f"tree {index} ({other.title!r}) does not have the same nodes as tree 1")


def _frame(rows: list[dict[str, Any]]) -> Any:
    try:
        import pandas
    except ImportError:
        return rows
    return pandas.DataFrame(rows)
