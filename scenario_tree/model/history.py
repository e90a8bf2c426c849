"""Undo and redo as stacks of reversible steps.

An edit is a list of small steps, each of which knows how to undo itself. Undoing an edit runs the
inverse steps in reverse order; the inverse of an inverse is the step again, so redo is the same
mechanism run the other way. Edits recorded with the same *gesture* one after the other (the values
of one slider drag) make one undo step.

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
from collections.abc import Callable, Hashable
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
        self._gesture: Hashable | None = None  # the gesture of the last recorded edit, while it may grow

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def record(self, steps: list[Step], gesture: Hashable | None = None) -> None:
        """Remember an edit that has just been applied.

        An edit of the same ``gesture`` as the one just before extends it: undoing goes back to
        before the gesture's first edit.
        """
        if not steps:
            return
        if gesture is not None and gesture == self._gesture and self._undo:
            self._undo[-1].extend(steps)
        else:
            self._undo.append(steps)
        self._gesture = gesture
        self._redo.clear()

    def undo(self) -> bool:
        """Undo the last edit; False when there is nothing to undo."""
        if not self._undo:
            return False
        steps = self._undo.pop()
        for step in reversed(steps):
            step.revert()
        self._redo.append(steps)
        self._gesture = None
        return True

    def redo(self) -> bool:
        """Apply again the last undone edit; False when there is nothing to redo."""
        if not self._redo:
            return False
        steps = self._redo.pop()
        for step in steps:
            step.apply()
        self._undo.append(steps)
        self._gesture = None
        return True
