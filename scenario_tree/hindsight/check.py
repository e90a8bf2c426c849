"""Checking a parsed hindsight record against its tree, with every problem's file, line and entry.

Unknown keys and node ids, dates that are not ISO, dates before the forecast or after the record was
compiled, and observations that cannot all be true (two branches of one node, or nodes not on one path
from the root) are each reported; nothing is loaded until all are fixed.
"""

from __future__ import annotations

import datetime
import difflib
import itertools
import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import Problem
from ..model import TreeModel, node_path
from .record import (
    FORMAT,
    ContextEvent,
    Hindsight,
    HindsightError,
    Observation,
    Source,
    deepest_path,
    parse_iso_date,
)

__all__ = ["read_record"]

TOP_KEYS = {"format": True, "title": True, "tree": True, "compiled": True, "method": True, "observed": True,
            "context": False}
TREE_KEYS = {"file": True, "forecast_date": True}
OBSERVATION_KEYS = {"node": True, "date": True, "source": True, "note": True, "judgement": False}
CONTEXT_KEYS = {"date": True, "source": True, "note": True, "bears_on": False}
SOURCE_KEYS = {"title": True, "outlet": True, "date": True, "url": False}
_URL = re.compile(r"^https?://\S+$")
_LISTED_IDS = 40  # an unknown id lists the tree's ids when there are at most this many


def read_record(data: Any, lines: dict[int, int], tree: TreeModel, file: str = "<string>") -> Hindsight:
    """Check parsed data (with each mapping's line) against ``tree`` and build the record.

    Raises:
        HindsightError: With every problem found.
    """
    return _Reader(file, lines, tree).read(data)


