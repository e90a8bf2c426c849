"""Undo and redo as stacks of reversible steps.

An edit is a list of small steps, each of which knows how to undo itself. Undoing an edit runs the
inverse steps in reverse order; the inverse of an inverse is the step again, so redo is the same
mechanism run the other way.

>>> log = []
>>> history = History(limit=2)
>>> history.record([Step(lambda: log.append("do"), lambda: log.append("undo"))])
>>> history.undo(), history.redo(), history.redo()
(True, True, False)
>>> log
['undo', 'do']
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["History", "Step"]


@dataclass(frozen=True)
class Step:
    """One reversible change: ``apply`` does it again, ``revert`` undoes it."""

    apply: Callable[[], None]
    revert: Callable[[], None]


class History:
    """The undo and redo stacks of one tree; a new edit clears the redo stack."""

    def __init__(self, limit: int = 1000) -> None:
        self._undo: deque[list[Step]] = deque(maxlen=limit)
        self._redo: list[list[Step]] = []

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def record(self, steps: list[Step]) -> None:
        """Remember an edit that has just been applied."""
        if steps:
            self._undo.append(steps)
            self._redo.clear()

    def undo(self) -> bool:
        """Undo the last edit; False when there is nothing to undo."""
        if not self._undo:
            return False
        steps = self._undo.pop()
        for step in reversed(steps):
            step.revert()
        self._redo.append(steps)
        return True

    def redo(self) -> bool:
        """Apply again the last undone edit; False when there is nothing to redo."""
        if not self._redo:
            return False
        steps = self._redo.pop()
        for step in steps:
            step.apply()
        self._undo.append(steps)
        return True
