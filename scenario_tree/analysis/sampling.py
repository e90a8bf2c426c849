"""Drawing the uncertain probabilities of a tree for Monte Carlo: Dirichlet chance nodes and ``{low, high}`` branches.

A chance node with a ``concentration`` ``c`` draws its branches from Dirichlet(c·p): one gamma draw
per branch (:func:`log_gamma`, in single precision: far finer than the sampling noise), normalised
within the node. A branch written ``{low, high}`` draws from the Beta distribution whose 5% and 95%
points they are, its siblings sharing the rest in proportion to their base probabilities.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..model import ScenarioNode, TreeModel
from ..model.compiled import CompiledTree
from ..model.uncertainties import state_of

__all__ = ["Sampler", "log_gamma", "samplers"]

Sampler = Callable[[np.random.Generator, np.ndarray], None]  # fills the sampled rows of (nodes, samples)


def samplers(tree: TreeModel, compiled: CompiledTree, default_concentration: float | None) -> list[Sampler]:
    """The samplers of every uncertain chance node (``default_concentration`` for the others).

    Nodes of a shared uncertainty that say the same about it (the same probabilities for the same
    states, the same concentration or ranges) are one draw: the first is sampled, the others copy it,
    state by state. Nodes of the group conditioned on other information (posteriors) draw on their own.
    """
    found: list[Sampler] = []
    groups = []
    leaders: dict[tuple[Any, ...], np.ndarray] = {}
    copies: list[tuple[np.ndarray, np.ndarray]] = []
    for node in compiled.nodes:
        if node.kind != "chance":
            continue
        rows = np.array([compiled.row[child] for child in node.children])
        ranged = [index for index, child in enumerate(node.children) if isinstance(child.probability, dict)]
        concentration = node.concentration or default_concentration
        if not ranged and not concentration:
            continue
        key = _shared_key(node, compiled, concentration)
        if key is not None:
            by_state = np.array([compiled.row[child] for child in sorted(node.children, key=state_of)])
            if key in leaders:
                copies.append((by_state, leaders[key]))
                continue
            leaders[key] = by_state
        if ranged:
            found.append(_range_sampler(rows, ranged, node.children))
        else:
            groups.append((rows, compiled.probability[rows] * float(concentration)))
    if groups:
        found.append(_dirichlet_sampler(groups))
    if copies:
        found.append(_copy_sampler(copies))
    return found


def _shared_key(node: ScenarioNode, compiled: CompiledTree, concentration: float | None) -> tuple[Any, ...] | None:
    """What makes two nodes of a shared uncertainty one draw (``None`` outside a group)."""
    if node.uncertainty is None:
        return None
    numbers = tuple((state_of(child), repr(child.probability) if isinstance(child.probability, dict)
                     else round(float(compiled.probability[compiled.row[child]]), 12))
                    for child in sorted(node.children, key=state_of))
    return node.uncertainty, numbers, concentration


def _copy_sampler(copies: list[tuple[np.ndarray, np.ndarray]]) -> Sampler:
    """Each follower's branches take its leader's draw (rows matched state by state)."""
    followers = np.concatenate([rows for rows, _ in copies])
    leaders = np.concatenate([rows for _, rows in copies])

    def sample(generator: np.random.Generator, probability: np.ndarray) -> None:
        probability[followers] = probability[leaders]

    return sample


def _dirichlet_sampler(groups: list[tuple[np.ndarray, np.ndarray]]) -> Sampler:
    """Every Dirichlet chance node drawn at once: gamma draws, normalised within each node.

    The draws are laid out node after node; the ``k``-th branches of the nodes that have one are
    handled together, so there is no per-node loop. Normalising in logs (less the largest) keeps
    tiny concentrations, whose gamma draws underflow, well defined.
    """
    rows = np.concatenate([group_rows for group_rows, _ in groups])
    alpha = np.maximum(np.concatenate([group_alpha for _, group_alpha in groups]), 1e-9)
    counts = np.array([len(group_rows) for group_rows, _ in groups])
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
    positions = [(np.flatnonzero(counts > k), offsets[counts > k] + k) for k in range(int(counts.max()))]

    def sample(generator: np.random.Generator, probability: np.ndarray) -> None:
        logs = log_gamma(generator, alpha, probability.shape[1])
        top = logs.take(offsets, axis=0)
        for having, draw_rows in positions[1:]:
            top[having] = np.maximum(top.take(having, axis=0), logs.take(draw_rows, axis=0))
        shares = [np.exp(logs.take(draw_rows, axis=0) - top.take(having, axis=0)) for having, draw_rows in positions]
        total = shares[0].astype(float)
        for (having, _), share in zip(positions[1:], shares[1:]):
            total[having] += share
        for (having, draw_rows), share in zip(positions, shares):
            probability[rows[draw_rows]] = share / total.take(having, axis=0)

    return sample


def log_gamma(generator: np.random.Generator, alpha: np.ndarray, samples: int) -> np.ndarray:
    """Logs of Gamma(``alpha[i]``) draws, ``(len(alpha), samples)`` in single precision.

    Marsaglia and Tsang's exact rejection method ("A simple method for generating gamma variables",
    2000), vectorised: every draw at once, then again for the few rejected (under 5% for a shape of
    1, fewer above). A shape below 1 draws Gamma(alpha + 1)·U^(1/alpha). Measured several times
    faster than numpy's ``standard_gamma`` here (see ``benchmarks/analysis.py``).
    """
    alpha = np.asarray(alpha, dtype=np.float32)
    boosted = np.flatnonzero(alpha < 1)
    d = (np.where(alpha < 1, alpha + 1, alpha) - np.float32(1 / 3))[:, None]
    logs = np.empty((alpha.size, samples), dtype=np.float32)
    accepted, cube_logs = _marsaglia_tsang(generator, d, logs.shape)
    logs[...] = cube_logs
    retry = np.flatnonzero(~accepted)
    flat_d = np.broadcast_to(d, logs.shape).ravel()
    while retry.size:
        accepted, cube_logs = _marsaglia_tsang(generator, flat_d[retry], retry.shape)
        logs.ravel()[retry[accepted]] = cube_logs[accepted]
        retry = retry[~accepted]
    logs += np.log(d)
    if boosted.size:
        uniform = 1 - generator.random((boosted.size, samples), dtype=np.float32)  # in (0, 1]
        logs[boosted] += np.log(uniform) / alpha[boosted, None]
    return logs


def _marsaglia_tsang(generator: np.random.Generator, d: np.ndarray, shape: tuple[int, ...]) -> tuple[np.ndarray,
                                                                                                     np.ndarray]:
    """One round: which draws are accepted, and ``log(v)`` of each (the draw is ``d·v``)."""
    x = _normals(generator, shape)
    v = x / np.sqrt(np.float32(9) * d)
    v += np.float32(1)
    cube = v * v
    cube *= v
    uniform = 1 - generator.random(shape, dtype=np.float32)  # in (0, 1]
    with np.errstate(invalid="ignore", divide="ignore"):  # v <= 0 is rejected below
        cube_log = np.log(cube)
        accepted = np.log(uniform) < np.float32(0.5) * x * x + d * (np.float32(1) - cube + cube_log)
    accepted &= v > 0
    return accepted, cube_log


def _normals(generator: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Standard normal draws in single precision, by Box and Muller: two per pair of uniforms."""
    count = int(np.prod(shape))
    half = (count + 1) // 2
    radius = np.sqrt(np.float32(-2) * np.log(1 - generator.random(half, dtype=np.float32)))
    angle = generator.random(half, dtype=np.float32) * np.float32(2 * np.pi)
    out = np.empty(2 * half, dtype=np.float32)
    np.multiply(radius, np.cos(angle), out=out[:half])
    np.multiply(radius, np.sin(angle), out=out[half:])
    return out[:count].reshape(shape)


def _range_sampler(rows: np.ndarray, ranged: list[int], children: Sequence[Any]) -> Sampler:
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
