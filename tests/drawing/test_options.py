"""Drawing options: defaults and the errors that name the allowed values."""

from __future__ import annotations

import pytest

from scenario_tree import default_tree


def test_bad_options_are_refused():
    tree = default_tree()
    for options in ({"rankdir": "LEFT"}, {"depth": -1}, {"min_probability": 1.5}, {"min_probability": -0.1},
                    {"max_nodes": 0}):
        with pytest.raises(ValueError):
            tree.drawing(**options)
    with pytest.raises(TypeError):
        tree.drawing(colour="red")
