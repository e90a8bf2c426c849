"""Charts of the analyses: each is a matplotlib figure that shows as SVG and saves atomically by extension."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

import pytest

from scenario_tree import default_tree
from scenario_tree.analysis import monte_carlo, spider, tornado, two_way
from scenario_tree.analysis.charts import Chart, histogram_chart, spider_chart, tornado_chart, two_way_chart


def svg_texts(chart: Chart) -> str:
    root = ElementTree.fromstring(chart.svg().encode("utf-8"))
    return " ".join(text for element in root.iter() for text in [element.text] if text)


def test_tornado_chart_shows_the_widest_bars_with_their_ranges(movie):
    result = tornado(movie)
    chart = tornado_chart(result)
    axes = chart.figure.axes[0]
    labels = [label.get_text() for label in axes.get_yticklabels()]
    shown = [bar for bar in result.bars if bar.swing > 0]
    # the widest on top, named as a reader calls it (main changed the labels from names to labels)
    assert labels[-1].replace("\n", " ").startswith(shown[0].quantity.label)
    assert axes.get_title() == "Tornado for author"
    assert len(axes.patches) == 2 * len(shown)  # a low and a high bar for each


def test_charts_of_a_fixed_policy_say_so_in_their_titles(movie):
    assert tornado_chart(tornado(movie, policy="fixed")).figure.axes[0].get_title() == (
        "Tornado for author, policy held fixed")
    assert spider_chart(spider(movie, points=3, policy="fixed")).figure.axes[0].get_title() == (
        "Spider plot, policy held fixed")


def test_spider_two_way_and_histogram_charts_draw_their_data(movie):
    lines = spider(movie, points=5)
    assert len(spider_chart(lines).figure.axes[0].lines) == min(10, len(lines.lines))
    grid = two_way(movie, "tv_network.payoff", "movie_company.payoff", points=3)
    assert two_way_chart(grid).figure.axes[0].get_xlabel() == "tv_network.payoff"
    result = monte_carlo(default_tree(), 300, seed=2)
    histogram = histogram_chart(result, "west")
    assert "300 samples" in histogram.figure.axes[0].get_xlabel()


@pytest.mark.parametrize("suffix, signature", [(".svg", b"<?xml"), (".png", b"\x89PNG"), (".pdf", b"%PDF")])
def test_charts_save_by_extension(movie, tmp_path, suffix, signature):
    target = tornado_chart(tornado(movie)).save(tmp_path / f"chart{suffix}")
    assert target.read_bytes().startswith(signature)
    assert [path.name for path in tmp_path.iterdir()] == [f"chart{suffix}"]  # no temporary left


def test_a_chart_shows_itself_as_svg_in_jupyter(movie):
    chart = tornado_chart(tornado(movie))
    assert chart._repr_svg_().lstrip().startswith("<?xml")
    assert "Tornado for author" in svg_texts(chart)
    assert repr(chart) == "<Chart: Tornado for author>"
