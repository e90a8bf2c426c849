"""Bounded work: every analysis argument is checked against the range it may take, and memory is estimated first.

A count (samples, points) must be a whole number in its range, a number (swing, concentration,
range ends) finite and in its range; each message names the argument, the value found and what is
allowed. The largest counts follow from ``MEMORY_LIMIT``: a run that would need more memory is
refused before it starts, with the memory it would have needed.

>>> whole("points", 0, 2, 100)
Traceback (most recent call last):
...
scenario_tree.errors.AnalysisError: points: found 0, expected a whole number in [2, 100]
>>> within("swing", float("nan"), 0, MAX_SWING, above=True)
Traceback (most recent call last):
...
scenario_tree.errors.AnalysisError: swing: found nan, expected a finite number in (0, 10]
"""

from __future__ import annotations

import math
import numbers
from typing import Any

from ..errors import AnalysisError

__all__ = ["MAX_CONCENTRATION", "MAX_GRID", "MAX_POINTS", "MAX_SWING", "MEMORY_LIMIT", "affordable", "gib", "whole",
           "within"]

MEMORY_LIMIT = 4 * 2**30  # bytes one analysis may plan to use
MAX_POINTS = 100_000  # points of a one-way sweep or a spider line
MAX_GRID = 1_000  # points along each side of a two-way grid
MAX_SWING = 10.0  # ± 1000% of a quantity's value
MAX_CONCENTRATION = 1e9


def whole(name: str, value: Any, low: int, high: int, why: str = "") -> int:
    """``value`` as a whole number in ``[low, high]``, or an error that says so (and ``why`` the bound)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not low <= value <= high:
        raise AnalysisError(f"{name}: found {value!r}, expected a whole number in [{low:,}, {high:,}]{why}")
    return int(value)


def within(name: str, value: Any, low: float, high: float, above: bool = False) -> float:
    """``value`` as a finite number in ``[low, high]`` (``(low, high]`` with ``above``), or an error."""
    number = float(value) if isinstance(value, numbers.Real) and not isinstance(value, bool) else math.nan
    allowed = f"{'(' if above else '['}{low:g}, {high:g}]"
    if not math.isfinite(number) or not (low < number if above else low <= number) or number > high:
        raise AnalysisError(f"{name}: found {value!r}, expected a finite number in {allowed}")
    return number


def affordable(per_item: int, fixed: int = 0) -> int:
    """How many items of ``per_item`` bytes fit in ``MEMORY_LIMIT`` beside ``fixed`` bytes."""
    return max(0, (MEMORY_LIMIT - fixed) // max(per_item, 1))


def gib(size: float) -> str:
    """A number of bytes in GiB, for messages.

    >>> gib(88 * 2**30 + 1)
    '88 GiB'
    """
    return f"{size / 2**30:,.3g} GiB"
