"""The probability sliders of the explorer: a slider, a number box and a lock for each branch of a chance node.

The widgets follow the model: they are rebuilt only when another chance node is shown or its branches
change, and otherwise only their values are updated. A value the front-end sends back that is only
the model's own value rounded to the slider's step is not an edit, so showing a number never
changes it.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from ..model import Evaluation, ScenarioNode, TreeModel

__all__ = ["ProbabilitySliders"]

SLIDER_STEP = 0.001


class ProbabilitySliders(widgets.VBox):
    """The probabilities of one chance node, each with a slider, a number box and a lock.

    Args:
        set_probability: Called with ``(branch id, probability)`` when the user moves a branch.
        set_lock: Called with ``(branch id, locked)`` when the user toggles a lock.
        reset: Called with the chance node's id to put back the file's numbers.
        guard: Runs an action and shows its error instead of raising.
    """

    def __init__(self, set_probability: Callable[[str, float], None], set_lock: Callable[[str, bool], None],
                 reset: Callable[[str], None], guard: Callable[[Callable[[], Any]], None]) -> None:
        super().__init__()
        self.add_class("st-sliders")
        self._set_probability, self._set_lock, self._reset, self._guard = set_probability, set_lock, reset, guard
        self.chance: ScenarioNode | None = None
        self.rows: dict[str, tuple[widgets.FloatSlider, widgets.BoundedFloatText, widgets.ToggleButton]] = {}
        self._shown: dict[str, float] = {}  # the model's value behind each row, unrounded
        self._syncing = False

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
        header = widgets.HTML(f"<b>Probabilities of “{html.escape(chance.label)}”</b>")
        reset = widgets.Button(description="Reset to file values", tooltip="Put back the loaded probabilities",
                               layout=widgets.Layout(width="auto"))
        reset.add_class("st-reset")
        reset.on_click(lambda _: self._guard(lambda: self._reset(chance.id)))
        self.children = [header, *(widgets.HBox(list(row)) for row in self.rows.values()), reset]

    def _row(self, child: ScenarioNode) -> tuple[widgets.FloatSlider, widgets.BoundedFloatText, widgets.ToggleButton]:
        slider = widgets.FloatSlider(min=0, max=1, step=SLIDER_STEP, readout=False, continuous_update=True,
                                     description=_short(child.label, 22), style={"description_width": "150px"},
                                     layout=widgets.Layout(width="300px"))
        slider.add_class("st-slider")
        slider.add_class(f"st-slider-{child.id}")
        number = widgets.BoundedFloatText(min=0, max=1, step=0.01, layout=widgets.Layout(width="80px"))
        number.add_class(f"st-number-{child.id}")
        lock = widgets.ToggleButton(description="lock", tooltip="Keep this branch fixed while others move",
                                    layout=widgets.Layout(width="56px"))
        lock.add_class(f"st-lock-{child.id}")

        def moved(change: dict[str, Any]) -> None:
            if self._syncing or self._is_echo(child.id, float(change["new"]), change["owner"]):
                return
            self._guard(lambda: self._set_probability(child.id, float(change["new"])))

        def locked(change: dict[str, Any]) -> None:
            if not self._syncing:
                self._guard(lambda: self._set_lock(child.id, bool(change["new"])))

        slider.observe(moved, "value")
        number.observe(moved, "value")
        lock.observe(locked, "value")
        return slider, number, lock

    def _is_echo(self, branch: str, value: float, widget: Any) -> bool:
        """Whether ``value`` is only the model's value rounded to the widget's step (sent back by a browser)."""
        step = widget.step if isinstance(widget, widgets.FloatSlider) else 1e-6
        return abs(value - self._shown.get(branch, value + 1)) <= step / 2


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
