"""The compiled validator: it agrees with ``jsonschema`` (a dev dependency) and never recurses."""

from __future__ import annotations

import os
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings

from scenario_tree import ScenarioFileError
from scenario_tree.files.read import parse_text, read_text
from scenario_tree.files.schema import schema, validator
from scenario_tree.files.validator import Validator
from tests.files.mutations import SEEDS, mutated

BAD = Path(__file__).resolve().parent / "bad"
EXAMPLES = int(os.environ.get("SCENARIO_TREE_FUZZ_EXAMPLES", "150"))


def ours(instance, checker=None):
    return sorted((tuple(map(str, error.path)), error.keyword) for error in (checker or validator()).errors(instance))


def theirs(instance, published=None):
    found = jsonschema.Draft202012Validator(published or schema()).iter_errors(instance)
    return sorted((tuple(map(str, error.absolute_path)), error.validator) for error in found)


def test_the_published_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(schema())


@pytest.mark.parametrize("data", SEEDS, ids=range(len(SEEDS)))
def test_valid_files_have_no_errors(data):
    assert validator().errors(data) == [] and validator().is_valid(data)


def bad_corpus():
    for path in sorted(BAD.iterdir()):
        try:
            data, _ = parse_text(read_text(path), path.name)
        except ScenarioFileError:
            continue  # refused while reading: it never reaches the schema
        if isinstance(data, dict) and path.name != "expected.yaml":
            yield pytest.param(data, id=path.name)


@pytest.mark.parametrize("data", list(bad_corpus()))
def test_agrees_with_jsonschema_on_the_bad_corpus(data):
    assert ours(data) == theirs(data)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_agrees_with_jsonschema_on_mutated_files(data):
    assert ours(data) == theirs(data)


@pytest.mark.parametrize("keyword_schema, instances", [
    ({"type": ["string", "integer"]}, ["a", 1, 1.0, 1.5, True, None, []]),
    ({"type": "number", "minimum": 0, "maximum": 1}, [0, 1, -1, 2, 0.5, True, "x", float("nan")]),
    ({"exclusiveMinimum": 0, "exclusiveMaximum": 2}, [0, 1, 2, "0"]),
    ({"type": "string", "minLength": 2, "maxLength": 3, "pattern": "^a"}, ["", "ab", "abcd", "ba", "b", 5]),
    ({"const": "#"}, ["#", "x", 1]),
    ({"const": 1}, [1, 1.0, True, "1"]),
    ({"enum": ["a", 1, None]}, ["a", 1, 1.0, False, None, "b"]),
    ({"type": "array", "minItems": 1, "maxItems": 2, "uniqueItems": True},
     [[], [1], [1, 1], [1, 1.0], [1, True], [[1], [1]], [{"a": 1}, {"a": 1.0}], [1, 2, 3], "x"]),
    ({"anyOf": [{"type": "number"}, {"type": "string", "not": {"const": "#"}}]}, [1, "a", "#", None]),
    ({"type": "object", "required": ["a"], "additionalProperties": False, "properties": {"a": {"type": "string"}}},
     [{"a": "x"}, {}, {"a": 1}, {"a": "x", "b": 1, 2: 3}, []]),
    ({"type": "object", "propertyNames": {"pattern": "^[a-z]+$"}, "additionalProperties": {"type": "number"}},
     [{"ab": 1}, {"Ab": 1}, {"ab": "x"}, {1: 1}]),
    ({"items": {"items": {"type": "string"}}}, [[["a", 1]], [[], [2]], "x"]),
])
def test_each_keyword_agrees_with_jsonschema(keyword_schema, instances):
    checker = Validator(keyword_schema)
    for instance in instances:
        assert ours(instance, checker) == theirs(instance, keyword_schema), instance


def test_errors_name_the_keyword_the_subschema_and_the_value():
    checker = Validator({"type": "object", "properties": {"n": {"type": "number", "minimum": 1,
                                                                "description": "a count"}}})
    (error,) = checker.errors({"n": 0})
    assert (error.path, error.keyword, error.instance, error.detail) == (("n",), "minimum", 0, 1)
    assert error.schema["description"] == "a count"
    assert error.message == "0 is less than the minimum of 1"


def test_recursive_schema_and_very_deep_instance_do_not_recurse():
    tree = {"$defs": {"node": {"type": "object", "properties": {"children": {"type": "array",
                                                                               "items": {"$ref": "#/$defs/node"}}}}},
            "$ref": "#/$defs/node"}
    checker = Validator(tree)
    node = root = {}
    for _ in range(100_000):
        child = {}
        node["children"] = [child]
        node = child
    node["children"] = [5]
    (error,) = checker.errors(root)
    assert error.keyword == "type" and len(error.path) == 200_002 and error.path[-2:] == ("children", 0)


def test_error_limit_stops_early():
    checker = Validator({"items": {"type": "string"}})
    assert len(checker.errors(list(range(1000)), limit=5)) == 5
    assert not checker.is_valid([1]) and checker.is_valid(["a"])


@pytest.mark.parametrize("bad, message", [
    ({"format": "email"}, "unsupported schema keyword 'format'"),
    ({"$ref": "other.json#/x"}, "only references within the schema"),
    ({"$ref": "#/$defs/missing"}, "points at nothing"),
    ({"items": 5}, "a schema must be an object or a boolean"),
])
def test_unsupported_schemas_are_refused_when_compiling(bad, message):
    with pytest.raises(ValueError, match=message):
        Validator(bad)
