"""Node ids: the allowed characters, ids made from labels, ids made unique."""

from __future__ import annotations

import pytest

from scenario_tree.model.names import ID_PATTERN, actor_name, fresh_id, slug


@pytest.mark.parametrize("text, expected", [
    ("Deal: guarantees for a soft transition", "deal_guarantees_for_a_soft_transition"),
    ("  Ünïcode — only  ", "n_code_only"),
    ("***", "node"),
    ("Already_fine-ish", "already_fine_ish"),
])
def test_slug(text, expected):
    assert slug(text) == expected
    assert ID_PATTERN.fullmatch(slug(text))


def test_slug_fallback():
    assert slug("!!", fallback="branch") == "branch"


def test_fresh_id_counts_up_from_two():
    assert fresh_id("deal", set()) == "deal"
    assert fresh_id("deal", {"deal"}) == "deal_2"
    assert fresh_id("deal", {"deal", "deal_2", "deal_3"}) == "deal_4"


@pytest.mark.parametrize("candidate, ok", [("a-b_9", True), ("a b", False), ("a\n", False), ("", False),
                                           ("é", False)])
def test_the_id_pattern_is_matched_whole(candidate, ok):
    assert bool(ID_PATTERN.fullmatch(candidate)) is ok


@pytest.mark.parametrize("actor, expected", [("west", "West"), ("russian_society", "Russian society"),
                                             ("_us_", "Us"), ("NATO", "NATO")])
def test_actor_name_is_the_actor_as_a_reader_writes_it(actor, expected):
    assert actor_name(actor) == expected
