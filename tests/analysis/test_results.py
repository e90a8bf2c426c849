"""Every analysis result has one shape: ``to_dict()`` is JSON, ``to_frame()`` is a table of its rows."""

from __future__ import annotations

import json

import numpy as np
import pandas
import pytest

from scenario_tree import default_tree
from scenario_tree.analysis import (
    Comparison,
    Evpi,
    MonteCarlo,
    OneWay,
    Posterior,
    Result,
    Spider,
    Tornado,
    TwoWay,
    compare,
    evpi,
    monte_carlo,
    one_way,
    posterior,
    spider,
    tornado,
    two_way,
)


def every_result(movie) -> list[Result]:
    article = default_tree()
    return [
        one_way(movie, "movie_company.payoff", -100_000, 0, points=5),
        tornado(movie),
        spider(movie, points=3),
        two_way(movie, "tv_network.payoff", "movie_company.payoff", points=3),
        monte_carlo(article, 500, seed=1),
        posterior(movie, ruled_out=["box_office_large"]),
        evpi(movie),
        compare([movie, movie.copy()]),
    ]


def test_every_analysis_returns_its_result_class(movie):
    kinds = [type(result) for result in every_result(movie)]
    assert kinds == [OneWay, Tornado, Spider, TwoWay, MonteCarlo, Posterior, Evpi, Comparison]
    assert all(isinstance(result, Result) for result in every_result(movie))


def test_to_dict_is_strict_json_and_to_frame_has_one_row_per_row(movie):
    for result in every_result(movie):
        text = json.dumps(result.to_dict(), allow_nan=False)
        assert json.loads(text) == json.loads(text)
        frame = result.to_frame()
        assert isinstance(frame, pandas.DataFrame)
        assert len(frame) == len(result.rows()) > 0, type(result).__name__


def test_rows_carry_the_numbers_of_the_result(movie):
    bars = tornado(movie)
    frame = bars.to_frame()
    assert frame["quantity"].tolist() == [bar.quantity.name for bar in bars.bars]
    assert frame["swing"].to_numpy() == pytest.approx(np.array([bar.swing for bar in bars.bars]))
    grid = two_way(movie, "tv_network.payoff", "movie_company.payoff", points=3)
    assert len(grid.rows()) == 9 and {row["best"] for row in grid.rows()} <= set(grid.options)


def test_the_base_class_says_what_a_result_must_give():
    with pytest.raises(NotImplementedError):
        Result().rows()
    with pytest.raises(NotImplementedError):
        Result().to_dict()
