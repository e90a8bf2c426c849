"""Undo and redo stacks: an edit is undone as a whole, a new edit clears redo, the limit drops the oldest."""

from __future__ import annotations

from scenario_tree.model.history import History, Step


def counter_step(log: list[str], name: str) -> Step:
    return Step(lambda: log.append(f"do {name}"), lambda: log.append(f"undo {name}"))


def test_an_edit_is_undone_step_by_step_in_reverse_and_redone_in_order():
    log: list[str] = []
    history = History()
    history.record([counter_step(log, "a"), counter_step(log, "b")])
    assert history.undo() and log == ["undo b", "undo a"]
    assert history.redo() and log == ["undo b", "undo a", "do a", "do b"]
    assert (history.can_undo, history.can_redo) == (True, False)


def test_a_new_edit_clears_redo_and_empty_edits_are_not_recorded():
    log: list[str] = []
    history = History()
    history.record([counter_step(log, "a")])
    history.undo()
    assert history.can_redo
    history.record([])
    assert history.can_redo  # nothing was edited
    history.record([counter_step(log, "b")])
    assert not history.can_redo


def test_the_limit_keeps_the_newest_edits():
    log: list[str] = []
    history = History(limit=2)
    for name in "abc":
        history.record([counter_step(log, name)])
    assert history.undo() and history.undo() and not history.undo()
    assert log == ["undo c", "undo b"]


def test_edits_of_one_gesture_are_undone_together_and_a_new_gesture_starts_a_new_step():
    log: list[str] = []
    history = History()
    for name in "abc":
        history.record([counter_step(log, name)], gesture=("drag", 1))
    history.record([counter_step(log, "d")], gesture=("drag", 2))
    assert history.undo() and log == ["undo d"]
    assert history.undo() and log == ["undo d", "undo c", "undo b", "undo a"]
    assert not history.can_undo
    assert history.redo() and log[-3:] == ["do a", "do b", "do c"]


def test_a_gesture_does_not_grow_across_an_undo():
    log: list[str] = []
    history = History()
    history.record([counter_step(log, "a")], gesture="drag")
    history.record([counter_step(log, "b")], gesture="drag")
    history.undo()
    history.record([counter_step(log, "c")], gesture="drag")
    assert history.undo() and log[-1] == "undo c"
    assert not history.can_undo
