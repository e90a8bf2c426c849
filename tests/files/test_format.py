"""The format's constants agree with the published JSON Schema and the package's data."""

from __future__ import annotations

from importlib import resources

from scenario_tree.files import format as file_format
from scenario_tree.files.schema import schema


def test_node_and_top_fields_are_the_schemas():
    published = schema()
    node = published["$defs"]["node"]["properties"]
    assert set(file_format.NODE_FIELDS) == set(node) - {"children"}
    assert set(file_format.TOP_FIELDS) <= set(published["properties"]) - {"root"}
    assert published["properties"]["format"]["const"] == file_format.FORMAT


def test_the_default_tree_ships_in_the_package():
    data = resources.files("scenario_tree.files") / "data" / file_format.DEFAULT_TREE
    assert data.is_file() and file_format.DEFAULT_TREE.endswith(".scenario.yaml")


def test_suffixes_map_to_yaml_or_json():
    assert file_format.TEXT_SUFFIXES == {".yaml": "yaml", ".yml": "yaml", ".json": "json"}
    assert file_format.MAX_DEPTH >= 1000
