"""Reading JSON with the C parser: lines found only when asked, duplicates and odd constants refused or read."""

from __future__ import annotations

import json
import math

import pytest

from scenario_tree import ScenarioFileError, loads
from scenario_tree.files.json_read import read_json
from scenario_tree.files.yaml_read import read_yaml
from tests.trees import TREES


def mappings(data):
    stack, found = [data], []
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            found.append(value)
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return found


@pytest.mark.parametrize("name", list(TREES))
def test_lines_are_those_the_yaml_reader_finds(name):
    text = TREES[name].dumps("json").replace('"label": "', '"label":\n"')  # strings with braces, odd breaks
    data, lines = read_json(text, "t.json")
    same, yaml_lines = read_yaml(text, "t.json")
    assert data == same
    ours = [lines.get(id(mapping)) for mapping in mappings(data)]
    expected = [yaml_lines.get(id(mapping)) for mapping in mappings(same)]
    assert ours == expected and None not in ours


def test_a_valid_file_never_scans_for_lines():
    data, lines = read_json(TREES["article"].dumps("json"), "t.json")
    assert lines._lines is None and len(lines) == len(mappings(data))


def test_strings_with_braces_and_escaped_quotes_do_not_confuse_lines():
    text = '{"a": "{\\"}", \n"b": [\n{"c": "}}"}]}'
    data, lines = read_json(text, "t.json")
    assert lines[id(data["b"][0])] == 3 and lines[id(data)] == 1


def test_duplicate_keys_are_refused_at_their_mapping():
    with pytest.raises(ScenarioFileError) as caught:
        read_json('{"a": 1,\n "b": {"c": 1,\n "c": 2}}', "t.json")
    (problem,) = caught.value.problems
    assert (problem.line, problem.file) == (2, "t.json") and "duplicate key 'c'" in problem.message


def test_nan_and_infinity_are_read_as_numbers_for_the_number_rule():
    data, _ = read_json('{"a": NaN, "b": Infinity, "c": -Infinity}', "t.json")
    assert math.isnan(data["a"]) and data["b"] == math.inf and data["c"] == -math.inf


def test_too_many_digits_is_a_file_error():
    with pytest.raises(ScenarioFileError, match="more digits than Python reads"):
        read_json('{"a": ' + "9" * 5000 + "}", "t.json")


def test_invalid_json_is_left_to_the_yaml_reader():
    with pytest.raises(json.JSONDecodeError):
        read_json("{format: scenario-tree/1}", "t.json")
    tree = loads("{format: scenario-tree/1, root: {id: r, label: R, kind: outcome}}")
    assert tree.root.id == "r"


def test_a_json_syntax_error_is_reported_as_json_for_json_files():
    with pytest.raises(ScenarioFileError) as caught:
        loads('{"format": "scenario-tree/1",\n "root": {"id": "r" "label": "R"}}', file="broken.json")
    (problem,) = caught.value.problems
    assert problem.message.startswith("JSON syntax error: ") and problem.line == 2


def test_a_byte_order_mark_is_allowed():
    assert loads('\ufeff{"format": "scenario-tree/1", "root": {"id": "r", "label": "R", "kind": "outcome"}}')
