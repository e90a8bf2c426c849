"""The explorer's Scenarios tab: which reading the live numbers are, switching readings, saving one, comparing.

An analyst keeps several readings of one argument (the file's base numbers, a pessimistic one, a
colleague's). The tab says which one the live numbers are, switches the live numbers to another
(one undoable edit), saves the live numbers as a named scenario (with a description of whose reading
it is and why), and compares two or more side by side: each actor's value (a table and grouped
bars), the choices that differ, and the outcome probabilities, every difference highlighted. Each
control has a Python twin: :meth:`ScenariosPanel.use`, :meth:`ScenariosPanel.save`,
:meth:`ScenariosPanel.remove`, :meth:`ScenariosPanel.compare`.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ..analysis import ScenarioComparison
from ..analysis.scenarios import compare_trees
from ..errors import AnalysisError
from ..model.scenario_sets import BASE
from .analysis_tab import heading, output_view
from .charts import scenario_bars_html
from .forms import WHOLE_DESCRIPTION, button
from .summary import actor_name

__all__ = ["LIVE", "ScenariosPanel", "comparison_html"]

LIVE = "live"  # the live numbers, when they are no saved scenario: comparable too
RULE = ("A scenario sets a few numbers of the base numbers (the file's own); the branches of the same chance node "
        "it leaves alone share the rest in proportion. Switching is one edit: ↶ Undo goes back. Saving the file "
        "writes the live numbers as its base, so switch back to “base” before saving unless you mean to.")


class ScenariosPanel(widgets.VBox):
    """Named scenarios of the explorer's tree; the buttons call the explorer's edits through its guard."""

    def __init__(self, explorer: Any) -> None:  # the Explorer, whose edits and guard the buttons use
        self.explorer = explorer
        guard = explorer.guarded
        self.status = output_view("st-scenario-status")
        self.about = output_view("st-scenario-about")
        self.choice = widgets.Dropdown(description="Scenario", style=WHOLE_DESCRIPTION)
        self.name = widgets.Text(description="Name", placeholder="e.g. colleague_2024", style=WHOLE_DESCRIPTION)
        self.description = widgets.Textarea(description="Whose reading, and why",
                                            placeholder="e.g. The desk's reading: guarantees rarely credible",
                                            style=WHOLE_DESCRIPTION, layout=widgets.Layout(height="60px"))
        for each in (self.name, self.description):
            each.add_class("st-fill")
        self.picks = widgets.VBox()
        self.picks.add_class("st-scenario-picks")
        self.table = output_view("st-scenario-table")
        self.chart = output_view("st-scenario-chart")
        self._picked: dict[str, widgets.Checkbox] = {}
        super().__init__([
            self.status,
            widgets.HBox([self.choice,
                          button("Use these numbers", "Switch the live numbers to this scenario (undoable)",
                                 lambda: self.use(self.choice.value), guard, "st-use-scenario"),
                          button("Remove", "Remove this scenario from the file (undoable)",
                                 lambda: self.remove(self.choice.value), guard, "st-remove-scenario")],
                         layout=widgets.Layout(flex_flow="row wrap")),
            self.about,
            heading("Compare side by side"), self.picks,
            button("Compare", "Compare the ticked scenarios", lambda: self.compare(), guard, "st-compare-scenarios"),
            self.table, self.chart,
            heading("Save the live numbers as a scenario"), self.name, self.description,
            button("Save as scenario", "Record how the live numbers differ from the base numbers",
                   lambda: self.save(self.name.value, self.description.value), guard, "st-save-scenario"),
            widgets.HTML(f"<p class='st-rule'>{html.escape(RULE)}</p>"),
        ])
        self.choice.observe(lambda _: self._describe(), "value")
        self.add_class("st-scenarios")

    # -- the twins ----------------------------------------------------------------------------------

    def use(self, name: str) -> None:
        """Switch the live numbers to scenario ``name`` (``base``: the file's base numbers); one undoable edit."""
        self.explorer.use_scenario(name)
        self.explorer._say(f"The live numbers are now those of “{name}” (↶ Undo goes back).")

    def save(self, name: str, description: str | None = None) -> dict[str, Any]:
        """Save the live numbers' differences from the base numbers as scenario ``name``."""
        name = name.strip()
        verb = "Replaced" if name in self.explorer.tree.scenario_names else "Saved"
        spec = self.explorer.save_scenario(name, (description or "").strip() or None)
        self.name.value = self.description.value = ""
        settings = len(spec) - ("description" in spec)
        self.explorer._say(f"{verb} scenario “{name}” ({settings} numbers differ from the base; ↶ Undo takes it "
                           "back).")
        return spec

    def remove(self, name: str) -> None:
        """Remove scenario ``name`` from the file (undoable)."""
        self.explorer.remove_scenario(name)

    def compare(self, names: list[str] | None = None) -> ScenarioComparison:
        """Compare scenarios side by side (default: those ticked); ``live`` stands for the live numbers."""
        if names is not None:
            for name, box in self._picked.items():
                box.value = name in names
        names = list(names) if names is not None else [name for name, box in self._picked.items() if box.value]
        if len(names) < 2:
            raise AnalysisError(f"tick at least two scenarios to compare (found {len(names)})")
        tree = self.explorer.tree
        unknown = [name for name in names if name not in self._picked]
        if unknown:
            raise AnalysisError(f"unknown scenario {unknown[0]!r} (this tree has {list(self._picked)})")
        result = compare_trees({name: tree.copy() if name == LIVE else tree.scenario(name) for name in names})
        self.table.value = comparison_html(result, tree)
        self.chart.value = scenario_bars_html(result.values, result.names, actor_name)
        return result

    # -- showing ------------------------------------------------------------------------------------

    def show(self) -> None:
        """Follow the tree: which reading the live numbers are, and the scenarios there are to pick."""
        tree = self.explorer.tree
        matching = tree.matching_scenario()
        self.status.value = (f"<p class='st-scenario-now'>Live numbers: <b>{html.escape(matching)}</b></p>"
                             if matching else "<p class='st-scenario-now'>Live numbers: <b>edited</b> (not a saved "
                                              "scenario; “live” below compares them)</p>")
        names = [BASE, *tree.scenario_names]
        if list(self.choice.options) != names:
            current = self.choice.value
            self.choice.options = names
            self.choice.value = current if current in names else BASE
        self._describe()
        wanted = names + ([LIVE] if matching is None else [])
        if list(self._picked) != wanted:
            old = {name: box.value for name, box in self._picked.items()}
            self._picked = {name: widgets.Checkbox(value=old.get(name, name in names[:2]), description=name,
                                                   indent=False) for name in wanted}
            self.picks.children = list(self._picked.values())


    def _describe(self) -> None:
        """Whose reading the chosen scenario is, and why, as its file says."""
        name = self.choice.value
        if name is None:
            return
        description = self.explorer.tree.scenario_description(name) or "(no description)"
        self.about.value = (f"<p class='st-scenario-entry'><b>{html.escape(name)}</b>: {html.escape(description)}"
                            "</p>")


def comparison_html(result: ScenarioComparison, tree: Any) -> str:
    """The comparison as one table: values, the choices that differ, the outcomes some scenario reaches.

    A row where the scenarios differ is marked (a background and a ≠), so it reads without colour too.
    """
    names = result.names
    head = "".join(f"<th>{html.escape(name)}</th>" for name in names)
    rows = [_section("Value of the tree", len(names))]
    rows += [_row(f"for {actor_name(row['actor'])}", [f"{row[name]:.3g}" for name in names], row["differs"])
             for row in result.values]
    rows.append(_section("Choices that differ", len(names)))
    rows += [_row(row["label"], [row[name] for name in names], True) for row in result.choices] or [
        f"<tr><td colspan='{len(names) + 1}'>The best choice is the same at every decision.</td></tr>"]
    rows.append(_section("Outcome probabilities", len(names)))
    reached = [row for row in result.outcomes if any(row[name] > 0 for name in names)]
    rows += [_row(tree.node(row["node"]).label, [f"{row[name]:.1%}" for name in names], row["differs"])
             for row in reached]
    return (f"<table class='st-scenario-compare'><thead><tr><th></th>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table><p class='st-rule'>≠ marks a row where the scenarios differ; "
            f"{len(result.outcomes) - len(reached)} outcomes no scenario reaches are left out.</p>")


def _section(title: str, columns: int) -> str:
    return f"<tr class='st-section'><th colspan='{columns + 1}'>{html.escape(title)}</th></tr>"


def _row(label: str, cells: list[str], differs: bool) -> str:
    mark = "<span class='st-differs-mark' title='the scenarios differ here'>≠ </span>" if differs else ""
    # a cell unlike the first scenario's (the reference) stands out on its own
    return (f"<tr class='{'st-differs' if differs else 'st-same'}'><td>{mark}{html.escape(label)}</td>"
            + "".join(f"<td class='{'st-changed' if cell != cells[0] else ''}'>{html.escape(cell)}</td>"
                      for cell in cells) + "</tr>")
