"""Names: what a node id may look like, ids made from labels, ids made unique, and actors as readers write them.

>>> actor_name("russian_society")
'Russian society'
>>> slug("Deal: guarantees for a soft transition")
'deal_guarantees_for_a_soft_transition'
>>> fresh_id("deal", {"deal", "deal_2"})
'deal_3'
"""

from __future__ import annotations

import re
from collections.abc import Container

__all__ = ["ID_PATTERN", "actor_name", "fresh_id", "slug"]

ID_PATTERN = re.compile(r"[A-Za-z0-9_-]+")  # matched with fullmatch: no trailing newline slips through


def slug(text: str, fallback: str = "node") -> str:
    """An id made from text: letters and digits kept, every other run of characters turned into ``_``."""
    return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_").lower() or fallback


def fresh_id(wanted: str, used: Container[str]) -> str:
    """``wanted``, or ``wanted_2``, ``wanted_3``... whichever is not in ``used`` first."""
    candidate, number = wanted, 1
    while candidate in used:
        number += 1
        candidate = f"{wanted}_{number}"
    return candidate


def actor_name(actor: str) -> str:
    """An actor as a reader writes it: ``russian_society`` is "Russian society"."""
    words = actor.replace("_", " ").strip()
    return words[:1].upper() + words[1:]
