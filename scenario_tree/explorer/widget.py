"""The explorer: walk a scenario tree, read its evidence and edit it live in JupyterLab.

``Explorer(tree)`` shows the drawing (an anywidget view: click, zoom, pan, fit, download), a
breadcrumb and step buttons, the details of the selected node with its quotes, sliders for the
probabilities of a chance node, payoff and structure edits with undo/redo, the outcomes, and
save/export. Every browser event has a Python twin (:meth:`Explorer.select`, :meth:`Explorer.click`,
:meth:`Explorer.fold`, ...), so the logic is tested without a browser.

A number edit restyles the drawing on its cached layout and sends only the changed SVG groups
to the browser; Graphviz runs again only when the structure or a label changes.
"""

from __future__ import annotations

import hashlib
import html
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from ..drawing import DRAWING_FORMATS, Drawing, DrawOptions
from ..errors import EditError, ScenarioError
from ..files import atomic_write
from ..model import KINDS, ScenarioNode, TreeModel, path_from_root, preorder
from ..model.nodes import is_within
from ..scenario import default_tree, load
from .analysis_tab import AnalysisPanel
from .panels import details_html, outcomes_html
from .sliders import ProbabilitySliders
from .tree_view import TreeView

__all__ = ["Explorer", "explore"]


class Explorer(widgets.VBox):
    """An interactive view of a scenario tree.

    Args:
        tree: The tree to explore; a path loads the file; ``None`` is the article's tree.
        options: Drawing options (see ``DrawOptions``).
    """

    def __init__(self, tree: TreeModel | str | Path | None = None, **options: Any) -> None:
        self.tree = _as_tree(tree)
        self.drawing = Drawing(self.tree, DrawOptions(**options))
        self.selected: ScenarioNode = self.tree.root
        self._history: list[str] = [self.tree.root.id]
        self._position = 0
        self._pending_delete: str | None = None
        self._original = {node.id: node.probability for node in self.tree.nodes()}
        self._disk = _fingerprint(self.tree.file)
        self.errors: list[str] = []
        self._shown_place: tuple = ()
        self._analysed_shape: tuple = ()
        self._build()
        super().__init__([self._toolbar, self._crumbs, self._steps, self._body, self._outcome_box, self._status],
                         layout=widgets.Layout(width="100%"))
        self.add_class("scenario-tree-explorer")
        self._refresh(full=True)

    # -- navigation (the Python twins of clicks and keys) ---------------------------------------

    def select(self, node_id: str) -> None:
        """Select a node: highlight its path, show its details and its probabilities."""
        node = self.tree.node(node_id)
        if node is not self.selected:
            del self._history[self._position + 1:]
            self._history.append(node.id)
            self._position = len(self._history) - 1
        self.selected = node
        self._refresh()

    def click(self, node_id: str) -> None:
        """What a click on a node in the drawing does: unfold it if folded, then select it."""
        if node_id in self._folded_ids():
            self.unfold(node_id)
        self.select(node_id)

    def step_in(self, child_id: str | None = None) -> None:
        """Select a child of the selected node (by default the chosen branch, or the first)."""
        children = self.selected.children
        if not children:
            raise EditError(f"{self.selected!r} is an outcome: there is nothing to step into")
        if child_id is None:
            best = self.tree.evaluate().best[self.selected.id]
            child_id = best or children[0].id
        if self.tree.node(child_id).parent is not self.selected:
            raise EditError(f"{child_id!r} is not a branch of {self.selected!r}")
        self.select(child_id)

    def up(self) -> None:
        """Select the parent of the selected node."""
        if self.selected.parent is not None:
            self.select(self.selected.parent.id)

    def home(self) -> None:
        """Select the root."""
        self.select(self.tree.root.id)

    def back(self) -> None:
        """Go back to the previously selected node."""
        self._travel(-1)

    def forward(self) -> None:
        """Go forward again after :meth:`back`."""
        self._travel(+1)

    def sibling(self, offset: int) -> None:
        """Select the next (``+1``) or previous (``-1``) branch of the same parent."""
        parent = self.selected.parent
        if parent is not None:
            siblings = list(parent.children)
            index = (siblings.index(self.selected) + offset) % len(siblings)
            self.select(siblings[index].id)

    def key(self, key: str) -> None:
        """Keyboard shortcuts: arrows walk the tree, Home goes to the root, Backspace goes back."""
        actions = {"ArrowLeft": self.up, "ArrowRight": self.step_in, "ArrowUp": lambda: self.sibling(-1),
                   "ArrowDown": lambda: self.sibling(+1), "Home": self.home, "Backspace": self.back}
        if key in actions and (key != "ArrowRight" or self.selected.children):
            actions[key]()

    def _travel(self, step: int) -> None:
        position = self._position + step
        while 0 <= position < len(self._history):
            node_id = self._history[position]
            self._position = position
            if node_id in self.tree:
                self.selected = self.tree.node(node_id)
                self._refresh()
                return
            position += step

    # -- folding --------------------------------------------------------------------------------

    def fold(self, node_id: str) -> None:
        """Fold a subtree into one summary node."""
        node = self.tree.node(node_id)
        options = self.drawing.options
        self.drawing.options = options.but(folded=options.folded | {node.id}, unfolded=options.unfolded - {node.id})
        self._refresh()

    def unfold(self, node_id: str) -> None:
        """Show a folded subtree again (also one that was folded automatically)."""
        node = self.tree.node(node_id)
        options = self.drawing.options
        self.drawing.options = options.but(folded=options.folded - {node.id}, unfolded=options.unfolded | {node.id})
        self._refresh()

    def _folded_ids(self) -> set[str]:
        _, chosen = self.drawing.marks()
        return {self.drawing.tree.evaluate().compiled.nodes[row].id for row in chosen.folded}

    # -- edits ----------------------------------------------------------------------------------

    def set_probability(self, node_id: str, probability: float) -> None:
        """Set a branch's probability; unlocked siblings are rescaled to keep the sum at 1."""
        self.tree.set_probability(node_id, probability)
        self._refresh()

    def lock(self, node_id: str) -> None:
        self.tree.lock(node_id)
        self._refresh()

    def unlock(self, node_id: str) -> None:
        self.tree.unlock(node_id)
        self._refresh()

    def _set_lock(self, node_id: str, locked: bool) -> None:
        (self.lock if locked else self.unlock)(node_id)

    def reset_probabilities(self, chance_id: str | None = None) -> None:
        """Put a chance node's branches back to the values they had when the explorer opened."""
        chance = self._chance_of_interest() if chance_id is None else self.tree.node(chance_id)
        if chance is None:
            raise EditError("select a chance node (or one of its branches) to reset its probabilities")
        originals = {child.id: self._original[child.id] for child in chance.children if child.id in self._original}
        self.tree.set_probabilities(chance.id, originals)
        self._refresh()

    def set_payoff(self, node_id: str, payoff: Any, actor: str | None = None) -> None:
        self.tree.set_payoff(node_id, payoff, actor)
        self._refresh(quantities=True)  # a payoff that becomes a plain number is a new quantity

    def rename(self, node_id: str, label: str) -> None:
        self.tree.rename(node_id, label)
        self._refresh()

    def set_kind(self, node_id: str, kind: str) -> None:
        self.tree.set_kind(node_id, kind)
        self._refresh()

    def add_child(self, parent_id: str, node_id: str, label: str, kind: str = "outcome", **fields: Any) -> None:
        self.tree.add_child(parent_id, node_id, label, kind, **fields)
        self._refresh()

    def delete(self, node_id: str) -> None:
        """Ask to delete a subtree; nothing happens until :meth:`confirm_delete`."""
        node = self.tree.node(node_id)
        if node.parent is None:
            raise EditError(f"{node!r} is the root; it cannot be removed")
        self._pending_delete = node.id
        count = sum(1 for _ in preorder(node))
        self._confirm_text.value = (f"Delete <b>{html.escape(node.label)}</b> and its {count - 1} descendants?"
                                    if count > 1 else f"Delete <b>{html.escape(node.label)}</b>?")
        self._confirm_box.layout.display = "flex"

    def confirm_delete(self) -> None:
        """Delete the subtree asked for with :meth:`delete`."""
        if self._pending_delete is None:
            raise EditError("nothing to delete: call delete(node_id) first")
        node = self.tree.node(self._pending_delete)
        self.cancel_delete()
        parent = node.parent
        self.tree.remove(node.id)
        if is_within(self.selected, node):
            self.selected = parent
        self._refresh()

    def cancel_delete(self) -> None:
        self._pending_delete = None
        self._confirm_box.layout.display = "none"

    def undo(self) -> bool:
        done = self.tree.undo()
        self._after_history()
        return done

    def redo(self) -> bool:
        done = self.tree.redo()
        self._after_history()
        return done

    def _after_history(self) -> None:
        if self.selected.id not in self.tree or self.tree.node(self.selected.id) is not self.selected:
            self.selected = self.tree.root
        self._refresh(quantities=True)

    # -- save and export ------------------------------------------------------------------------

    def save(self, path: str | Path | None = None, overwrite: bool = False) -> Path:
        """Save the tree (default: to the file it came from), atomically.

        Refuses, with a warning, to overwrite the loaded file if it changed on disk since it was
        loaded, unless ``overwrite`` is true.
        """
        target = Path(path or self.tree.file or "")
        if not str(path or self.tree.file or ""):
            raise ScenarioError("this tree has no file yet: give a path to save to")
        same_file = self.tree.file is not None and Path(self.tree.file).resolve() == target.resolve()
        if same_file and not overwrite and _fingerprint(self.tree.file) != self._disk:
            self._overwrite.layout.display = "inline-flex"
            raise ScenarioError(f"{target} changed on disk since it was loaded; "
                                "save to another file, or overwrite it on purpose")
        self.tree.save(target, overwrite=overwrite)
        if same_file or self.tree.file is None:
            self.tree.file = str(target)
            self._disk = _fingerprint(self.tree.file)
        self._overwrite.layout.display = "none"
        self._say(f"Saved {target}")
        return target

    def export(self, path: str | Path) -> Path:
        """Write the drawing as shown (selection and folds included) to SVG, PNG, PDF or DOT."""
        target = Path(path)
        fmt = target.suffix.lstrip(".").lower()
        if fmt not in DRAWING_FORMATS:
            raise ScenarioError(f"unknown drawing format: {fmt!r} (must be one of {list(DRAWING_FORMATS)})")
        atomic_write(target, self.drawing.export(fmt))
        self._say(f"Exported {target}")
        return target

    # -- building the widgets -------------------------------------------------------------------

    def _build(self) -> None:
        self.view = TreeView(self._on_view_event, layout=widgets.Layout(flex="3 1 0%", min_width="0"))
        self.view.add_class("st-view")
        self._toolbar = widgets.HBox([
            self._button("⌂ Home", "Go to the root", self.home, "st-home"),
            self._button("◀ Back", "Previous selection", self.back, "st-back"),
            self._button("Forward ▶", "Next selection", self.forward, "st-forward"),
            self._button("↑ Up", "Select the parent", self.up, "st-up"),
            self._button("↶ Undo", "Undo the last edit", self.undo, "st-undo"),
            self._button("↷ Redo", "Redo", self.redo, "st-redo"),
        ])
        self._crumbs = widgets.HBox(layout=widgets.Layout(flex_flow="row wrap"))
        self._crumbs.add_class("st-breadcrumb")
        self._steps = widgets.HBox(layout=widgets.Layout(flex_flow="row wrap"))
        self._steps.add_class("st-steps")
        self._details = widgets.HTML()
        self._details.add_class("st-details-panel")
        self._sliders = ProbabilitySliders(self.set_probability, self._set_lock, self.reset_probabilities,
                                           self._guarded)
        self._outcomes = widgets.HTML()
        self._outcomes.add_class("st-outcomes-panel")
        self._status = widgets.HTML()
        self._status.add_class("st-status")
        self.analysis = AnalysisPanel(self.tree, self._guarded)
        tabs = widgets.Tab([widgets.VBox([self._details, self._sliders]), self._build_edit(), self._build_save(),
                            self.analysis])
        for index, title in enumerate(["Details", "Edit", "Save & export", "Analysis"]):
            tabs.set_title(index, title)
        tabs.layout = widgets.Layout(flex="2 1 0%", min_width="320px")
        self._body = widgets.HBox([self.view, tabs], layout=widgets.Layout(width="100%"))
        self._outcome_box = widgets.VBox([widgets.HTML("<b>Outcomes</b>"), self._outcomes])

    def _build_edit(self) -> widgets.Widget:
        self._label_text = widgets.Text(description="Label")
        self._payoff_boxes = {actor: widgets.FloatText(description=actor) for actor in self.tree.actors}
        self._kind_choice = widgets.Dropdown(options=list(KINDS), description="Kind")
        self._child_id = widgets.Text(description="New id")
        self._child_label = widgets.Text(description="New label")
        self._child_kind = widgets.Dropdown(options=list(KINDS), value="outcome", description="New kind")
        self._confirm_text = widgets.HTML()
        self._confirm_box = widgets.HBox([
            self._confirm_text,
            self._button("Delete", "Delete the subtree", self.confirm_delete, "st-confirm-delete"),
            self._button("Cancel", "Keep it", self.cancel_delete, "st-cancel-delete"),
        ], layout=widgets.Layout(display="none"))
        return widgets.VBox([
            widgets.HBox([self._label_text, self._button("Rename", "Change the label", self._apply_label)]),
            widgets.HTML("<b>Payoff on entering this node</b>"),
            *self._payoff_boxes.values(),
            self._button("Set payoff", "Apply the payoff", self._apply_payoff, "st-set-payoff"),
            widgets.HBox([self._kind_choice, self._button("Change kind", "Change the kind", self._apply_kind)]),
            widgets.HTML("<b>Add a branch</b>"), self._child_id, self._child_label, self._child_kind,
            self._button("Add branch", "Add a child to this node", self._apply_child, "st-add-child"),
            self._button("Delete subtree…", "Delete this node and all below it",
                         lambda: self.delete(self.selected.id), "st-delete"),
            self._confirm_box,
        ])

    def _build_save(self) -> widgets.Widget:
        default = self.tree.file or "scenario.yaml"
        self._save_path = widgets.Text(value=str(default), description="File")
        self._export_path = widgets.Text(value="scenario-tree.svg", description="Drawing")
        self._overwrite = self._button("Overwrite anyway", "Replace the changed file", lambda: self.save(
            self._save_path.value, overwrite=True), "st-overwrite")
        self._overwrite.layout.display = "none"
        return widgets.VBox([
            widgets.HBox([self._save_path, self._button("Save", "Save the tree", lambda: self.save(
                self._save_path.value), "st-save"), self._overwrite]),
            widgets.HBox([self._export_path, self._button("Export", "Export the drawing (.svg .png .pdf .dot)",
                                                          lambda: self.export(self._export_path.value),
                                                          "st-export")]),
            widgets.HTML("The ⤓ SVG button on the drawing downloads it in the browser."),
        ])

    def _button(self, text: str, tooltip: str, action: Callable[[], Any], css: str | None = None) -> widgets.Button:
        button = widgets.Button(description=text, tooltip=tooltip, layout=widgets.Layout(width="auto"))
        button.on_click(lambda _: self._guarded(action))
        if css:
            button.add_class(css)
        return button

    def _guarded(self, action: Callable[[], Any]) -> None:
        """Run a UI action; show any error in the widget instead of losing it in a log."""
        try:
            action()
        except ScenarioError as error:
            self._say(str(error), error=True)
        except Exception as error:  # noqa: BLE001 - a widget callback must never swallow an error
            self._say(f"{type(error).__name__}: {error}", error=True, detail=traceback.format_exc())

    def _say(self, message: str, error: bool = False, detail: str = "") -> None:
        if error:
            self.errors.append(message)
        css = "st-error" if error else "st-info"
        extra = f"<details><summary>details</summary><pre>{html.escape(detail)}</pre></details>" if detail else ""
        colour = "#b00020" if error else "#1d5fa8"
        self._status.value = f'<div class="{css}" style="color:{colour}">{html.escape(message)}{extra}</div>'

    def _on_view_event(self, content: dict[str, Any]) -> None:
        kind = content.get("type")
        if kind == "click":
            self._guarded(lambda: self.click(str(content.get("id"))))
        elif kind == "key":
            self._guarded(lambda: self.key(str(content.get("key"))))
        elif kind == "ready":
            self.view.svg = self.drawing.current_svg()

    # -- edit actions from the widgets ----------------------------------------------------------

    def _apply_label(self) -> None:
        self.rename(self.selected.id, self._label_text.value)

    def _apply_payoff(self) -> None:
        payoff = {actor: box.value for actor, box in self._payoff_boxes.items() if box.value}
        if len(self.tree.actors) == 1:
            self.set_payoff(self.selected.id, payoff.get(self.tree.actors[0]))
        else:
            self.set_payoff(self.selected.id, payoff or None)

    def _apply_kind(self) -> None:
        self.set_kind(self.selected.id, self._kind_choice.value)

    def _apply_child(self) -> None:
        self.add_child(self.selected.id, self._child_id.value.strip(), self._child_label.value.strip() or "New branch",
                       self._child_kind.value)
        self._child_id.value = ""

    # -- refreshing -----------------------------------------------------------------------------

    def _refresh(self, full: bool = False, quantities: bool = False) -> None:
        """Bring every part up to date, rebuilding only the parts whose content changed.

        A number edit restyles the drawing's changed groups and updates numbers in place; the
        breadcrumb and step buttons are rebuilt only when the selection, the structure or a label
        changed, and the Analysis tab's list of quantities only when the structure or texts did.
        """
        evaluation = self.tree.evaluate()
        self.drawing.options = self.drawing.options.but(selected=self.selected.id)
        groups = self.drawing.update()
        if full or self.drawing.relaid:
            self.view.svg = self.drawing.current_svg()
        else:
            self.view.patch(groups)
        self.view.selected = self.selected.id
        # a widget's value is sent to the browser only when it differs from what is shown
        self._details.value = details_html(self.tree, self.selected, evaluation)
        self._outcomes.value = outcomes_html(self.tree, evaluation)
        shape = (self.tree.structure_version, self.tree.text_version)
        if full or (self.selected.id, *shape) != self._shown_place:
            self._refresh_place()
            self._shown_place = (self.selected.id, *shape)
        if full or quantities or shape != self._analysed_shape:
            self.analysis.refresh()
            self._analysed_shape = shape
        self._refresh_buttons()
        self._sliders.show(self._chance_of_interest(), self.tree, evaluation)
        self._refresh_edit_fields()

    def _refresh_place(self) -> None:
        """The breadcrumb and the step buttons of the selected node."""
        self._crumbs.children = [widgets.HTML("<b>Path:</b>&nbsp;")] + [
            self._crumb(node) for node in path_from_root(self.selected)]
        steps = [self._step_button(child) for child in self.selected.children]
        self._steps.children = ([widgets.HTML("<b>Step in:</b>&nbsp;")] + steps) if steps else []

    def _refresh_buttons(self) -> None:
        back, forward = self._toolbar.children[1], self._toolbar.children[2]
        back.disabled = self._position == 0
        forward.disabled = self._position >= len(self._history) - 1
        self._toolbar.children[4].disabled = not self.tree.history.can_undo
        self._toolbar.children[5].disabled = not self.tree.history.can_redo

    def _crumb(self, node: ScenarioNode) -> widgets.Button:
        button = self._button(_short(node.label), node.label, lambda: self.select(node.id), "st-crumb")
        if node is self.selected:
            button.add_class("st-crumb-current")
            button.button_style = "info"
        return button

    def _step_button(self, child: ScenarioNode) -> widgets.Button:
        return self._button(f"{_short(child.label)} ›", child.label, lambda: self.select(child.id), "st-step")

    def _chance_of_interest(self) -> ScenarioNode | None:
        if self.selected.kind == "chance":
            return self.selected
        parent = self.selected.parent
        return parent if parent is not None and parent.kind == "chance" else None

    def _refresh_edit_fields(self) -> None:
        node = self.selected
        self._label_text.value = node.label
        payoff = node.payoff if isinstance(node.payoff, dict) else {self.tree.actors[0]: node.payoff or 0}
        for actor, box in self._payoff_boxes.items():
            box.value = float(payoff.get(actor, 0) or 0)
        self._kind_choice.value = node.kind


def explore(tree: TreeModel | str | Path | None = None, **options: Any) -> Explorer:
    """Open the explorer on a tree, a file, or (by default) the article's tree."""
    return Explorer(tree, **options)


def _as_tree(tree: TreeModel | str | Path | None) -> TreeModel:
    if tree is None:
        return default_tree()
    if isinstance(tree, TreeModel):
        return tree
    return load(tree)


def _fingerprint(path: str | None) -> str | None:
    if not path:
        return None
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def _short(text: str, width: int = 28) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
