"""How sure we are: Monte Carlo over the uncertain probabilities, summarised per outcome, tag and decision."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import AnalysisError
from ..model import TreeModel
from ..model.compiled import DECISION, OUTCOME, CompiledTree
from ..model.evaluate import backward_batch, forward_batch
from .results import Result

__all__ = ["MEMORY_BUDGET", "MonteCarlo", "monte_carlo"]


# numbers per Monte Carlo chunk (values of every node, sample and actor): ~16 MB; larger chunks measured
# slower on big trees (every chunk allocates several arrays of this size, see benchmarks/analysis.py)
MEMORY_BUDGET = 2_000_000


@dataclass
class MonteCarlo(Result):
    """Distributions over sampled probabilities: summaries per outcome, tag and decision.

    Each summary is ``{mean, p05, median, p95}`` over the samples; ``root_values`` keeps the tree's
    value per sample and actor (for histograms).
    """

    samples: int
    seed: int | None
    outcomes: dict[str, dict[str, float]]
    tags: dict[str, dict[str, float]]
    decisions: dict[str, dict[str, Any]]
    root_values: np.ndarray = field(repr=False)  # (samples, actors), float32
    actors: list[str] = field(default_factory=list)

    def rows(self) -> list[dict[str, Any]]:
        """One row per outcome: its probability under the policy, summarised over the samples."""
        return [{"outcome": name, **summary} for name, summary in self.outcomes.items()]

    def to_dict(self) -> dict[str, Any]:
        root = {actor: _summary(self.root_values[:, column]) for column, actor in enumerate(self.actors)}
        return {"samples": self.samples, "seed": self.seed, "root_value": root, "outcomes": self.outcomes,
                "tags": self.tags, "decisions": self.decisions}


def monte_carlo(tree: TreeModel, samples: int = 10_000, seed: int | None = 0, chunk: int = 25_000,
                default_concentration: float | None = None,
                progress: Callable[[int, int], None] | None = None) -> MonteCarlo:
    """Sample the uncertain probabilities ``samples`` times and evaluate every sample.

    A chance node with ``concentration: c`` draws its branches from Dirichlet(c·p); a branch written
    ``{low, high}`` draws from the Beta distribution whose 5% and 95% points they are, its siblings
    sharing the rest. ``default_concentration`` gives every other chance node a concentration. ``progress(done,
    total)`` is called after each chunk.
    """
    compiled = tree.evaluate().compiled
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


def _samplers(tree: TreeModel, compiled: CompiledTree, default_concentration: float | None) -> list[Callable]:
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


def _summaries(tree: TreeModel, compiled: CompiledTree, outcome_rows: np.ndarray, outcome_probabilities: np.ndarray,
               decision_rows: np.ndarray, decision_values: np.ndarray, chosen: np.ndarray) -> tuple[dict, dict, dict]:
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
