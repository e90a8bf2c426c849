"""The explorer's Analysis tab: tornado chart, exact thresholds, and Monte Carlo with a progress bar.

Each button has a Python twin (:meth:`AnalysisPanel.tornado`, :meth:`AnalysisPanel.thresholds`,
:meth:`AnalysisPanel.monte_carlo`), and every result is computed on the tree as it is now, edits
included.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from .. import analysis
from ..analysis.charts import histogram_chart, svg_text, tornado_chart
from ..model import TreeModel

__all__ = ["AnalysisPanel"]


class AnalysisPanel(widgets.VBox):
    """Analyses of the explorer's tree; ``guard`` runs a button's action and shows its errors."""

    def __init__(self, tree: TreeModel, guard: Callable[[Callable[[], Any]], None]) -> None:
        self.tree = tree
        self.actor = widgets.Dropdown(options=tree.actors, value=tree.actors[0], description="For")
        self.quantity = widgets.Dropdown(options=self._quantity_names(), description="Quantity")
        self.samples = widgets.BoundedIntText(value=20_000, min=100, max=5_000_000, step=1000, description="Samples")
        self.progress = widgets.IntProgress(value=0, min=0, max=100, description="Progress")
        self.progress.add_class("st-mc-progress")
        self.tornado_view = widgets.HTML()
        self.tornado_view.add_class("st-tornado")
        self.threshold_view = widgets.HTML()
        self.threshold_view.add_class("st-thresholds")
        self.histogram_view = widgets.HTML()
        self.histogram_view.add_class("st-histogram")
        buttons = [("Tornado", self.tornado, "st-run-tornado"),
                   ("Find thresholds", self.thresholds, "st-run-thresholds"),
                   ("Run Monte Carlo", self.monte_carlo, "st-run-montecarlo")]
        made = {}
        for text, action, css in buttons:
            made[css] = widgets.Button(description=text, layout=widgets.Layout(width="auto"))
            made[css].on_click(lambda _, action=action: guard(action))
            made[css].add_class(css)
        super().__init__([
            self.actor,
            widgets.HTML("<b>Which numbers matter</b> (each swung over its range)"), made["st-run-tornado"],
            self.tornado_view,
            widgets.HTML("<b>Where the choice flips</b>"), widgets.HBox([self.quantity, made["st-run-thresholds"]]),
            self.threshold_view,
            widgets.HTML("<b>How sure we are</b> (probabilities sampled)"),
            widgets.HBox([self.samples, made["st-run-montecarlo"]]), self.progress, self.histogram_view,
        ])

    def _quantity_names(self) -> list[str]:
        return [each.name for each in analysis.quantities(self.tree)]

    def refresh(self) -> None:
        """Follow an edit of the tree: the list of quantities may have changed."""
        names = self._quantity_names()
        if list(self.quantity.options) != names:
            current = self.quantity.value
            self.quantity.options = names
            if current in names:
                self.quantity.value = current

    def tornado(self, actor: str | None = None) -> analysis.Tornado:
        """Swing every quantity and show the ranked bars for ``actor`` (default: the one chosen)."""
        result = analysis.tornado(self.tree, actor or self.actor.value)
        self.tornado_view.value = _inline(svg_text(tornado_chart(result)))
        return result

    def thresholds(self, name: str | None = None) -> analysis.OneWay:
        """Sweep one quantity over its range and list exactly where each decision's choice flips."""
        name = name or self.quantity.value
        result = analysis.one_way(self.tree, name)
        rows = "".join(f"<tr><td>{html.escape(flip.decision)}</td><td class='st-num'>{flip.value:.9g}</td>"
                       f"<td>{html.escape(flip.before)} → {html.escape(flip.after)}</td></tr>"
                       for flip in result.thresholds)
        quantity = result.quantity
        span = f"{html.escape(quantity.name)} from {quantity.low:.4g} to {quantity.high:.4g}"
        self.threshold_view.value = (
            f"<table class='st-threshold-table'><tr><th>decision</th><th>threshold</th><th>choice</th></tr>{rows}"
            "</table>" if rows else f"<p class='st-no-flip'>No choice changes as {span} moves.</p>")
        return result

    def monte_carlo(self, samples: int | None = None, seed: int | None = 0) -> analysis.MonteCarlo:
        """Sample the probabilities; the progress bar follows; the histogram shows the tree's value."""
        samples = int(samples or self.samples.value)
        self.progress.value = 0

        def advance(done: int, total: int) -> None:
            self.progress.value = round(100 * done / total)

        concentration = None if _has_uncertainty(self.tree) else 20.0
        result = analysis.monte_carlo(self.tree, samples, seed, chunk=max(2_000, samples // 20),
                                      default_concentration=concentration, progress=advance)
        actor = self.actor.value
        decision = result.decisions.get(self.tree.root.id)
        best = "" if decision is None else "".join(
            f"<li>{html.escape(option)}: best in {share:.1%} of samples</li>"
            for option, share in decision["probability_best"].items() if share > 0)
        note = ("" if concentration is None
                else "<p>No uncertainty declared: every chance node got concentration 20.</p>")
        self.histogram_view.value = _inline(svg_text(histogram_chart(result, actor))) + note + (
            f"<ul class='st-best-shares'>{best}</ul>" if best else "")
        return result


def _has_uncertainty(tree: TreeModel) -> bool:
    return any(node.concentration or isinstance(node.probability, dict) for node in tree.nodes())


def _inline(svg: str) -> str:
    """Matplotlib's SVG document as an element inside HTML, scaled to the panel's width (it has a viewBox)."""
    element = svg[svg.find("<svg"):]
    element = re.sub(r'^<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1 style="width:100%;height:auto"', element)
    return f'<div class="st-chart">{element}</div>'
