"""The published JSON Schema: the shipped trees validate against it with a standard validator."""

from __future__ import annotations

import jsonschema

from scenario_tree.files.schema import schema
from tests.trees import TREES


def test_article_file_validates_against_published_schema():
    data = TREES["article"].to_dict()
    jsonschema.Draft202012Validator.check_schema(schema())
    jsonschema.validate(data, schema())
