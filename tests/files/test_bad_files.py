"""A corpus of broken scenario files, one mistake each, and the message each must produce.

``tests/files/bad/expected.yaml`` gives, per file, the node path the message must name (empty for a
file-level problem), a piece of text it must contain and, where given, the line: the line of the
key at fault for YAML syntax and duplicate keys, else where the mapping holding the mistake starts.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml

from scenario_tree import ScenarioFileError, load
from scenario_tree.cli import main

BAD = Path(__file__).resolve().parent / "bad"
EXPECTED = yaml.safe_load((BAD / "expected.yaml").read_text(encoding="utf-8"))
FILES = sorted(path.name for path in BAD.iterdir() if path.name != "expected.yaml")


def test_corpus_is_complete():
    assert len(FILES) >= 100
    assert sorted(EXPECTED) == FILES
    assert sum(name.endswith(".json") for name in FILES) >= 2


def node_path_of(problem) -> str:
    return problem.path.split(": ")[0] if problem.path.startswith("/") else ""


@pytest.mark.parametrize("name", FILES)
def test_bad_file_is_refused_with_a_precise_message(name):
    expected = EXPECTED[name]
    path = BAD / name
    with pytest.raises(ScenarioFileError) as caught:
        load(path)
    error = caught.value
    message = str(error)
    assert str(path) in message
    assert expected["text"] in message
    if expected["path"]:
        assert f"{expected['path']}: " in message
    matching = [problem for problem in error.problems
                if node_path_of(problem) == expected["path"] and expected["text"] in str(problem)]
    assert matching, f"no problem at {expected['path']!r} mentioning {expected['text']!r}: {message}"
    if "line" in expected:
        assert expected["line"] in [problem.line for problem in matching], message
        assert f"{path}:{expected['line']}: " in message
    for problem in error.problems:
        assert problem.file == str(path)
        assert ": : " not in str(problem), "empty node path before a field"


@pytest.mark.parametrize("name", FILES)
def test_cli_validate_reports_bad_file(name):
    expected = EXPECTED[name]
    path = BAD / name
    out, err = io.StringIO(), io.StringIO()
    assert main(["validate", str(path)], stdout=out, stderr=err) == 1
    assert out.getvalue() == ""
    text = err.getvalue()
    assert str(path) in text
    assert expected["path"] in text
    assert expected["text"] in text
    assert "Traceback" not in text
