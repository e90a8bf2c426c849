"""How sure we are: Monte Carlo over the uncertain probabilities, summarised per outcome, tag and decision.

Samples are drawn and evaluated in chunks (:mod:`~scenario_tree.analysis.sampling`, then
:func:`~scenario_tree.model.evaluate.backward_batch` and the policy probabilities forward). Of each
sample only what a summary needs is kept, in single precision: every outcome's policy probability,
every tag's total, every decision's value for its actor and the root's value per actor (for
histograms). Means are summed in double precision as the chunks go, and how often each option is
chosen is counted, not kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import AnalysisError
from ..model import TreeModel
from ..model.compiled import DECISION, OUTCOME, CompiledTree
from ..model.evaluate import backward_batch, forward_batch
from .limits import MAX_CONCENTRATION, MEMORY_LIMIT, affordable, gib, whole, within
from .quantiles import quantiles
from .results import Result
from .sampling import samplers

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
        root = dict(zip(self.actors, _summaries(self.root_values.T, self.root_values.T.mean(axis=1, dtype=float))))
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
    samples, chunk = _checked_counts(tree, compiled, samples, chunk)
    if default_concentration is not None:
        default_concentration = within("concentration", default_concentration, 0, MAX_CONCENTRATION, above=True)
    if seed is not None:
        seed = whole("seed", seed, 0, 2**64 - 1)
    drawers = samplers(tree, compiled, default_concentration)
    if not drawers:
        raise AnalysisError("nothing is uncertain: give a chance node a 'concentration', a branch a "
                            "{low, high} probability, or pass default_concentration")
    generator = np.random.default_rng(seed)
    tally = _Tally(compiled, len(tree.actors), samples)
    nodes, actors = len(compiled.nodes), len(tree.actors)
    size = min(chunk, samples, max(100, MEMORY_BUDGET // (nodes * actors)))
    # drawn rows are overwritten in every chunk; the others keep their base probability
    buffer = np.repeat(np.nan_to_num(compiled.probability)[:, None], size, axis=1)
    while tally.done < samples:
        probability = buffer[:, :min(size, samples - tally.done)]
        for draw in drawers:
            draw(generator, probability)
        payoff = np.broadcast_to(compiled.payoff[:, None, :], (nodes, probability.shape[1], actors))
        values, best = backward_batch(compiled, probability, payoff)
        tally.add(values, best, forward_batch(compiled, probability, best, path=False)[1])
        if progress is not None:
            progress(tally.done, samples)
    return tally.result(tree, seed)


def _checked_counts(tree: TreeModel, compiled: CompiledTree, samples: int, chunk: int) -> tuple[int, int]:
    """The number of samples (what their summaries keep must fit in memory) and the chunk size, checked."""
    kept = (compiled.kind == OUTCOME).sum() + len(_tag_columns(compiled, np.flatnonzero(compiled.kind == OUTCOME)))
    per_sample = 4 * int(kept + (compiled.kind == DECISION).sum() + len(tree.actors))
    working = 8 * 8 * MEMORY_BUDGET  # a chunk's arrays: values, probabilities, policy, draws, ...
    largest = affordable(per_sample, working)
    why = ""
    if isinstance(samples, int) and samples > largest:
        why = (f" ({samples:,} samples would need {gib(samples * per_sample + working)} of memory; an analysis may "
               f"use {gib(MEMORY_LIMIT)})")
    return whole("samples", samples, 1, largest, why), whole("chunk", chunk, 1, 2**31)


class _Tally:
    """What the samples leave behind: per-sample columns for quantiles, sums for means, choice counts."""

    def __init__(self, compiled: CompiledTree, actors: int, samples: int) -> None:
        self.compiled, self.done = compiled, 0
        self.outcome_rows = np.flatnonzero(compiled.kind == OUTCOME)
        self.decision_rows = np.flatnonzero(compiled.kind == DECISION)
        self.tags = _tag_columns(compiled, self.outcome_rows)
        self.deciders = compiled.decider[self.decision_rows]
        self.columns = np.empty((self.outcome_rows.size + len(self.tags) + self.decision_rows.size, samples),
                                dtype=np.float32)  # one row per summary, so each is contiguous
        self.sums = np.zeros(self.columns.shape[0])
        self.counts = np.zeros((self.decision_rows.size, int(compiled.child_count.max(initial=1))), dtype=np.int64)
        self.root_values = np.empty((samples, actors), dtype=np.float32)

    def add(self, values: np.ndarray, best: np.ndarray, policy: np.ndarray) -> None:
        """Keep one chunk: ``values`` (nodes, size, actors), ``best`` and ``policy`` (nodes, size)."""
        size = best.shape[1]
        span = slice(self.done, self.done + size)
        outcomes = policy.take(self.outcome_rows, axis=0)
        by_actor = np.moveaxis(values, 2, 0)  # the actor-major array backward_batch filled: rows are samples
        decisions = by_actor.reshape(-1, size).take(self.deciders * len(self.compiled.nodes) + self.decision_rows,
                                                    axis=0)
        parts = [outcomes, *(outcomes[members].sum(axis=0, keepdims=True) for members in self.tags.values()),
                 decisions]
        start = 0
        for part in parts:
            self.columns[start:start + len(part), span] = part
            self.sums[start:start + len(part)] += part.sum(axis=1)
            start += len(part)
        chosen = best.take(self.decision_rows, axis=0) - self.compiled.first_child[self.decision_rows, None]
        width = self.counts.shape[1]
        flat = (np.arange(self.decision_rows.size)[:, None] * width + chosen).ravel()
        self.counts += np.bincount(flat, minlength=self.counts.size).reshape(self.counts.shape)
        self.root_values[span] = by_actor[:, 0].T
        self.done += size

    def result(self, tree: TreeModel, seed: int | None) -> MonteCarlo:
        compiled, samples = self.compiled, self.done
        summaries = _summaries(self.columns, self.sums / samples)
        ids = [node.id for node in compiled.nodes]
        outcomes = dict(zip((ids[row] for row in self.outcome_rows), summaries))
        tags = dict(zip(self.tags, summaries[self.outcome_rows.size:]))
        decisions = {}
        for index, row in enumerate(self.decision_rows):
            node = compiled.nodes[row]
            shares = {child.id: float(count / samples) for child, count in zip(node.children, self.counts[index])}
            decisions[ids[row]] = {"actor": node.actor or tree.actors[0],
                                   "value": summaries[self.outcome_rows.size + len(self.tags) + index],
                                   "probability_best": shares}
        return MonteCarlo(samples, seed, outcomes, tags, decisions, self.root_values, tree.actors)


def _tag_columns(compiled: CompiledTree, outcome_rows: np.ndarray) -> dict[str, list[int]]:
    """Each tag carried by an outcome, with the positions (among the outcomes) of those carrying it."""
    columns: dict[str, list[int]] = {}
    for index, row in enumerate(outcome_rows.tolist()):
        for tag in compiled.nodes[row].tags:
            columns.setdefault(tag, []).append(index)
    return columns


def _summaries(columns: np.ndarray, means: np.ndarray) -> list[dict[str, float]]:
    """``{mean, p05, median, p95}`` of each row of ``columns`` (the means computed as the samples came)."""
    if columns.shape[0] == 0:
        return []
    low, median, high = quantiles(columns, [0.05, 0.5, 0.95])
    return [{"mean": float(mean), "p05": float(a), "median": float(b), "p95": float(c)}
            for mean, a, b, c in zip(means.tolist(), low.tolist(), median.tolist(), high.tolist())]
