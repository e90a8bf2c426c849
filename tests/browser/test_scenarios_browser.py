"""The Scenarios tab in a real JupyterLab: tick three readings, compare them, read the table; a picture for the docs."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import update_picture
from .test_explorer_browser import (
    ACTION_TIMEOUT_MS,
    VIEWPORT,
    explorer,
    status_text,
    wait_for_kernel_value,
)

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_the_comparison_of_three_readings_shows_values_choices_and_outcomes(lab_page, artifacts):
    page = lab_page
    explorer(page).locator(".lm-TabBar-tab", has_text="Scenarios").click()
    panel = explorer(page).locator(".st-scenarios")
    expect(panel.locator(".st-scenario-now")).to_contain_text("Live numbers: base", timeout=ACTION_TIMEOUT_MS)
    picks = panel.locator(".st-scenario-picks .widget-checkbox")
    assert picks.all_inner_texts() == ["base", "pessimistic", "optimistic"], picks.all_inner_texts()
    picks.filter(has_text="optimistic").locator("input").check()
    wait_for_kernel_value(page, "explorer.scenarios._picked['optimistic'].value", "True")
    panel.locator("button.st-compare-scenarios").click()
    table = panel.locator("table.st-scenario-compare")
    expect(table).to_be_visible(timeout=ACTION_TIMEOUT_MS)
    rows = [[cell.strip() for cell in row.split("\t")] for row in table.locator("tr").all_inner_texts()]
    assert rows[0][1:] == ["base", "pessimistic", "optimistic"], rows[0]
    # West's value: 0.43 with the base numbers, containment's -0.65 when guarantees are rarely credible,
    # 0.6 * 7.4 + 0.4 * (-3.95) = 2.86 when they are believed (worked in tests/analysis/test_scenarios.py)
    assert ["≠ for West", "0.43", "-0.65", "2.86"] in rows, rows
    assert ["≠ Washington's approach", "Deal: guarantees for a soft transition",
            "Cold War containment, clear parameters", "Deal: guarantees for a soft transition"] in rows, rows
    assert ["≠ Soft landing: orderly transfer of power", "30.0%", "0.0%", "51.0%"] in rows, rows
    assert panel.locator(".st-scenario-chart svg.st-bar").count() == 9  # three actors, three readings each
    assert "error" not in status_text(page).lower(), status_text(page)

    shot = artifacts / "scenarios.png"
    shot.unlink(missing_ok=True)
    # the picture shows the whole tab: its height is let free for the shot (a tall window, no scrolling)
    page.add_style_tag(content=".scenario-tree-explorer .st-tab { max-height: none !important; }")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": 2400})
    try:
        page.wait_for_timeout(300)  # let JupyterLab lay out the bigger window
        page.mouse.move(0, 0)  # no hover highlight and no focus ring in the picture
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
        side = explorer(page).locator(".st-side")
        side.scroll_into_view_if_needed()
        side.screenshot(path=str(shot), timeout=ACTION_TIMEOUT_MS, animations="disabled")
    finally:
        page.set_viewport_size(VIEWPORT)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{shot} is not a PNG"
    update_picture(shot, REPO_ROOT / "docs" / "scenarios.png")
    explorer(page).locator(".lm-TabBar-tab", has_text="Details").click()
