"""The hindsight command: per-node scores as a table or strict JSON, the tree option, errors as messages."""

from __future__ import annotations

import json

import pytest

import scenario_tree
from scenario_tree.hindsight import load_hindsight, score
from tests.hindsight.helpers import (
    ARTICLE_RECORD,
    ARTICLE_TREE,
    SMALL_TREE,
    entry,
    record,
    run,
    strict_json,
)


def test_cli_prints_per_node_brier_and_log_scores():
    code, out, err = run("hindsight", ARTICLE_RECORD)
    assert code == 0 and err == ""
    result = score(scenario_tree.load(ARTICLE_TREE), load_hindsight(ARTICLE_RECORD))
    for each in result.chance:
        [line] = [line for line in out.splitlines() if line.startswith(each.node + " ")]
        assert each.outcome in line and f"{each.brier:.3f}" in line and f"{each.log_score:.3f}" in line
        assert each.resolved.isoformat() in line
    assert "realised path: " + " > ".join(result.path) in out
    assert f"mean Brier       {result.mean_brier:.3f}" in out
    assert result.forecast_date.isoformat() in out


def test_cli_json_is_strict_json_and_matches_the_api(tmp_path):
    (tmp_path / "small.yaml").write_text(SMALL_TREE, encoding="utf-8")
    path = tmp_path / "r.yaml"
    path.write_text(record(entry("never", "2020-02-01")), encoding="utf-8")
    code, out, err = run("hindsight", path, "--json")
    assert code == 0 and err == ""
    data = strict_json(out)
    assert data["chance_nodes"][0]["log_score"] is None
    assert data["summary"]["mean_brier"] == pytest.approx(2.0)
    code, out, _ = run("hindsight", ARTICLE_RECORD, "--json")
    article = score(scenario_tree.load(ARTICLE_TREE), load_hindsight(ARTICLE_RECORD))
    assert strict_json(out) == json.loads(json.dumps(article.to_dict()))


def test_cli_tree_option_overrides_the_named_tree(tmp_path):
    (tmp_path / "other.yaml").write_text(SMALL_TREE.replace("probability: 0.25", "probability: 0.5"),
                                         encoding="utf-8")
    path = tmp_path / "r.yaml"
    path.write_text(record(entry("hurt", "2020-02-01")), encoding="utf-8")
    code, out, _ = run("hindsight", path, "--tree", tmp_path / "other.yaml", "--json")
    assert code == 0
    [_, fight] = strict_json(out)["chance_nodes"]
    assert fight["probability"] == pytest.approx(0.5)


def test_cli_errors_are_messages_with_file_and_line(tmp_path):
    (tmp_path / "small.yaml").write_text(SMALL_TREE, encoding="utf-8")
    path = tmp_path / "r.yaml"
    path.write_text(record(entry("calm", "2020-02-01"), entry("win", "2020-02-02")), encoding="utf-8")
    code, out, err = run("hindsight", path)
    assert code == 1 and out == ""
    assert f"{path}:8: observed: node 'win': inconsistent" in err and "Traceback" not in err
