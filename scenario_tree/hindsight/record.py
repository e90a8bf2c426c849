"""The hindsight record as data: its observations, the realised path, and the record as of a date.

A record (format ``scenario-tree-hindsight/1``) names a tree and the date its forecast was made, and
lists dated, sourced observations of nodes that were reached. Reading and checking a file is
:mod:`scenario_tree.hindsight`; scoring the forecast is :mod:`scenario_tree.hindsight_score`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from ..errors import ScenarioFileError

__all__ = ["FORMAT", "ContextEvent", "Hindsight", "HindsightError", "Observation", "Source", "deepest_path",
           "parse_iso_date"]

FORMAT = "scenario-tree-hindsight/1"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class HindsightError(ScenarioFileError):
    """A hindsight record that cannot be loaded or does not fit its tree; every problem is listed."""


@dataclass(frozen=True)
class Source:
    """Where an observation is documented. ``url`` is None where the compiler could not verify one."""

    title: str
    outlet: str
    date: datetime.date
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = {"title": self.title, "outlet": self.outlet, "date": self.date.isoformat()}
        return data | ({"url": self.url} if self.url else {})


@dataclass(frozen=True)
class Observation:
    """A node known to have been reached, when, and on what evidence.

    Attributes:
        path: The ids from the root down to ``node``.
        judgement: Why this branch and not its sibling, where the mapping is not a plain fact.
    """

    node: str
    date: datetime.date
    source: Source
    note: str
    path: tuple[str, ...]
    judgement: str | None = None
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        data = {"node": self.node, "date": self.date.isoformat(), "source": self.source.to_dict(), "note": self.note}
        return data | ({"judgement": self.judgement} if self.judgement else {})


@dataclass(frozen=True)
class ContextEvent:
    """A dated, sourced event that resolves no node but informs the reading (``bears_on`` names nodes)."""

    date: datetime.date
    source: Source
    note: str
    bears_on: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data = {"date": self.date.isoformat(), "source": self.source.to_dict(), "note": self.note}
        return data | ({"bears_on": list(self.bears_on)} if self.bears_on else {})


@dataclass(frozen=True)
class Hindsight:
    """A checked hindsight record.

    Attributes:
        path: The realised path: ids from the root to the deepest observed node (the root alone when
            nothing is observed).
        observations: In the order of the file.
    """

    title: str
    tree_file: str
    forecast_date: datetime.date
    compiled: datetime.date
    method: str
    observations: tuple[Observation, ...]
    context: tuple[ContextEvent, ...] = ()
    path: tuple[str, ...] = ()
    file: str = "<string>"

    @property
    def deepest(self) -> str:
        """The deepest observed node (the end of the realised path)."""
        return self.path[-1]

    def first_seen(self, node_id: str) -> datetime.date | None:
        """The earliest observation at or below ``node_id``: when that node was known to be reached."""
        dates = [each.date for each in self.observations if node_id in each.path]
        return min(dates) if dates else None

    def as_of(self, day: datetime.date | str) -> Hindsight:
        """The record as it stood on ``day``: observations and context dated after it are dropped."""
        cutoff = day if isinstance(day, datetime.date) else parse_iso_date(day)
        kept = tuple(each for each in self.observations if each.date <= cutoff)
        return replace(self, observations=kept, context=tuple(each for each in self.context if each.date <= cutoff),
                       path=deepest_path(kept, self.path[:1]))

    def to_dict(self) -> dict[str, Any]:
        """The record as plain data, in the file's layout."""
        data = {"format": FORMAT, "title": self.title,
                "tree": {"file": self.tree_file, "forecast_date": self.forecast_date.isoformat()},
                "compiled": self.compiled.isoformat(), "method": self.method,
                "observed": [each.to_dict() for each in self.observations]}
        return data | ({"context": [each.to_dict() for each in self.context]} if self.context else {})


def deepest_path(observations: Iterable[Observation], root: tuple[str, ...]) -> tuple[str, ...]:
    """The longest observed root path (observations on one path nest), or ``root`` when there are none."""
    return max((each.path for each in observations), key=len, default=root)


def parse_iso_date(raw: Any) -> datetime.date:
    text = raw.isoformat() if isinstance(raw, datetime.date) else raw
    if isinstance(text, str) and _ISO_DATE.match(text):
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            pass
    raise ValueError(f"found {raw!r}, expected an ISO date YYYY-MM-DD (e.g. 2017-03-08)")

