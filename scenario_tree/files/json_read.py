"""Reading JSON with Python's C parser, and finding the line of a mapping only when a problem needs it.

``json`` gives no positions, so the parser records every mapping in the order it finishes them, and
:class:`JsonLines` scans the text for the same mappings (skipping strings) the first time a line is
asked for: a valid file never pays for lines. Duplicate keys are refused (at the line of their
mapping), and ``NaN``/``Infinity``, which Python's parser accepts, are read as the numbers they name
so that the number rule refuses them with their place.

>>> data, lines = read_json('{"a": 1,\\n "b": [{"c": 2}]}', "t.json")
>>> data, lines.get(id(data["b"][0]))
({'a': 1, 'b': [{'c': 2}]}, 2)
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator, Mapping
from typing import Any

from ..errors import Problem, ScenarioFileError
from ..model.rules import shown

__all__ = ["JsonLines", "read_json"]

_STRING_OR_BRACE = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[{}]')


def read_json(text: str, file: str) -> tuple[Any, JsonLines]:
    """The plain data in JSON text, and the lines of its mappings (found when first asked for).

    Raises:
        ValueError: The text is not JSON (``json.JSONDecodeError``, with the position).
        ScenarioFileError: Duplicate keys, or a number with more digits than Python reads.
    """
    finished: list[dict[Any, Any]] = []
    duplicates: list[tuple[dict[Any, Any], Any]] = []

    def mapping(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            seen: set[str] = set()
            duplicates.extend((result, key) for key, _ in pairs if key in seen or seen.add(key))
        finished.append(result)
        return result

    try:
        data = json.loads(text, object_pairs_hook=mapping, parse_constant=float)
    except json.JSONDecodeError:
        raise
    except ValueError:  # int() refuses more than sys.get_int_max_str_digits() digits
        raise ScenarioFileError([Problem(f"a number has more digits than Python reads (at most "
                                         f"{sys.get_int_max_str_digits()})", file=file)]) from None
    lines = JsonLines(text, finished)
    if duplicates:
        raise ScenarioFileError([Problem(f"duplicate key {shown(key)} in this mapping (a later value would "
                                         "silently replace the first)", file=file, line=lines.get(id(owner)))
                                 for owner, key in duplicates])
    return data, lines


class JsonLines(Mapping[int, int]):
    """The line of each mapping of a JSON document, by ``id()``, found by one scan of the text when first asked.

    Args:
        text: The JSON text.
        finished: Every mapping the parser built, in the order it finished them (inner ones first).
    """

    def __init__(self, text: str, finished: list[dict[Any, Any]]) -> None:
        self._text, self._finished = text, finished
        self._lines: dict[int, int] | None = None

    def _scan(self) -> dict[int, int]:
        if self._lines is None:
            starts: list[int] = []
            closing: list[int] = []  # each mapping's first line, in the order the mappings close
            line, position, text = 1, 0, self._text
            for match in _STRING_OR_BRACE.finditer(text):
                start = match.start()
                brace = text[start]
                if brace == '"':
                    continue
                line += text.count("\n", position, start)
                position = start
                if brace == "{":
                    starts.append(line)
                else:
                    closing.append(starts.pop())
            self._lines = {id(mapping): line for mapping, line in zip(self._finished, closing)}
        return self._lines

    def __getitem__(self, key: int) -> int:
        return self._scan()[key]

    def __iter__(self) -> Iterator[int]:
        return iter(self._scan())

    def __len__(self) -> int:
        return len(self._finished)
