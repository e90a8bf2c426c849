"""Charts of the analyses with matplotlib: tornado, spider, two-way grid and Monte Carlo histogram.

Each function returns a :class:`Chart`: Jupyter shows it as SVG, ``chart.save("x.svg")`` (or
``.png``, ``.pdf``) writes it, and ``chart.figure`` is the matplotlib figure. Figures are made
without pyplot, so nothing global changes and nothing opens a window. Needs the ``analysis``
extra: ``pip install 'scenario-tree[analysis]'``.
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..files import atomic_write
from .montecarlo import MonteCarlo
from .tornado import UNDEFINED, Spider, Tornado, TornadoBar, TwoWay

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["Chart", "histogram_chart", "spider_chart", "svg_text", "tornado_chart", "two_way_chart"]

LOW_COLOUR, HIGH_COLOUR = "#4e79a7", "#f28e2b"


class Chart:
    """A chart: shown as SVG in Jupyter, saved as SVG, PNG or PDF (atomically), its ``figure`` at hand."""

    def __init__(self, figure: Figure) -> None:
        self.figure = figure

    def svg(self) -> str:
        return svg_text(self.figure)

    def save(self, path: str | Path) -> Path:
        """Write the chart; the extension (``.svg``, ``.png``, ``.pdf``) picks the format."""
        target = Path(path)
        fmt = target.suffix.lstrip(".").lower() or "svg"
        data = svg_text(self.figure).encode("utf-8") if fmt == "svg" else _rendered(self.figure, fmt)
        return atomic_write(target, data)

    def _repr_svg_(self) -> str:
        return self.svg()

    def __repr__(self) -> str:
        return f"<Chart: {self.figure.axes[0].get_title() or 'chart'}>"


def _figure(width: float, height: float) -> Figure:
    try:
        from matplotlib.figure import Figure
    except ImportError as error:  # pragma: no cover - exercised only without the extra
        raise ImportError("charts need matplotlib: pip install 'scenario-tree[analysis]'") from error
    return Figure(figsize=(width, height), layout="constrained")


def tornado_chart(result: Tornado, limit: int = 15) -> Chart:
    """Horizontal bars from the value at each quantity's low end to its high end, widest on top."""
    actor, base = result.actor, result.base
    shown = [bar for bar in result.bars if bar.swing > 0][:limit][::-1]
    figure = _figure(9, 0.5 * len(shown) + 1.6)
    axes = figure.add_subplot()
    for index, bar in enumerate(shown):
        first = index == 0  # one legend entry per colour
        axes.barh(index, bar.low_value - base, left=base, color=LOW_COLOUR, height=0.6,
                  label="quantity at its low end" if first else None)
        axes.barh(index, bar.high_value - base, left=base, color=HIGH_COLOUR, height=0.6,
                  label="quantity at its high end" if first else None)
    axes.axvline(base, color="#333333", linewidth=1)
    axes.set_yticks(range(len(shown)), [_range_label(bar) for bar in shown], fontsize=10)
    axes.tick_params(axis="x", labelsize=10)
    axes.set_xlabel(f"value of the tree for {actor}", fontsize=10)
    if shown:
        axes.legend(fontsize=9, loc="lower right")
    axes.set_title(f"Tornado for {actor}{_held(result.policy)}", fontsize=12)
    return Chart(figure)


def _held(policy: str) -> str:
    """What a title adds when the analysis held today's choices (``policy="fixed"``)."""
    return ", policy held fixed" if policy == "fixed" else ""


def _range_label(bar: TornadoBar) -> str:
    """The quantity as a reader calls it, wrapped, with the range it was swung over."""
    quantity = bar.quantity
    name = "\n".join(textwrap.wrap(quantity.label or quantity.name, 42))
    return f"{name}  [{quantity.low:.3g} … {quantity.high:.3g}]"


def spider_chart(result: Spider, limit: int = 10) -> Chart:
    """The value as each quantity moves across its range (-1 low end, 0 middle, +1 high end)."""
    figure = _figure(7.5, 4.5)
    axes = figure.add_subplot()
    ranked = sorted(result.lines.items(), key=lambda item: -float(np.ptp(item[1])))[:limit]
    for name, values in ranked:
        axes.plot(result.steps, values, marker=".", label=name)
    axes.set_xlabel("position in the quantity's range (-1 low, +1 high)")
    axes.set_ylabel(f"value for {result.actor}")
    axes.legend(fontsize=7, loc="best")
    axes.set_title(f"Spider plot{_held(result.policy)}", fontsize=10)
    return Chart(figure)


def two_way_chart(result: TwoWay) -> Chart:
    """The option chosen in every cell of a two-way grid."""
    figure = _figure(6.5, 5)
    axes = figure.add_subplot()
    options = result.options
    chosen = np.ma.masked_equal(result.best, UNDEFINED)  # undefined cells stay blank
    mesh = axes.pcolormesh(result.xs, result.ys, chosen, shading="nearest", cmap="tab10", vmin=-0.5, vmax=9.5)
    axes.set_xlabel(result.x)
    axes.set_ylabel(result.y)
    colourbar = figure.colorbar(mesh, ax=axes, ticks=range(len(options)))
    colourbar.ax.set_yticklabels(options, fontsize=8)
    colourbar.ax.set_ylim(-0.5, len(options) - 0.5)
    axes.set_title("Best option" + (" (blank: undefined there)" if result.undefined else ""), fontsize=10)
    return Chart(figure)


def histogram_chart(result: MonteCarlo, actor: str, bins: int = 60) -> Chart:
    """The distribution of the tree's value for ``actor`` over the Monte Carlo samples."""
    column = result.actors.index(actor)
    values = result.root_values[:, column]
    figure = _figure(9, 4)
    axes = figure.add_subplot()
    axes.hist(values, bins=bins, color=LOW_COLOUR)
    for share, value in zip(("5%", "50%", "95%"), np.quantile(values, [0.05, 0.5, 0.95])):
        axes.axvline(value, color="#333333", linestyle="--" if share != "50%" else ":", linewidth=1.2)
        axes.annotate(f"{share}: {value:.3g}", (value, 1), xycoords=("data", "axes fraction"), xytext=(3, -12),
                      textcoords="offset points", fontsize=10, color="#222222")
    axes.axvline(float(np.mean(values)), color=HIGH_COLOUR, linewidth=2, label=f"mean {np.mean(values):.3g}")
    axes.set_xlabel(f"value of the tree for {actor} ({result.samples:,} samples)", fontsize=10)
    axes.tick_params(labelsize=10)
    axes.legend(fontsize=9, loc="center left")
    axes.set_ylabel("samples", fontsize=10)
    axes.set_title(f"Monte Carlo: value of the tree for {actor}", fontsize=12)
    return Chart(figure)


def svg_text(figure: Figure | Chart) -> str:
    """The figure as SVG text (for a widget or a file): text kept as text, no date, so equal charts are equal."""
    from matplotlib import rc_context

    buffer = io.StringIO()
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "scenario-tree"}):
        (figure.figure if isinstance(figure, Chart) else figure).savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def _rendered(figure: Figure, fmt: str) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt)
    return buffer.getvalue()
