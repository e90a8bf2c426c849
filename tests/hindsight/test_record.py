"""The record of what happened: the realised path, first sightings, the record as of a date, plain data."""

from __future__ import annotations

import datetime
import json

from scenario_tree.hindsight import loads_hindsight
from tests.hindsight.helpers import (
    entry,
    record,
)


def test_realised_path_is_the_deepest_observation_and_its_ancestors(hurt):
    assert hurt.path == ("plan", "safe", "rival", "fight", "hurt")
    assert hurt.deepest == "hurt"
    assert hurt.forecast_date == datetime.date(2020, 1, 1)
    assert [each.line for each in hurt.observations] == [7, 8, 9]


def test_first_seen_is_the_earliest_observation_at_or_below_a_node(hurt):
    assert hurt.first_seen("safe") == datetime.date(2020, 3, 1)
    assert hurt.first_seen("rival") == datetime.date(2020, 5, 1)
    assert hurt.first_seen("hurt") == datetime.date(2020, 7, 1)
    assert hurt.first_seen("bold") is None


def test_as_of_keeps_what_was_known_then(hurt):
    earlier = hurt.as_of("2020-04-01")
    assert earlier.path == ("plan", "safe")
    assert [each.node for each in earlier.observations] == ["safe"]
    assert hurt.as_of("2019-12-31").path == ("plan",)


def test_the_same_node_may_be_observed_more_than_once(tree):
    loaded = loads_hindsight(record(entry("calm", "2020-02-01"), entry("calm", "2020-02-03")), tree)
    assert loaded.path == ("plan", "safe", "calm")
    assert loaded.first_seen("calm") == datetime.date(2020, 2, 1)


def test_to_dict_round_trips_through_the_loader(tree, hurt):
    text = json.dumps(hurt.to_dict())
    again = loads_hindsight(text, tree)
    assert again.to_dict() == hurt.to_dict()
