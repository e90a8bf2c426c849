"""The Scenarios tab and its Python twins: which reading is live, switching, saving, comparing side by side."""

from __future__ import annotations

import re

import pytest

from scenario_tree import AnalysisError
from scenario_tree.explorer import Explorer
from scenario_tree.explorer.scenarios_tab import LIVE

pytestmark = pytest.mark.exe  # the explorer draws with Graphviz


def cells(table: str) -> list[list[str]]:
    """The table's rows as the reader sees their cells (marks and tags dropped)."""
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table)
    return [[re.sub(r"<[^>]+>", "", cell).replace("≠ ", "").replace("&#x27;", "'")
             for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row)] for row in rows]


def test_the_tab_says_which_reading_is_live_and_switches_with_undo(explorer: Explorer) -> None:
    panel = explorer.scenarios
    assert "Live numbers: <b>base</b>" in panel.status.value
    assert list(panel.choice.options) == ["base", "pessimistic", "optimistic"]
    assert "<b>base</b>: The numbers written in the tree." in panel.about.value
    panel.choice.value = "pessimistic"
    assert "A sceptic&#x27;s reading" in panel.about.value
    panel.use("pessimistic")
    assert explorer.tree.node("guarantees_credible").probability == 0.2
    assert "Live numbers: <b>pessimistic</b>" in panel.status.value
    assert explorer.tree.evaluate().best["dialogue"] == "containment"  # as the description says
    explorer.undo()
    assert explorer.tree.node("guarantees_credible").probability == 0.4 and "<b>base</b>" in panel.status.value


def test_the_live_numbers_are_saved_as_a_scenario_and_can_be_compared_before(explorer: Explorer) -> None:
    panel = explorer.scenarios
    explorer.set_probability("guarantees_credible", 0.25)
    assert "<b>edited</b>" in panel.status.value and LIVE in panel._picked
    live = panel.compare(["base", LIVE])
    # the deal is worth 0.25 * 7 + 0.75 * (-3.95) = -1.21 to West (worked in tests/analysis): containment's -0.65 wins
    assert live.values[0]["live"] == pytest.approx(0.55 * 1 + 0.3 * -4) and live.choices[0]["decision"] == "dialogue"
    panel.name.value, panel.description.value = "desk", "The desk's reading: guarantees seldom credible"
    panel.save(panel.name.value, panel.description.value)
    assert explorer.tree.scenario_settings("desk") == {"guarantees_credible": 0.25, "guarantees_weak": 0.75}
    assert "<b>desk</b>" in panel.status.value and LIVE not in panel._picked
    assert list(panel.choice.options)[-1] == "desk" and panel.name.value == ""
    assert "Saved scenario “desk” (2 numbers differ from the base" in explorer._status.value
    panel.save("desk", "")
    assert "Replaced scenario “desk”" in explorer._status.value
    explorer.undo()
    explorer.undo()
    assert "desk" not in panel.choice.options


def test_the_comparison_table_and_chart_show_values_choices_and_outcomes(explorer: Explorer) -> None:
    panel = explorer.scenarios
    result = panel.compare(["base", "pessimistic", "optimistic"])
    assert [box.value for box in panel._picked.values()] == [True, True, True]
    rows = cells(panel.table.value)
    assert rows[0] == ["", "base", "pessimistic", "optimistic"]
    assert rows[2] == ["for West", "0.43", "-0.65", "2.86"]
    assert ["Washington's approach", "Deal: guarantees for a soft transition",
            "Cold War containment, clear parameters", "Deal: guarantees for a soft transition"] in rows
    # base: soft landing 0.4 * 0.75; optimistic 0.6 * 0.85; pessimistic: the deal is not taken
    assert ["Soft landing: orderly transfer of power", "30.0%", "0.0%", "51.0%"] in rows
    assert panel.table.value.count("class='st-differs'") == 3 + 1 + len(
        [row for row in result.outcomes if row["differs"]])
    chart = panel.chart.value
    assert chart.count("class='st-bar-row'") == 3 and chart.count("<rect") == 9
    assert "aria-label='pessimistic: -0.65'" in chart


def test_the_buttons_run_through_the_guard_and_errors_are_said(explorer: Explorer) -> None:
    panel = explorer.scenarios
    for box in panel._picked.values():
        box.value = False
    explorer.guarded(panel.compare)
    assert "tick at least two scenarios to compare" in explorer.errors[-1]
    with pytest.raises(AnalysisError, match="unknown scenario 'gloomy'"):
        panel.compare(["base", "gloomy"])
    explorer.guarded(lambda: panel.save("base", ""))
    assert "the name of the base numbers" in explorer.errors[-1]
    panel.choice.value = "optimistic"
    explorer.guarded(lambda: panel.remove(panel.choice.value))
    assert list(panel.choice.options) == ["base", "pessimistic"] and panel.choice.value == "base"