class _Reader:
    """Turns parsed data into a :class:`Hindsight`, collecting every problem with its line."""

    def __init__(self, file: str, lines: dict[int, int], tree: TreeModel) -> None:
        self.file, self.lines, self.tree = file, lines, tree
        self.ids = {node.id: node for node in tree.nodes()}
        self.problems: list[Problem] = []

    def add(self, where: str, message: str, raw: Any = None, line: int | None = None) -> None:
        self.problems.append(Problem(message, where, self.file, line or self.lines.get(id(raw))))

    def read(self, data: Any) -> Hindsight:
        if not self._header_ok(data):
            raise HindsightError(self.problems)
        self._keys(data, TOP_KEYS, "")
        forecast = self._forecast_date(data)
        compiled = self._date(data.get("compiled"), "compiled", data)
        if forecast and compiled and compiled < forecast:
            self.add("compiled", f"{compiled} is before the forecast date {forecast}", data)
        title, method = (self._text(data.get(key), key, data) for key in ("title", "method"))
        observations = self._observations(data.get("observed"), forecast, compiled)
        context = self._context(data.get("context"), forecast, compiled)
        self._consistent(observations)
        if self.problems:
            raise HindsightError(self.problems)
        tree_file = data["tree"]["file"]
        return Hindsight(title, tree_file, forecast, compiled, method, observations, context,
                         deepest_path(observations, (self.tree.root.id,)), self.file)

    def _header_ok(self, data: Any) -> bool:
        if not isinstance(data, dict):
            found = "an empty file" if data is None else f"a {type(data).__name__}"
            self.add("", f"found {found}, expected a mapping with 'format: {FORMAT}'")
        elif data.get("format") != FORMAT:
            found = "missing" if "format" not in data else f"found {data['format']!r}"
            self.add("format", f"{found}, expected {FORMAT!r}", data)
        return not self.problems

    def _keys(self, raw: dict[str, Any], keys: dict[str, bool], where: str) -> None:
        unknown = [key for key in raw if key not in keys]
        if unknown:
            self.add(where, f"unknown key {', '.join(map(repr, unknown))} (allowed: {', '.join(keys)})", raw)
        for key, required in keys.items():
            if required and key not in raw:
                self.add(_join(where, key), "missing; this key is required", raw)

    def _forecast_date(self, data: dict[str, Any]) -> datetime.date | None:
        raw = data.get("tree")
        if not isinstance(raw, dict):
            if raw is not None:
                self.add("tree", f"found {raw!r}, expected a mapping {{file: ..., forecast_date: YYYY-MM-DD}}", data)
            return None
        self._keys(raw, TREE_KEYS, "tree")
        self._text(raw.get("file"), "tree: file", raw)
        forecast = self._date(raw.get("forecast_date"), "tree: forecast_date", raw)
        source = self.tree.meta.get("source")
        made = source.get("date") if isinstance(source, dict) else None
        if forecast and made is not None and str(made) != forecast.isoformat():
            self.add("tree: forecast_date", f"found {forecast}, but the tree's source.date is {made}; "
                     "expected the date the forecast was made", raw)
        return forecast

    def _observations(self, raw: Any, forecast: datetime.date | None,
                      compiled: datetime.date | None) -> tuple[Observation, ...]:
        if not isinstance(raw, list) or not raw:
            if raw is not None:
                self.add("observed", f"found {raw!r}, expected a list of at least one {{node, date, source, note}}")
            return ()
        found = []
        for where, entry in self._entries(raw, "observed", OBSERVATION_KEYS, "{node, date, source, note}"):
            node = self._node(entry.get("node"), _join(where, "node"), entry)
            day = self._dated(entry, where, forecast, compiled)
            source = self._source(entry.get("source"), _join(where, "source"), entry)
            note = self._text(entry.get("note"), _join(where, "note"), entry)
            judgement = self._text(entry.get("judgement"), _join(where, "judgement"), entry)
            if node and day and source and note:
                path = tuple(node_path(self.ids[node]).strip("/").split("/"))
                found.append(Observation(node, day, source, note, path, judgement, self.lines.get(id(entry))))
        return tuple(found)

    def _context(self, raw: Any, forecast: datetime.date | None,
                 compiled: datetime.date | None) -> tuple[ContextEvent, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, list):
            self.add("context", f"found {raw!r}, expected a list of {{date, source, note}}")
            return ()
        found = []
        for where, entry in self._entries(raw, "context", CONTEXT_KEYS, "{date, source, note}"):
            day = self._dated(entry, where, forecast, compiled)
            source = self._source(entry.get("source"), _join(where, "source"), entry)
            note = self._text(entry.get("note"), _join(where, "note"), entry)
            bears_on = entry.get("bears_on", [])
            if not isinstance(bears_on, list):
                self.add(_join(where, "bears_on"), f"found {bears_on!r}, expected a list of node ids", entry)
                bears_on = []
            ids = [self._node(each, _join(where, "bears_on"), entry) for each in bears_on]
            if day and source and note and all(ids):
                found.append(ContextEvent(day, source, note, tuple(ids)))
        return tuple(found)

    def _entries(self, raw: list[Any], name: str, keys: Any, shape: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """Each mapping of the list ``raw`` with its place (``observed[2]``), its keys checked; others reported."""
        for index, entry in enumerate(raw):
            where = f"{name}[{index}]"
            if not isinstance(entry, dict):
                self.add(where, f"found {entry!r}, expected a mapping {shape}", raw)
                continue
            self._keys(entry, keys, where)
            yield where, entry

    def _dated(self, entry: dict[str, Any], where: str, forecast: datetime.date | None,
               compiled: datetime.date | None) -> datetime.date | None:
        day = self._date(entry.get("date"), _join(where, "date"), entry)
        if day and forecast and day < forecast:
            self.add(_join(where, "date"), f"{day} is before the forecast date {forecast}; hindsight records "
                     "what happened after the forecast", entry)
            return None
        if day and compiled and day > compiled:
            self.add(_join(where, "date"), f"{day} is after the record was compiled ({compiled})", entry)
            return None
        return day

    def _source(self, raw: Any, where: str, parent: Any) -> Source | None:
        if not isinstance(raw, dict):
            if raw is not None:
                self.add(where, f"found {raw!r}, expected a mapping {{title, outlet, date, url}}", parent)
            return None
        self._keys(raw, SOURCE_KEYS, where)
        title, outlet = (self._text(raw.get(key), _join(where, key), raw) for key in ("title", "outlet"))
        day = self._date(raw.get("date"), _join(where, "date"), raw)
        url = raw.get("url")
        if url is not None and not (isinstance(url, str) and _URL.match(url)):
            self.add(_join(where, "url"), f"found {url!r}, expected an http(s) address (or no url)", raw)
            return None
        return Source(title, outlet, day, url) if title and outlet and day else None

    def _node(self, raw: Any, where: str, parent: Any) -> str | None:
        if raw is None:
            return None  # reported as a missing key
        if raw not in self.ids:
            self.add(where, f"unknown node id {raw!r} ({self._id_hint(raw)})", parent)
            return None
        return str(raw)

    def _id_hint(self, raw: Any) -> str:
        close = difflib.get_close_matches(str(raw), list(self.ids), n=3)
        if close:
            return f"did you mean {', '.join(map(repr, close))}?"
        if len(self.ids) <= _LISTED_IDS:
            return f"must be one of {list(self.ids)}"
        return f"not one of the tree's {len(self.ids)} ids; 'scenario-tree paths' lists them"

    def _date(self, raw: Any, where: str, parent: Any) -> datetime.date | None:
        if raw is None:
            return None  # reported as a missing key
        try:
            return parse_iso_date(raw)
        except ValueError as error:
            self.add(where, str(error), parent)
            return None

    def _text(self, raw: Any, where: str, parent: Any) -> str | None:
        if raw is None:
            return None
        if not isinstance(raw, str) or not raw.strip():
            self.add(where, f"found {raw!r}, expected non-empty text", parent)
            return None
        return raw

    def _consistent(self, observations: Iterable[Observation]) -> None:
        """Every observed node must lie on one path from the root: report each pair that cannot both be true."""
        distinct = {each.node: each for each in observations}
        for first, second in itertools.combinations(distinct.values(), 2):
            split = _split(first.path, second.path)
            if split is None:
                continue
            parent = self.ids[first.path[split - 1]]
            what = (f"two branches of chance node {parent.id!r} ({parent.label!r}); only one can happen"
                    if parent.kind == "chance" else
                    f"two choices of decision {parent.id!r} ({parent.label!r}); only one can be made")
            seen = f" (line {first.line})" if first.line else ""
            self.add(f"observed: node {second.node!r}",
                     f"inconsistent with the observation of {first.node!r}{seen}: {what}", line=second.line)


def _split(first: tuple[str, ...], second: tuple[str, ...]) -> int | None:
    """The depth where two root paths part, or None when one extends the other."""
    for depth, (a, b) in enumerate(zip(first, second)):
        if a != b:
            return depth
    return None

def _join(where: str, key: str) -> str:
    return f"{where}: {key}" if where else key
