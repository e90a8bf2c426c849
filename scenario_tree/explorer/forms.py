"""The explorer's Edit and Save tabs: forms whose buttons call the explorer's Python twins.

Every text box shows its whole description (no cut labels), and the forms only read the model to
show it: they change the tree only through the explorer's edit methods, on a button press.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from ..model import KINDS, ScenarioNode, TreeModel
from .summary import actor_name

__all__ = ["EditForm", "SaveForm", "button"]

WHOLE_DESCRIPTION = {"description_width": "initial"}  # ipywidgets cuts descriptions at 90 px otherwise


def button(text: str, tooltip: str, action: Callable[[], Any], guard: Callable[[Callable[[], Any]], None],
           css: str = "") -> widgets.Button:
    """A button that runs ``action`` through ``guard`` (which shows its errors), its text never cut."""
    made = widgets.Button(description=text, tooltip=tooltip, layout=widgets.Layout(width="auto", height="auto"))
    made.on_click(lambda _: guard(action))
    for name in ("st-wrap", *css.split()):
        made.add_class(name)
    return made


class EditForm(widgets.VBox):
    """Label, payoff, kind, a new branch and deleting, for the selected node."""

    def __init__(self, explorer: Any) -> None:  # the Explorer, whose twins the buttons call
        self.explorer = explorer
        guard = explorer.guarded
        tree = explorer.tree
        self.label = widgets.Text(description="Label", style=WHOLE_DESCRIPTION)
        self.payoffs = {actor: widgets.FloatText(description=actor_name(actor), style=WHOLE_DESCRIPTION)
                        for actor in tree.actors}
        self.kind = widgets.Dropdown(options=list(KINDS), description="Kind", style=WHOLE_DESCRIPTION)
        self.child_label = widgets.Text(description="Label of the new branch", style=WHOLE_DESCRIPTION,
                                        )
        for text in (self.label, self.child_label):
            text.add_class("st-fill")
        self.child_kind = widgets.Dropdown(options=list(KINDS), value="outcome", description="Kind of the new branch",
                                           style=WHOLE_DESCRIPTION)
        self.confirm_text = widgets.HTML()
        self.confirm_box = widgets.HBox([
            self.confirm_text,
            button("Delete", "Delete the subtree", explorer.confirm_delete, guard, "st-confirm-delete"),
            button("Cancel", "Keep it", explorer.cancel_delete, guard, "st-cancel-delete"),
        ], layout=widgets.Layout(display="none", flex_flow="row wrap"))
        super().__init__([
            widgets.HTML("<p class='st-heading'>Label</p>"), self.label,
            button("Rename", "Change the label", self._rename, guard, "st-rename"),
            widgets.HTML("<p class='st-heading'>Payoff received on entering this node</p>"), *self.payoffs.values(),
            button("Set payoff", "Apply the payoff", self._set_payoff, guard, "st-set-payoff"),
            widgets.HTML("<p class='st-heading'>Kind</p>"), self.kind,
            button("Change kind", "Make it a decision, a chance node or an outcome", self._set_kind, guard),
            widgets.HTML("<p class='st-heading'>Add a branch</p>"), self.child_label, self.child_kind,
            button("Add branch", "Add a child to this node", self._add_child, guard, "st-add-child"),
            widgets.HTML("<p class='st-heading'>Delete</p>"),
            button("Delete subtree…", "Delete this node and all below it",
                   lambda: explorer.delete(explorer.selected.id), guard, "st-delete"),
            self.confirm_box,
        ])

    def show(self, node: ScenarioNode, tree: TreeModel) -> None:
        """Fill the fields with the node's label, payoff and kind (showing changes nothing)."""
        self.label.value = node.label
        payoff = node.payoff if isinstance(node.payoff, dict) else {tree.actors[0]: node.payoff or 0}
        for actor, box in self.payoffs.items():
            amount = payoff.get(actor, 0)
            box.value = float(amount) if isinstance(amount, int | float) else 0.0
        self.kind.value = node.kind

    def ask_to_delete(self, node: ScenarioNode, descendants: int) -> None:
        below = f" and its {descendants} descendants" if descendants else ""
        self.confirm_text.value = f"Delete <b>{html.escape(node.label)}</b>{below}?"
        self.confirm_box.layout.display = "flex"

    def stop_asking(self) -> None:
        self.confirm_box.layout.display = "none"

    def _rename(self) -> None:
        self.explorer.rename(self.explorer.selected.id, self.label.value)

    def _set_payoff(self) -> None:
        tree = self.explorer.tree
        payoff = {actor: box.value for actor, box in self.payoffs.items() if box.value}
        if len(tree.actors) == 1:
            self.explorer.set_payoff(self.explorer.selected.id, payoff.get(tree.actors[0]))
        else:
            self.explorer.set_payoff(self.explorer.selected.id, payoff or None)

    def _set_kind(self) -> None:
        self.explorer.set_kind(self.explorer.selected.id, self.kind.value)

    def _add_child(self) -> None:
        self.explorer.add_child(self.explorer.selected.id, None, self.child_label.value.strip() or "New branch",
                                self.child_kind.value)
        self.child_label.value = ""


class SaveForm(widgets.VBox):
    """Saving the scenario file and exporting the drawing (SVG, PNG, PDF, DOT, or an HTML page)."""

    def __init__(self, explorer: Any) -> None:  # the Explorer, whose twins the buttons call
        guard = explorer.guarded
        self.path = widgets.Text(value=str(explorer.tree.file or "scenario.yaml"), description="Scenario file",
                                 style=WHOLE_DESCRIPTION)
        self.export_path = widgets.Text(value="scenario-tree.svg", description="Drawing or page",
                                        style=WHOLE_DESCRIPTION)
        for text in (self.path, self.export_path):
            text.add_class("st-fill")
        self.overwrite = button("Overwrite anyway", "Replace the file that changed on disk",
                                lambda: explorer.save(self.path.value, overwrite=True), guard, "st-overwrite")
        self.overwrite.layout.display = "none"
        super().__init__([
            self.path,
            widgets.HBox([button("Save", "Save the tree to this file", lambda: explorer.save(self.path.value), guard,
                                 "st-save"), self.overwrite], layout=widgets.Layout(flex_flow="row wrap")),
            self.export_path,
            button("Export", "Write the drawing (.svg .png .pdf .dot) or a standalone page (.html)",
                   lambda: explorer.export(self.export_path.value), guard, "st-export"),
            widgets.HTML("<p class='st-rule'>An export shows the whole tree at its natural size, folds as shown, "
                         "without the selection. The ⤓ SVG button above the drawing downloads it in the browser."
                         "</p>"),
        ])
