"""The HTML briefing report of the article's tree opened from ``file://`` in headless Chromium, 1200 px wide.

A reader must be able to read it as it opens: nothing wider than the window (no sideways scrolling,
no cut text, no word broken across lines), every text at 12 px or more with WCAG AA contrast, the
whole drawing in view, and, when the reader asks for the drawing at reading size, its text at
12 px too. The report requests nothing beyond its own file. The screenshot is ``docs/report.png``.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

import scenario_tree
from scenario_tree.sharing.report import write_report

from .conftest import update_picture
from .measure import broken_words, clipped_texts, contrast_report, drawing_text_sizes

pytestmark = [pytest.mark.browser, pytest.mark.exe]

REPO_ROOT = Path(__file__).resolve().parents[2]
VIEWPORT = {"width": 1200, "height": 2200}  # the title, the source, the path in words and the whole drawing
WRITTEN = datetime.date(2026, 12, 2)  # fixed, so that docs/report.png does not change with the calendar
MIN_FONT_PX = 12.0
MIN_CONTRAST = 4.5
# the drawing's box and the frame around it, in CSS px on screen
DRAWING_BOXES = """
() => {
  const box = (element) => {
    const rect = element.getBoundingClientRect();
    return {left: rect.left, right: rect.right};
  };
  return {svg: box(document.querySelector(".drawing svg")), frame: box(document.querySelector(".drawing")),
          page: {scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth}};
}
"""


@pytest.fixture(scope="module")
def report_page(open_tab: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = write_report(scenario_tree.default_tree(), tmp_path_factory.mktemp("report") / "brief.html",
                        written=WRITTEN)
    tab = open_tab("report", VIEWPORT)
    requests: list[str] = []
    tab.page.on("request", lambda request: requests.append(request.url))
    tab.page.goto(path.resolve().as_uri())
    tab.page.wait_for_selector("section#assumptions table")
    tab.requests, tab.url = requests, path.resolve().as_uri()
    return tab


def test_the_report_requests_nothing_beyond_itself(report_page: Any) -> None:
    report_page.page.wait_for_timeout(200)
    assert report_page.requests == [report_page.url]
    assert [line for line in report_page.console if line.startswith(("[error]", "[pageerror]"))] == []


def test_nothing_is_wider_than_the_window_and_the_whole_drawing_is_in_view(report_page: Any) -> None:
    page = report_page.page
    boxes = page.evaluate(DRAWING_BOXES)
    assert boxes["page"]["scroll"] <= boxes["page"]["client"] == VIEWPORT["width"]
    assert boxes["frame"]["left"] <= boxes["svg"]["left"] and boxes["svg"]["right"] <= boxes["frame"]["right"]
    assert clipped_texts(page, "main") == []  # no cut text and nothing that scrolls sideways
    assert broken_words(page, "main") == []


def test_every_text_is_readable(report_page: Any) -> None:
    rows = contrast_report(report_page.page, "main")
    assert len(rows) > 100  # the headings, paragraphs, list items and every table cell
    small = [(row["font_size"], row["text"][:40]) for row in rows if row["font_size"] < MIN_FONT_PX]
    faint = [(round(row["ratio"], 2), row["text"][:40]) for row in rows if row["ratio"] < MIN_CONTRAST]
    assert (small, faint) == ([], [])


def test_the_drawing_at_reading_size_has_12_px_text_and_scrolls_inside_its_frame(report_page: Any) -> None:
    page = report_page.page
    fitted = drawing_text_sizes(page, "figure")
    page.click("label[for='reading-size']")
    try:
        sizes = drawing_text_sizes(page, "figure")
        boxes = page.evaluate(DRAWING_BOXES)
        assert sizes and min(row["size"] for row in sizes) >= MIN_FONT_PX - 0.05
        assert boxes["page"]["scroll"] <= boxes["page"]["client"]  # the frame scrolls, not the page
        assert min(row["size"] for row in fitted) < MIN_FONT_PX  # the article's tree is wider than the window
    finally:
        page.click("label[for='reading-size']")


def test_screenshot_of_the_report(report_page: Any, artifacts: Path) -> None:
    page = report_page.page
    page.evaluate("() => window.scrollTo(0, 0)")
    page.mouse.move(0, 0)
    shot = artifacts / "report.png"
    page.screenshot(path=str(shot), animations="disabled")
    assert shot.stat().st_size > 50_000
    update_picture(shot, REPO_ROOT / "docs" / "report.png")
    # The assumption table, where each number meets the quote it rests on
    table = artifacts / "report-assumptions.png"
    section = page.locator("section#assumptions")
    section.scroll_into_view_if_needed()
    page.screenshot(path=str(table), animations="disabled", clip={**section.bounding_box(), "height": 1100})
    assert table.stat().st_size > 50_000
    update_picture(table, REPO_ROOT / "docs" / "report-assumptions.png")
