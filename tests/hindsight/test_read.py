"""Hindsight records: loading, every error with its file, line and entry, and the article's record."""

from __future__ import annotations

import datetime

import pytest

import scenario_tree
from scenario_tree.hindsight import HindsightError, load_hindsight
from tests.hindsight.helpers import (
    ARTICLE_RECORD,
    ARTICLE_TREE,
    HEADER,
    SMALL_TREE,
    entry,
    problems_of,
    record,
)

# -- loading ---------------------------------------------------------------------------------------


def test_load_finds_the_named_tree_beside_the_record(tmp_path):
    (tmp_path / "small.yaml").write_text(SMALL_TREE, encoding="utf-8")
    (tmp_path / "r.yaml").write_text(record(entry("calm", "2020-02-01")), encoding="utf-8")
    assert load_hindsight(tmp_path / "r.yaml").path == ("plan", "safe", "calm")


# -- every error -----------------------------------------------------------------------------------


def test_yaml_syntax_error_names_the_line(tree):
    [problem] = problems_of(HEADER + "observed:\n  - {node: calm\n", tree)
    assert problem.file == "bad.yaml" and problem.line is not None and "YAML syntax error" in problem.message


def test_missing_tree_file_says_to_pass_the_tree(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text(record(entry("calm", "2020-02-01")), encoding="utf-8")
    with pytest.raises(HindsightError) as caught:
        load_hindsight(path)
    [problem] = caught.value.problems
    assert problem.path == "tree: file" and "'small.yaml' not found" in problem.message and "--tree" in problem.message


def test_unreadable_record_is_a_clear_error(tmp_path):
    with pytest.raises(HindsightError, match="cannot read the record"):
        load_hindsight(tmp_path / "absent.yaml", scenario_tree.loads(SMALL_TREE))


# -- the article's record --------------------------------------------------------------------------


def test_the_articles_record_loads_and_validates():
    tree = scenario_tree.load(ARTICLE_TREE)
    loaded = load_hindsight(ARTICLE_RECORD)
    assert loaded.forecast_date.isoformat() == tree.meta["source"]["date"]
    assert loaded.compiled == datetime.date(2026, 12, 2)
    assert loaded.path[0] == tree.root.id and loaded.deepest in {node.id for node in tree.nodes()}
    assert load_hindsight(ARTICLE_RECORD, scenario_tree.default_tree()).path == loaded.path


def test_the_articles_record_explains_every_mapping_and_dates_every_source():
    loaded = load_hindsight(ARTICLE_RECORD)
    assert "judgement" in loaded.method
    for each in loaded.observations:
        assert each.judgement, f"{each.node}: the mapping of events to branches is a judgement; say why"
        assert loaded.forecast_date <= each.date <= loaded.compiled
        assert each.source.title and each.source.outlet and each.source.date >= each.date
    assert all(each.source.url is None or each.source.url.startswith("http") for each in loaded.context)
