"""Charts sized for the explorer's side panel, whose text stays readable at the panel's width.

A matplotlib figure drawn for a page (nine inches wide) shrinks to a third in a 360-pixel panel and
its labels to five pixels. So the tornado is drawn here as HTML rows, each label as text that wraps
and each bar on one shared scale; the histogram is drawn by matplotlib at the panel's own width.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from ..analysis import MonteCarlo, Tornado
from ..analysis.charts import HIGH_COLOUR, LOW_COLOUR, histogram_chart, svg_text
from ..analysis.tornado import TornadoBar

__all__ = ["SCENARIO_COLOURS", "histogram_html", "scenario_bars_html", "tornado_html"]

PANEL_WIDTH_INCHES = 3.6  # the side panel's content width (about 345 px), so the figure is not scaled down
BAR_HEIGHT = 10


def tornado_html(result: Tornado, actor_name: str, limit: int = 15) -> str:
    """The tornado as rows of text and bars: widest swing first, every bar on the same scale.

    Args:
        result: The swings to show.
        actor_name: How the reader calls the actor whose value the bars show.
        limit: How many of the widest bars to show.
    """
    shown = [bar for bar in result.bars if bar.swing > 0][:limit]
    if not shown:
        return "<p class='st-rule'>No number moves the tree's value for this actor.</p>"
    ends = [value for bar in shown for value in (bar.low_value, bar.high_value)] + [result.base]
    left, right = min(ends), max(ends)
    scale = (lambda value: 50.0) if right == left else (lambda value: 100 * (value - left) / (right - left))
    rows = "".join(_tornado_row(bar, result.base, scale) for bar in shown)
    hidden = len([bar for bar in result.bars if bar.swing > 0]) - len(shown)
    more = f"<p class='st-rule'>{hidden} more numbers swing it less.</p>" if hidden > 0 else ""
    held = "; every decision keeps today's choice (the policy is held fixed)" if result.policy == "fixed" else ""
    return (f"<div class='st-tornado-rows'><p class='st-rule'>Value of the tree for {html.escape(actor_name)}: "
            f"{result.base:.3g} with every number at its base; the scale runs from {left:.3g} to {right:.3g}"
            f"{held}.</p>"
            f"{rows}{more}</div>")


def _tornado_row(bar: TornadoBar, base: float, scale) -> str:
    quantity = bar.quantity
    name = html.escape(quantity.label or quantity.name)
    base_at = scale(base)
    rectangles = "".join(
        f"<rect x='{min(base_at, scale(value)):.2f}' y='1' width='{abs(scale(value) - base_at):.2f}' "
        f"height='{BAR_HEIGHT - 2}' fill='{colour}'/>"
        for value, colour in ((bar.low_value, LOW_COLOUR), (bar.high_value, HIGH_COLOUR)))
    drawing = (f"<svg class='st-bar' viewBox='0 0 100 {BAR_HEIGHT}' preserveAspectRatio='none' role='img' "
               f"aria-label='{name}: {bar.low_value:.3g} to {bar.high_value:.3g}'>{rectangles}"
               f"<line x1='{base_at:.2f}' x2='{base_at:.2f}' y1='0' y2='{BAR_HEIGHT}' class='st-base-line'/></svg>")
    return (f"<div class='st-bar-row'><div class='st-bar-label'>{name} "
            f"<span class='st-range'>({quantity.low:.3g} … {quantity.high:.3g})</span></div>{drawing}"
            f"<div class='st-bar-ends'><span class='st-low'>low end: {bar.low_value:.3g}</span>"
            f"<span class='st-high'>high end: {bar.high_value:.3g}</span></div></div>")


def histogram_html(result: MonteCarlo, actor: str, actor_name: str) -> str:
    """The Monte Carlo histogram drawn at the panel's width, as an element inside HTML.

    At this width the page chart's title and its three quantile notes would overlap; the panel says
    both in words beside the chart, so here the lines stay and their notes go.
    """
    chart = histogram_chart(result, actor)
    axes = chart.figure.axes[0]
    axes.set_title("")
    for note in list(axes.texts):
        note.remove()
    axes.set_xlabel(f"value of the tree for {actor_name}", fontsize=10)
    width, height = chart.figure.get_size_inches()
    chart.figure.set_size_inches(PANEL_WIDTH_INCHES, height * PANEL_WIDTH_INCHES / width * 1.4)
    element = svg_text(chart)
    element = element[element.find("<svg"):]
    # the viewBox stays, so the chart follows the panel's width; it never grows past one and a half times
    element = re.sub(r'^<svg([^>]*?) width="[^"]*" height="[^"]*"',
                     r'<svg\1 style="width:100%;max-width:520px;height:auto"', element)
    return (f'<div class="st-chart">{element}</div><p class="st-rule">{result.samples:,} draws. The dashed lines mark '
            "the 5% and 95% marks, the dotted line the median, the orange line the mean.</p>")


SCENARIO_COLOURS = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1", "#9c755f", "#edc948")


def scenario_bars_html(values: list[dict], names: list[str], actor_name: Callable[[str], str]) -> str:
    """Each actor's value in each scenario as grouped bars from zero, all on one scale, each bar labelled.

    Args:
        values: One row per actor (``actor`` and one value per name), as ``compare_scenarios`` gives.
        names: The scenarios, in the order of their bars (a colour each, the same in every group).
        actor_name: How the reader calls an actor.
    """
    numbers = [row[name] for row in values for name in names]
    left, right = min(0.0, *numbers), max(0.0, *numbers)
    span = (right - left) or 1.0

    def at(value: float) -> float:
        return 100 * (value - left) / span

    groups = []
    for row in values:
        bars = "".join(
            f"<div class='st-scenario-bar'><span class='st-bar-name'>{html.escape(name)}: {row[name]:.3g}</span>"
            f"<svg class='st-bar' viewBox='0 0 100 {BAR_HEIGHT}' preserveAspectRatio='none' role='img' "
            f"aria-label='{html.escape(name)}: {row[name]:.3g}'><rect x='{min(at(0), at(row[name])):.2f}' y='1' "
            f"width='{abs(at(row[name]) - at(0)):.2f}' height='{BAR_HEIGHT - 2}' fill='{colour}'/>"
            f"<line x1='{at(0):.2f}' x2='{at(0):.2f}' y1='0' y2='{BAR_HEIGHT}' class='st-base-line'/></svg></div>"
            for name, colour in zip(names, _colours(len(names))))
        groups.append(f"<div class='st-bar-row'><div class='st-bar-label'>Value for "
                      f"{html.escape(actor_name(row['actor']))}</div>{bars}</div>")
    return (f"<div class='st-scenario-bars'><p class='st-rule'>The tree's value for each actor in each scenario; "
            f"the scale runs from {left:.3g} to {right:.3g}, the line marks 0.</p>{''.join(groups)}</div>")


def _colours(count: int) -> list[str]:
    return [SCENARIO_COLOURS[index % len(SCENARIO_COLOURS)] for index in range(count)]
