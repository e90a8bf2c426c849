"""Reading YAML into plain data from libyaml's events, in one loop without recursion.

PyYAML's composer and constructor are skipped: the parser's events become dicts, lists and
scalars directly, which is several times faster and lets the reader enforce, as it goes:

* the line of every mapping, kept for messages, and no duplicate keys;
* only the tags of plain data (text, numbers, booleans, null, lists and mappings);
* aliases shared, each use counted at its anchor's full size against a budget of values (see
  :func:`value_budget`), so that an alias bomb is refused before anything walks the data; an alias
  inside its own anchor, and merge keys (``<<``), are refused;
* at most :data:`MAX_NESTING` levels of nesting.

libyaml itself refuses to nest more than 1000 levels; such a document is read again with PyYAML's
pure-Python parser (slower, same events), with the same flow-nesting limit as libyaml's.

>>> data, lines = read_yaml("a: 1\\nb: [x, {c: 2.5}]\\n", "t.yaml")
>>> data, [lines[id(data)], lines[id(data["b"][1])]]
({'a': 1, 'b': ['x', {'c': 2.5}]}, [1, 2])
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml
from yaml import events

from ..errors import Problem, ScenarioFileError
from ..model.rules import shown
from .format import MAX_DEPTH

__all__ = ["EXPONENT", "MAX_NESTING", "read_yaml", "value_budget"]

MAX_NESTING = 2 * MAX_DEPTH + 8  # a tree level is a mapping and its children's list, plus the top and quotes
FLOW_NESTING = 1000  # libyaml's own limit for [ and {; PyYAML's scanner is quadratic beyond it

# YAML 1.1 reads 1e-05 as text; JSON (and people) write exponents without a dot: read them as numbers.
EXPONENT = re.compile(r"^[-+]?[0-9]+(?:\.[0-9]*)?[eE][-+]?[0-9]+$")

_TAG = "tag:yaml.org,2002:"
_STR, _NULL, _BOOL, _INT, _FLOAT, _MERGE, _VALUE = (_TAG + name for name in
                                                    ("str", "null", "bool", "int", "float", "merge", "value"))
_PLAIN_CONTAINER_TAGS = (None, "!")
_BOOLS = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}
_ALLOWED = "plain text, numbers, true/false, null, lists and mappings"

# Dates stay text (``date: 2017-03-08``), so that YAML and JSON read the same and saving changes nothing.
_RESOLVERS: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TAG + "timestamp"]
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()}
for _first in "-+0123456789":
    _RESOLVERS.setdefault(_first, []).append((_FLOAT, EXPONENT))
_TAGS_SEEN: dict[str, str] = {}  # plain scalars repeat (keys, kinds): their tags, remembered
_TAGS_REMEMBERED = 4096


def value_budget(text: str) -> int:
    """How many values a document may hold once its aliases are expanded.

    Without aliases a document holds fewer values than three per character, so only aliases can
    reach four per character (with a floor for small files).
    """
    return max(10_000, 4 * len(text))


def read_yaml(text: str, file: str) -> tuple[Any, dict[int, int]]:
    """The plain data in YAML text and the line of each mapping (by ``id()``).

    Raises:
        ScenarioFileError: Syntax errors, unreadable characters, duplicate keys, refused tags,
            aliases or nesting, each with its line.
    """
    try:
        return _Reader(text, file, yaml.CSafeLoader(text)).read()
    except yaml.YAMLError as error:
        if "maximum nesting depth" not in str(getattr(error, "problem", "")):
            raise _syntax_problem(error, text, file) from None
    except UnicodeEncodeError as error:  # libyaml takes UTF-8: a lone surrogate cannot be given to it
        line = text.count("\n", 0, error.start) + 1
        message = f"unreadable text: {shown(text[error.start])} is half of a character (a lone surrogate)"
        raise ScenarioFileError([Problem(message + "; expected printable UTF-8", file=file, line=line)]) from None
    try:
        return _Reader(text, file, _DeepLoader(text)).read()
    except yaml.YAMLError as error:
        raise _syntax_problem(error, text, file) from None


class _DeepLoader(yaml.SafeLoader):
    """PyYAML's pure-Python parser (for documents deeper than libyaml reads), flow nesting limited like libyaml's."""

    def fetch_flow_collection_start(self, TokenClass: Any) -> None:  # noqa: N803 - PyYAML's name
        if self.flow_level >= FLOW_NESTING:
            raise yaml.scanner.ScannerError("while increasing flow level", None,
                                            "exceeded maximum nesting depth", self.get_mark())
        super().fetch_flow_collection_start(TokenClass)


def _syntax_problem(error: yaml.YAMLError, text: str, file: str) -> ScenarioFileError:
    if isinstance(error, yaml.reader.ReaderError):
        line = text.count("\n", 0, error.position) + 1
        return ScenarioFileError([Problem(f"unreadable text: {error.reason} (character {shown(error.character)}); "
                                          "expected printable UTF-8", file=file, line=line)])
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        problem = " ".join(part for part in (error.context, error.problem) if part)
        return ScenarioFileError([Problem(f"YAML syntax error: {problem}", file=file,
                                          line=mark.line + 1 if mark else None)])
    return ScenarioFileError([Problem(f"YAML error: {error}", file=file)])


class _Frame:
    """A mapping or list being filled: its container, the key waiting for a value, its anchor and line."""

    __slots__ = ("anchor", "container", "has_key", "key", "line", "mapping", "start")

    def __init__(self, container: Any, mapping: bool, anchor: str | None, line: int, start: int) -> None:
        self.container, self.mapping, self.anchor, self.line, self.start = container, mapping, anchor, line, start
        self.key: Any = None
        self.has_key = False


class _Reader:
    """One pass over the events: containers filled on a stack, scalars converted, budgets kept."""

    def __init__(self, text: str, file: str, parser: Any) -> None:
        self.file, self.parser = file, parser
        self.budget = value_budget(text)
        self.lines: dict[int, int] = {}
        self.duplicates: list[tuple[int, Any]] = []
        self.anchors: dict[str, tuple[Any, int | None]] = {}  # value, and its size once complete
        self.stack: list[_Frame] = []
        self.count = 0  # values so far, aliases counted at their anchors' size
        self.documents = 0
        self.data: Any = None

    def read(self) -> tuple[Any, dict[int, int]]:
        try:
            self._run()
        finally:
            self.parser.dispose()
        if self.duplicates:
            raise ScenarioFileError([Problem(f"duplicate key {shown(key)} (a later value would silently replace "
                                             "the first)", file=self.file, line=line)
                                     for line, key in self.duplicates])
        return self.data, self.lines

    def _run(self) -> None:
        get_event = self.parser.get_event
        while True:
            event = get_event()
            kind = type(event)
            if kind is events.ScalarEvent:
                self._value(self._scalar(event), event.anchor, event.start_mark.line + 1)
            elif kind is events.MappingStartEvent or kind is events.SequenceStartEvent:
                self._open(event, kind is events.MappingStartEvent)
            elif kind is events.MappingEndEvent or kind is events.SequenceEndEvent:
                frame = self.stack.pop()
                self._value(frame.container, None, frame.line, frame)
            elif kind is events.AliasEvent:
                self._alias(event)
            elif kind is events.DocumentStartEvent:
                self.documents += 1
                if self.documents > 1:
                    self._refuse("a second document (after ---): a scenario file holds one", event)
            elif kind is events.StreamEndEvent:
                return

    def _open(self, event: Any, mapping: bool) -> None:
        if event.tag not in _PLAIN_CONTAINER_TAGS and event.tag != (_TAG + ("map" if mapping else "seq")):
            self._refuse(f"the tag {event.tag!r} is not allowed ({_ALLOWED} only)", event)
        if len(self.stack) >= MAX_NESTING:
            self._refuse(f"nested more than {MAX_NESTING} levels deep (a tree may have at most {MAX_DEPTH} levels)",
                         event)
        self._count(1, event)
        line = event.start_mark.line + 1
        container: Any = {} if mapping else []
        if mapping:
            self.lines[id(container)] = line
        if event.anchor is not None:
            self.anchors[event.anchor] = (container, None)
        self.stack.append(_Frame(container, mapping, event.anchor, line, self.count))

    def _alias(self, event: Any) -> None:
        if event.anchor not in self.anchors:
            self._refuse(f"the alias *{event.anchor} has no anchor &{event.anchor} before it", event)
        value, size = self.anchors[event.anchor]
        if size is None:
            self._refuse(f"the alias *{event.anchor} is inside the value it names (a loop)", event)
        self._count(size, event)
        self._put(value, event.start_mark.line + 1)

    def _value(self, value: Any, anchor: str | None, line: int, frame: _Frame | None = None) -> None:
        """A complete value: remember its anchor with its size, then put it in its container."""
        if frame is not None and frame.anchor is not None:
            self.anchors[frame.anchor] = (value, self.count - frame.start + 1)
        elif anchor is not None:
            self.anchors[anchor] = (value, 1)
        self._put(value, line)

    def _put(self, value: Any, line: int) -> None:
        if not self.stack:
            self.data = value
            return
        frame = self.stack[-1]
        if not frame.mapping:
            frame.container.append(value)
        elif frame.has_key:
            frame.container[frame.key] = value
            frame.has_key = False
        else:
            if isinstance(value, dict | list):
                raise ScenarioFileError([Problem(f"a key must be text or a number, found a "
                                                 f"{'mapping' if isinstance(value, dict) else 'list'}",
                                                 file=self.file, line=line)])
            if value in frame.container:
                self.duplicates.append((line, value))
            frame.key, frame.has_key = value, True

    def _count(self, values: int, event: Any) -> None:
        self.count += values
        if self.count > self.budget:
            self._refuse(f"aliases expand this file to more than {self.budget:,} values (at most 4 per character "
                         "of the file); write the repeated parts out, or use fewer aliases", event)

    def _scalar(self, event: Any) -> Any:
        self._count(1, event)
        tag, value = event.tag, event.value
        if tag is None or tag == "!":
            if not event.implicit[0]:  # quoted, or the non-specific tag "!": text
                return value
            tag = _TAGS_SEEN.get(value) or _implicit_tag(value)
        if tag in (_STR, _VALUE):
            return value
        try:
            if tag == _INT:
                return _integer(value)
            if tag == _FLOAT:
                return _float(value)
            if tag == _NULL:
                return None
            if tag == _BOOL:
                return _BOOLS[value.lower()]
        except (ValueError, KeyError, IndexError) as error:
            kind = tag.rpartition(":")[2]
            reason = "more digits than Python reads" if "digits" in str(error) else f"expected a valid {kind}"
            self._refuse(f"found {shown(value)} tagged !!{kind}: {reason}", event)
        if tag == _MERGE:
            self._refuse("merge keys (<<) are not supported: write the keys out", event)
        self._refuse(f"the tag {tag!r} is not allowed ({_ALLOWED} only)", event)

    def _refuse(self, message: str, event: Any) -> None:
        raise ScenarioFileError([Problem(message, file=self.file, line=event.start_mark.line + 1)])


def _implicit_tag(value: str) -> str:
    tag = _STR
    for candidate, regexp in _RESOLVERS.get(value[:1], ()):
        if regexp.match(value):
            tag = candidate
            break
    if len(_TAGS_SEEN) < _TAGS_REMEMBERED:
        _TAGS_SEEN[value] = tag
    return tag


def _integer(text: str) -> int:
    """YAML 1.1 integers as PyYAML reads them: ``1_000``, ``0x1f``, ``0b101``, ``017`` (octal), ``1:30``."""
    if text.isdigit() and (text[0] != "0" or text == "0"):
        return int(text)
    value = text.replace("_", "")
    sign = -1 if value[0] == "-" else 1
    value = value[1:] if value[0] in "+-" else value
    if value == "0":
        return 0
    if value.startswith("0b"):
        return sign * int(value[2:], 2)
    if value.startswith("0x"):
        return sign * int(value[2:], 16)
    if value[0] == "0":
        return sign * int(value, 8)
    if ":" in value:
        return sign * _sexagesimal(value, int)
    return sign * int(value)


def _float(text: str) -> float:
    """YAML 1.1 floats as PyYAML reads them: ``1.5``, ``1e3``, ``.inf``, ``-.Inf``, ``.nan``, ``1:30.5``."""
    try:
        return float(text)
    except ValueError:
        pass
    value = text.replace("_", "").lower()
    sign = -1 if value[0] == "-" else 1
    value = value[1:] if value[0] in "+-" else value
    if value == ".inf":
        return sign * math.inf
    if value == ".nan":
        return math.nan
    if ":" in value:
        return sign * _sexagesimal(value, float)
    return sign * float(value)


def _sexagesimal(value: str, kind: type) -> Any:
    total, base = kind(0), 1
    for digit in reversed(value.split(":")):
        total += kind(digit) * base
        base *= 60
    return total
