"""The explorer: walk a scenario tree, read its evidence and edit it live in JupyterLab.

``Explorer(tree)`` shows a summary line (the tree's value per actor, the choice at the root, any
choice an edit just flipped), the drawing (an anywidget view: readable at first sight, click, pan,
zoom, fit, fold, minimap, download) and a side panel: the details of the selected node with its
place in the tree, its branches, its quotes and the sliders of its probabilities; the outcomes;
edits; save and export; analyses. Every browser event has a Python twin (:meth:`Explorer.select`,
:meth:`Explorer.click`, :meth:`Explorer.fold`, :meth:`Explorer.key`, ...), so the logic is tested
without a browser.

Looking never edits: selecting, stepping and showing numbers change nothing in the tree. A number
edit restyles the drawing on its cached layout and sends only the changed SVG groups to the
browser; only the parts whose content changed are rebuilt.
"""

from __future__ import annotations

import html
import traceback
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from ..drawing import DRAWING_FORMATS, Drawing, DrawOptions
from ..drawing.folding import first_view_depth
from ..errors import EditError, ScenarioError
from ..files import OverwriteRefused, atomic_write
from ..hindsight import Hindsight
from ..model import ScenarioNode, TreeModel, path_from_root, preorder
from ..model.names import fresh_id, slug
from ..model.nodes import is_within
from ..scenario import default_tree, load
from ..sharing.page import write_page
from .analysis_tab import AnalysisPanel
from .evidence_form import EvidenceForm
from .finder import FindBar, TagBar
from .forms import EditForm, SaveForm, button
from .hindsight_view import hindsight_details_html, hindsight_summary_html
from .looking import Looking
from .messages import plain
from .panels import details_html, outcomes_html
from .scenarios_tab import ScenariosPanel
from .sliders import ProbabilitySliders
from .summary import flips, policy_choices, summary_html
from .tree_view import TreeView

__all__ = ["Explorer", "explore"]

FOLDING_OPTIONS = frozenset({"depth", "max_nodes", "min_probability", "folded", "unfolded"})
TABS = ("Details", "Outcomes", "Edit", "Save", "Analysis", "Scenarios")


