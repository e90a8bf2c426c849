"""Exact quantiles of many rows at once, quick where most values are zero (as most outcomes' probabilities are).

The ``q`` quantile of ``n`` values is numpy's default ("linear"): the order statistics at ``floor(h)``
and ``floor(h) + 1`` with ``h = q·(n - 1)``, interpolated. Those order statistics are found by a
partition; in a row that is mostly zeros (an outcome off the chosen policy in most samples) only the
negative and positive values are partitioned, since every rank in between is a zero.

>>> import numpy as np
>>> rows = np.array([[0, 0, 0, 0, 3, 0, 0, 0, 0, 1], [5, 1, 4, 2, 3, 9, 8, 7, 6, 0]], dtype=np.float32)
>>> np.round(quantiles(rows, [0.05, 0.5, 0.95]), 6).tolist()
[[0.0, 0.45], [0.0, 4.5], [2.1, 8.55]]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["quantiles"]


def quantiles(rows: np.ndarray, levels: Sequence[float]) -> np.ndarray:
    """``(len(levels), len(rows))``: the quantiles of each row (of at least one value)."""
    count = rows.shape[1]
    position = np.asarray(levels, dtype=float) * (count - 1)
    below = np.floor(position).astype(np.int64)
    ranks = np.concatenate([below, np.minimum(below + 1, count - 1)])
    weight = (position - below)[:, None]
    order = np.empty((ranks.size, rows.shape[0]), dtype=float)
    nonzero = np.count_nonzero(rows, axis=1)
    dense = np.flatnonzero(nonzero > count // 8)
    if dense.size:
        kth = np.unique(ranks)
        order[:, dense] = np.partition(rows[dense], kth, axis=1)[:, ranks].T
    for index in np.flatnonzero(nonzero <= count // 8).tolist():
        order[:, index] = _sparse_order(rows[index], ranks)
    low, high = order[:below.size], order[below.size:]
    return low + (high - low) * weight


def _sparse_order(row: np.ndarray, ranks: np.ndarray) -> np.ndarray:
    """The values at ``ranks`` of a sorted ``row`` that is mostly zeros."""
    negative, positive = row[row < 0], row[row > 0]
    zeros_end = row.size - positive.size
    found = np.zeros(ranks.size)
    low, high = ranks < negative.size, ranks >= zeros_end
    if low.any():
        found[low] = np.partition(negative, np.unique(ranks[low]))[ranks[low]]
    if high.any():
        shifted = ranks[high] - zeros_end
        found[high] = np.partition(positive, np.unique(shifted))[shifted]
    return found
