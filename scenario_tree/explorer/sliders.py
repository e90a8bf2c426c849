"""The explorer's probability sliders: for each branch of a chance node, its label, a slider, a number and a lock.

Looking never edits: the widgets show the model's numbers (a slider shows them rounded to its step),
and a value that comes back from the browser equal to the model's own value rounded to the slider's
step is not an edit. Only a real move is: one drag (values arriving less than ``GESTURE_PAUSE``
seconds apart) is one undo step, and one entry typed in a number box (applied with Enter) is
another. A refused value puts the widgets back to the model's numbers and says why beside them.
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable, Hashable
from typing import Any

import ipywidgets as widgets

from ..errors import ScenarioError
from ..model import Evaluation, ScenarioNode, TreeModel

__all__ = ["GESTURE_PAUSE", "ProbabilitySliders"]

SLIDER_STEP = 0.01  # also what the arrow keys move
GESTURE_PAUSE = 0.8  # seconds without a new value that end a drag


class ProbabilitySliders(widgets.VBox):
    """The probabilities of one chance node.

    Args:
        set_probability: Called with ``(branch id, probability, gesture)`` when the user moves a branch.
        set_lock: Called with ``(branch id, locked)`` when the user toggles a lock.
        reset: Called with the chance node's id to put back the file's numbers.
        explain: Turns an error into the words shown beside the sliders.
    """

    def __init__(self, set_probability: Callable[[str, float, Hashable | None], None],
                 set_lock: Callable[[str, bool], None], reset: Callable[[str], None],
                 explain: Callable[[Exception], str]) -> None:
        super().__init__()
        self.add_class("st-sliders")
        self._set_probability, self._set_lock, self._reset, self._explain = set_probability, set_lock, reset, explain
        self.chance: ScenarioNode | None = None
        self.rows: dict[str, tuple[widgets.FloatSlider, widgets.FloatText, widgets.ToggleButton]] = {}
        self.message = widgets.HTML()
        self.message.add_class("st-slider-message")
        self._shown: dict[str, float] = {}  # the model's value behind each row, unrounded
        self._syncing = False
        self._drag: tuple[str, int, float] = ("", 0, 0.0)  # branch, drag number, time of its last value

    def show(self, chance: ScenarioNode | None, tree: TreeModel, evaluation: Evaluation) -> None:
        """Show ``chance``'s branches (nothing for ``None``) with the evaluation's numbers."""
        if chance is None:
            if self.chance is not None:
                self.chance, self.rows, self.children = None, {}, []
            return
        if chance is not self.chance or list(self.rows) != [child.id for child in chance.children]:
            self._build(chance)
        self._syncing = True
        try:
            for child in chance.children:
                slider, number, lock = self.rows[child.id]
                value = float(evaluation.probability[child.id])
                self._shown[child.id] = value
                slider.value = number.value = round(value, 6)
                lock.value = child.id in tree.locked
        finally:
            self._syncing = False

    def _build(self, chance: ScenarioNode) -> None:
        self.chance = chance
        self.rows = {child.id: self._row(child) for child in chance.children}
        header = widgets.HTML(f"<p class='st-heading'>Probabilities of “{html.escape(chance.label)}”</p>")
        reset = widgets.Button(description="Reset to the file's numbers", tooltip="Put back the loaded probabilities",
                               layout=widgets.Layout(width="auto"))
        reset.add_class("st-reset")
        reset.on_click(lambda _: self._attempt(lambda: self._reset(chance.id)))
        self.message.value = ""
        rows = []
        for child in chance.children:
            slider, number, lock = self.rows[child.id]
            label = widgets.HTML(f"<div class='st-slider-label' title='{html.escape(child.label)}'>"
                                 f"{html.escape(child.label)}</div>")
            rows += [label, widgets.HBox([slider, number, lock], layout=widgets.Layout(flex_flow="row wrap"))]
        self.children = [header, *rows, self.message, reset]

    def _row(self, child: ScenarioNode) -> tuple[widgets.FloatSlider, widgets.FloatText, widgets.ToggleButton]:
        slider = widgets.FloatSlider(min=0, max=1, step=SLIDER_STEP, readout=False, continuous_update=True,
                                     layout=widgets.Layout(width="240px"), tooltip=child.label)
        slider.add_class("st-slider")
        slider.add_class(f"st-slider-{child.id}")
        number = widgets.FloatText(step=SLIDER_STEP, continuous_update=False, layout=widgets.Layout(width="96px"))
        number.add_class(f"st-number-{child.id}")
        lock = widgets.ToggleButton(description="Lock", icon="lock", layout=widgets.Layout(width="auto"),
                                    tooltip="Keep this branch fixed while the others move")
        lock.add_class(f"st-lock-{child.id}")

        def moved(change: dict[str, Any]) -> None:
            value = float(change["new"])
            if self._syncing or self._is_echo(child.id, value, change["owner"]):
                return
            gesture = self._gesture(child.id) if change["owner"] is slider else None
            self._attempt(lambda: self._set_probability(child.id, value, gesture))

        def locked(change: dict[str, Any]) -> None:
            if not self._syncing:
                self._attempt(lambda: self._set_lock(child.id, bool(change["new"])))

        slider.observe(moved, "value")
        number.observe(moved, "value")
        lock.observe(locked, "value")
        return slider, number, lock

    def _attempt(self, action: Callable[[], Any]) -> None:
        """Run an edit; a refused one puts every row back to the model's numbers and says why beside them."""
        try:
            action()
        except ScenarioError as error:
            self.message.value = f"<span class='st-error'>{html.escape(self._explain(error))}</span>"
            self._put_back()
        else:
            self.message.value = ""

    def _put_back(self) -> None:
        self._syncing = True
        try:
            for branch, (slider, number, _) in self.rows.items():
                slider.value = number.value = round(self._shown[branch], 6)
        finally:
            self._syncing = False

    def _is_echo(self, branch: str, value: float, widget: Any) -> bool:
        """Whether ``value`` is only the model's value rounded to the widget's step (sent back by a browser)."""
        step = widget.step if isinstance(widget, widgets.FloatSlider) else 1e-6
        return abs(value - self._shown.get(branch, value + 1)) <= step / 2 + 1e-12

    def _gesture(self, branch: str) -> Hashable:
        """The drag a slider value belongs to: a new one after a pause or on another branch."""
        now = time.monotonic()
        last_branch, number, last_time = self._drag
        if branch != last_branch or now - last_time > GESTURE_PAUSE:
            number += 1
        self._drag = (branch, number, now)
        return ("drag", branch, number)