class Explorer(Looking, widgets.VBox):
    """An interactive view of a scenario tree.

    Args:
        tree: The tree to explore; a path loads the file; ``None`` is the article's tree.
        hindsight: A hindsight record (or its file) whose realised path is marked (see :meth:`show_hindsight`).
        options: Drawing options (see ``DrawOptions``).
    """

    def __init__(self, tree: TreeModel | str | Path | None = None, hindsight: Hindsight | str | Path | None = None,
                 **options: Any) -> None:
        self.tree = _as_tree(tree)
        self.hindsight = None
        if not FOLDING_OPTIONS & options.keys() and (depth := first_view_depth(self.tree)) is not None:
            options["depth"] = depth  # a large tree opens on its main branches, readable; unfold from there
        self.drawing = Drawing(self.tree, DrawOptions(**options))
        self.selected: ScenarioNode = self.tree.root
        self._history: list[str] = [self.tree.root.id]
        self._position = 0
        self._pending_delete: str | None = None
        self._original = {node.id: node.probability for node in self.tree.nodes()}
        self.errors: list[str] = []
        self._shown: dict[str, tuple] = {}  # what each rebuilt part was last built from
        self._choices = policy_choices(self.tree)
        self._flips: list[str] = []
        self._edited_version = self.tree.version
        self._query, self._hits, self._hit, self._tag = "", [], -1, None
        self._build()
        super().__init__([self._header, self._summary, self._body])
        self.add_class("scenario-tree-explorer")
        self._set_hindsight(hindsight)
        self._refresh(full=True)

    # -- edits ----------------------------------------------------------------------------------

    def set_probability(self, node_id: str, probability: float, gesture: Hashable | None = None) -> None:
        """Set a branch's probability; unlocked siblings are rescaled (one ``gesture``: one undo step)."""
        self.tree.set_probability(node_id, probability, gesture)
        self._refresh()

    def lock(self, node_id: str) -> None:
        self._edit_tree("lock", node_id)

    def unlock(self, node_id: str) -> None:
        self._edit_tree("unlock", node_id)

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
        self._edit_tree("rename", node_id, label)

    def set_kind(self, node_id: str, kind: str) -> None:
        self._edit_tree("set_kind", node_id, kind)

    # evidence: the twins of the Edit tab's evidence part, each one undoable edit of the tree

    def set_notes(self, node_id: str, notes: str | None) -> None:
        self._edit_tree("set_notes", node_id, notes)

    def add_quote(self, node_id: str, text: str, paragraph: int | None = None, page: int | str | None = None) -> None:
        self._edit_tree("add_quote", node_id, text, paragraph, page)

    def change_quote(self, node_id: str, index: int, **changes: Any) -> None:
        """Change a quote's ``text``, ``paragraph`` or ``page``."""
        self._edit_tree("change_quote", node_id, index, **changes)

    def remove_quote(self, node_id: str, index: int) -> None:
        self._edit_tree("remove_quote", node_id, index)

    def set_tags(self, node_id: str, tags: list[str]) -> None:
        self._edit_tree("set_tags", node_id, tags)

    def set_source(self, **fields: str | None) -> None:
        """Change the file's source (``title``, ``author``, ``date``, ``outlet``, ``url``; empty removes)."""
        self._edit_tree("set_source", **fields)

    # named scenarios: the twins of the Scenarios tab, each one undoable edit of the tree

    def use_scenario(self, name: str) -> None:
        """Switch the live numbers to a named scenario's (``base``: the file's base numbers)."""
        self._edit_tree("use_scenario", name)

    def save_scenario(self, name: str, description: str | None = None) -> dict[str, Any]:
        """Save how the live numbers differ from the base numbers as a named scenario."""
        return self._edit_tree("save_scenario", name, description)

    def remove_scenario(self, name: str) -> None:
        self._edit_tree("remove_scenario", name)

    def _edit_tree(self, edit: str, *arguments: Any, **keywords: Any) -> Any:
        done = getattr(self.tree, edit)(*arguments, **keywords)
        self._refresh()
        return done

    def add_child(self, parent_id: str, node_id: str | None, label: str, kind: str = "outcome",
                  **fields: Any) -> ScenarioNode:
        """Add a branch; without an id, one is made from the label."""
        child = self.tree.add_child(parent_id, node_id or fresh_id(slug(label), self.tree), label, kind, **fields)
        self._refresh()
        return child

    def delete(self, node_id: str) -> None:
        """Ask to delete a subtree; nothing happens until :meth:`confirm_delete`."""
        node = self.tree.node(node_id)
        if node.parent is None:
            raise EditError(f"“{node.label}” is the root; it cannot be removed")
        self._pending_delete = node.id
        self._edit_form.ask_to_delete(node, sum(1 for _ in preorder(node)) - 1)

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
        self._edit_form.stop_asking()

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

        Refuses, with a warning and an "Overwrite anyway" button, to replace a file the tree was not
        loaded from or one that changed on disk since (the files layer's guard), unless ``overwrite``.
        """
        if not str(path or self.tree.file or ""):
            raise ScenarioError("this tree has no file yet: give a path to save to")
        target = Path(path or self.tree.file or "").expanduser().resolve()
        try:
            self.tree.save(target, overwrite=overwrite)
        except OverwriteRefused:
            self._save_form.overwrite.layout.display = "inline-flex"
            raise
        self._save_form.overwrite.layout.display = "none"
        self._say(f"Saved {target}")
        return target

    def export(self, path: str | Path, highlight: bool = False) -> Path:
        """Write the drawing (SVG, PNG, PDF, DOT; folds as shown) or a standalone page (HTML)."""
        target = Path(path).expanduser().resolve()
        fmt = target.suffix.lstrip(".").lower()
        if fmt == "html":
            write_page(self.tree, target)
        elif fmt in DRAWING_FORMATS:
            atomic_write(target, self.drawing.export(fmt, highlight))
        else:
            raise ScenarioError(f"unknown export type: {fmt!r} (must be one of {[*DRAWING_FORMATS, 'html']})")
        self._say(f"Exported {target}")
        return target

    def download_svg(self) -> str:
        """What the ⤓ SVG button downloads: the drawing as a file of its own (no selection highlight)."""
        svg = self.drawing.export("svg").decode("utf-8")
        self.view.download(svg)
        return svg

    # -- building the widgets -------------------------------------------------------------------

    def _build(self) -> None:
        self.view = TreeView(self._on_view_event, rankdir=self.drawing.options.rankdir,
                             layout=widgets.Layout(flex="3 1 480px", min_width="0"))
        self._status = widgets.HTML()
        self._status.add_class("st-status")
        self._find = FindBar(self)
        self._tags = TagBar(self)
        self._header = widgets.HBox([
            self._tool("⌂ Root", "Go to the root (Home)", self.home, "st-home"),
            self._tool("◀ Back", "The previous selection (Backspace)", self.back, "st-back"),
            self._tool("Forward ▶", "The next selection", self.forward, "st-forward"),
            self._tool("↑ Up", "Select the parent (←)", self.up, "st-up"),
            self._tool("↶ Undo", "Undo the last edit (Ctrl+Z)", self.undo, "st-undo"),
            self._tool("↷ Redo", "Redo (Ctrl+Shift+Z)", self.redo, "st-redo"),
            self._find,
        ], layout=widgets.Layout(flex_flow="row wrap", align_items="center"))
        self._summary = widgets.HTML()
        self._summary.add_class("st-summary")
        self._place = widgets.HBox(layout=widgets.Layout(flex_flow="row wrap"))
        self._place.add_class("st-place")
        self._branches = widgets.VBox()
        self._branches.add_class("st-steps")
        self._details = widgets.HTML()
        self._details.add_class("st-details-panel")
        self._sliders = ProbabilitySliders(self.set_probability, lambda node_id, locked: (
            self.lock if locked else self.unlock)(node_id), self.reset_probabilities, self._explain)
        self._outcomes = widgets.HTML()
        self._outcomes.add_class("st-outcomes-panel")
        self._edit_form = EditForm(self)
        self._evidence_form = EvidenceForm(self)
        self._save_form = SaveForm(self)
        self.analysis = AnalysisPanel(self.tree, self.guarded)
        self.scenarios = ScenariosPanel(self)
        pages = [[self._place, self._details, self._branches, self._sliders], [self._tags, self._outcomes],
                 [self._edit_form, self._evidence_form], [self._save_form], [self.analysis], [self.scenarios]]
        self._tabs = widgets.Tab([self._tab(children) for children in pages],
                                 layout=widgets.Layout(flex="1 1 380px", min_width="360px"))
        self._tabs.titles = TABS
        self._tabs.add_class("st-side")
        # side by side where there is room, the side panel below the drawing where there is not
        self._body = widgets.HBox([self.view, self._tabs], layout=widgets.Layout(flex_flow="row wrap"))
        self._body.add_class("st-body")

    def _tab(self, children: list[widgets.Widget]) -> widgets.VBox:
        page = widgets.VBox([self._status, *children])  # the message shows at the top of every tab
        page.add_class("st-tab")
        return page

    def _tool(self, text: str, tooltip: str, action: Callable[[], Any], css: str) -> widgets.Button:
        return button(text, tooltip, action, self.guarded, css)

    def guarded(self, action: Callable[[], Any]) -> None:
        """Run a UI action: the last message goes; an error shows, in words, where the eye is."""
        self._status.value = ""
        try:
            action()
        except ScenarioError as error:
            self._say(self._explain(error), error=True)
        except Exception as error:  # noqa: BLE001 - a widget callback must never swallow an error
            self._say(f"{type(error).__name__}: {error}", error=True, detail=traceback.format_exc())

    def _explain(self, error: Exception) -> str:
        return plain(self.tree, str(error))

    def _say(self, message: str, error: bool = False, detail: str = "") -> None:
        if error:
            self.errors.append(message)
        extra = f"<details><summary>details</summary><pre>{html.escape(detail)}</pre></details>" if detail else ""
        css = "st-error" if error else "st-info"
        self._status.value = f'<div class="{css}" role="status">{html.escape(message)}{extra}</div>'

    def _on_view_event(self, content: dict[str, Any]) -> None:
        kind = content.get("type")
        actions = {"click": lambda: self.click(str(content.get("id"))),
                   "key": lambda: self.key(str(content.get("key"))),
                   "fold_all": self.fold_all, "unfold_all": self.unfold_all, "download": self.download_svg,
                   "depth": lambda: self.set_depth(int(content.get("value", -1)))}
        if kind in actions:
            self.guarded(actions[kind])
        elif kind == "ready":
            self.view.svg = self.drawing.current_svg()

    # -- refreshing -----------------------------------------------------------------------------

    def _refresh(self, full: bool = False, quantities: bool = False) -> None:
        """Bring every part up to date, rebuilding only the parts whose content changed.

        A number edit restyles the drawing's changed groups and updates numbers in place; the place in
        the tree and the branch buttons are rebuilt only when the selection, the structure or a label
        changed, and the Analysis tab's list of numbers only when the structure or texts did.
        """
        evaluation = self.tree.evaluate()
        self.drawing.options = self.drawing.options.but(selected=self.selected.id)
        groups = self.drawing.update()
        if full or self.drawing.relaid:
            self.view.svg = self.drawing.current_svg()
        else:
            self.view.patch(groups)
        self.view.selected = self.selected.id
        self._refresh_drawing_controls()
        self._refresh_summary()
        # a widget's value is sent to the browser only when it differs from what is shown
        self._details.value = (details_html(self.tree, self.selected, evaluation)
                               + hindsight_details_html(self.hindsight, self.selected))
        self._outcomes.value = outcomes_html(self.tree, evaluation)
        shape = (self.tree.structure_version, self.tree.text_version)
        if self._changed("place", (self.selected.id, *shape), full):
            self._refresh_place()
        if self._changed("quantities", shape, full or quantities):
            self.analysis.refresh()
        if self._changed("marks", shape, full):
            self._refresh_marks()
        self._find.show(self)
        self._tags.show(self.tree_tags(), self._tag)
        self._refresh_buttons()
        self._sliders.show(self._chance_of_interest(), self.tree, evaluation)
        self._edit_form.show(self.selected, self.tree)
        self._evidence_form.show(self.selected, self.tree)
        self.scenarios.show()

    def _changed(self, part: str, state: tuple, force: bool = False) -> bool:
        """Whether ``part`` must be rebuilt (its state changed, or it is forced), remembering the state."""
        if force or self._shown.get(part) != state:
            self._shown[part] = state
            return True
        return False

    def _refresh_summary(self) -> None:
        """The value line; a flipped choice is said until the next edit."""
        if self.tree.version != self._edited_version:
            choices = policy_choices(self.tree)
            self._flips = flips(self.tree, self._choices, choices)
            self._choices, self._edited_version = choices, self.tree.version
        self._summary.value = summary_html(self.tree, self._flips) + hindsight_summary_html(self.tree, self.hindsight)
        (self._summary.add_class if self._flips else self._summary.remove_class)("st-flipped")

    def _refresh_drawing_controls(self) -> None:
        chosen = self.drawing.marks()[1]
        self.view.note = (f"{chosen.hidden_count} nodes folded into {len(chosen.folded)} summaries (▸): "
                          "click one to open it, or choose a depth" if chosen.hidden_count else "")
        self.view.levels = len(self.tree.evaluate().compiled.level_starts) - 1
        self.view.depth = -1 if self.drawing.options.depth is None else self.drawing.options.depth

    def _refresh_place(self) -> None:
        """The path from the root to the selection, and the selection's branches, each label in full."""
        self._place.children = [
            self._tool(("› " if index else "") + node.label, f"Select “{node.label}”",
                       lambda node=node: self.select(node.id),
                       "st-crumb st-crumb-current" if node is self.selected else "st-crumb")
            for index, node in enumerate(path_from_root(self.selected))]
        branches = [self._tool(f"{child.label} ›", f"Step into “{child.label}” (→ steps into the chosen branch)",
                               lambda child=child: self.select(child.id), "st-step")
                    for child in self.selected.children]
        heading = widgets.HTML("<p class='st-heading'>Branches</p>")
        self._branches.children = [heading, *branches] if branches else []

    def _refresh_buttons(self) -> None:
        back, forward, undo, redo = (self._header.children[index] for index in (1, 2, 4, 5))
        back.disabled = self._position == 0
        forward.disabled = self._position >= len(self._history) - 1
        undo.disabled = not self.tree.history.can_undo
        redo.disabled = not self.tree.history.can_redo

    def _chance_of_interest(self) -> ScenarioNode | None:
        if self.selected.kind == "chance":
            return self.selected
        parent = self.selected.parent
        return parent if parent is not None and parent.kind == "chance" else None


def explore(tree: TreeModel | str | Path | None = None, hindsight: Hindsight | str | Path | None = None,
            **options: Any) -> Explorer:
    """Open the explorer on a tree, a file, or (by default) the article's tree; ``hindsight`` marks what happened."""
    return Explorer(tree, hindsight, **options)


def _as_tree(tree: TreeModel | str | Path | None) -> TreeModel:
    if tree is None:
        return default_tree()
    if isinstance(tree, TreeModel):
        return tree
    return load(tree)

