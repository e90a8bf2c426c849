"""Charts for the side panel: the tornado as text and bars on one scale, the histogram at the panel's width."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

from scenario_tree import analysis, default_tree
from scenario_tree.explorer.charts import PANEL_WIDTH_INCHES, histogram_html, tornado_html


def _rows(shown: str) -> list[str]:
    return shown.split("<div class='st-bar-row'>")[1:]


def test_tornado_rows_are_text_widest_first_on_one_scale() -> None:
    tree = default_tree()
    result = analysis.tornado(tree, "west")
    shown = tornado_html(result, "West")
    rows = _rows(shown)
    moving = [bar for bar in result.bars if bar.swing > 0]
    assert len(rows) == min(15, len(moving))
    for row, bar in zip(rows, moving):
        assert row.startswith(f"<div class='st-bar-label'>{bar.quantity.label.replace(chr(39), '&#x27;')} ")
        assert f"low end: {bar.low_value:.3g}" in row and f"high end: {bar.high_value:.3g}" in row
    # one scale: the base line is at the same place in every row, and the widest bar spans it all
    base_lines = {re.search(r"<line x1='([\d.]+)'", row).group(1) for row in rows}
    assert len(base_lines) == 1
    ends = [value for bar in moving[:15] for value in (bar.low_value, bar.high_value)] + [result.base]
    assert f"the scale runs from {min(ends):.3g} to {max(ends):.3g}" in shown
    widths = [sum(float(width) for width in re.findall(r"<rect [^>]*width='([\d.]+)'", row)) for row in rows]
    assert widths == sorted(widths, reverse=True)


def test_tornado_says_how_many_bars_it_left_out_and_escapes_labels() -> None:
    tree = default_tree()
    tree.rename("guarantees_credible", "<b>Guarantees</b>")
    result = analysis.tornado(tree, "west")
    shown = tornado_html(result, "West", limit=3)
    hidden = len([bar for bar in result.bars if bar.swing > 0]) - 3
    assert len(_rows(shown)) == 3 and f"{hidden} more numbers swing it less." in shown
    assert "<b>Guarantees" not in shown and "&lt;b&gt;Guarantees&lt;/b&gt;" in shown


def test_tornado_with_nothing_moving_says_so() -> None:
    result = analysis.tornado(default_tree(), "west")
    still = analysis.Tornado(actor=result.actor, base=result.base, bars=[])
    assert tornado_html(still, "West") == "<p class='st-rule'>No number moves the tree's value for this actor.</p>"


def test_histogram_is_drawn_at_the_panels_width_without_overlapping_notes() -> None:
    result = analysis.monte_carlo(default_tree(), 2_000, 1)
    shown = histogram_html(result, "west", "West")
    svg = shown[shown.index("<svg"):shown.index("</svg>") + 6]
    root = ElementTree.fromstring(svg)
    width = float(root.get("viewBox").split()[2])
    assert abs(width - PANEL_WIDTH_INCHES * 72) < 1  # points: drawn for the panel, so not scaled down
    texts = [text.text or "" for text in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "value of the tree for West" in texts
    assert not any(text.startswith(("5%:", "50%:", "95%:", "Monte Carlo")) for text in texts)
    assert "2,000 draws. The dashed lines mark the 5% and 95% marks" in shown


def test_scenario_bars_start_at_zero_on_one_scale():
    from scenario_tree.explorer.charts import scenario_bars_html

    shown = scenario_bars_html([{"actor": "west", "a": -1.0, "b": 3.0}], ["a", "b"], str.upper)
    # the scale runs from -1 to 3: zero sits at 25%; a's bar spans 0..25, b's 25..100
    assert "<rect x='0.00' y='1' width='25.00'" in shown and "<rect x='25.00' y='1' width='75.00'" in shown
    assert shown.count("x1='25.00'") == 2 and "Value for WEST" in shown and "from -1 to 3" in shown
