"""Saving into the file a tree came from: only the changed values are written, the rest is kept as it was.

YAML is read back with ``ruamel.yaml``'s round-trip loader (comments, key order, quoting, flow or
block style, folded text), the tree's values are applied to it where they differ, and it is written
with the indentation the file uses. JSON keeps its key order, its indentation and its escaping. A
value equal to the file's (``1`` and ``1.0``, an empty list and a missing key) is left as written;
children are matched by id, so a removed or added branch leaves its siblings' text alone. New
floats are written short (``repr``): ``0.39999999999999997`` stays that, ``#`` stays ``#``.
"""

from __future__ import annotations

import difflib
import io
import json
import re
from typing import Any

from .deep import run_deep

__all__ = ["patched_text"]

# (mapping, sequence, offset) indentations ruamel may write, the most common first
_INDENTS = [(2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (2, 2, 2), (4, 4, 0)]
_WIDTHS = [1 << 16, 100, 80]  # never fold a line that was not folded; or as this package's writer, PyYAML's
_TRIED_LAYOUTS_UP_TO = 1 << 20  # bytes: larger files use the layout their first lines suggest


def patched_text(text: str, fmt: str, data: dict[str, Any], where: str) -> str:
    """``text`` (a file in ``fmt``) with the values of ``data`` put in, everything else kept."""
    if fmt == "json":
        original = run_deep(where, json.loads, text)
        _apply(original, data)
        return _json_like(text, original)
    return run_deep(where, _patched_yaml, text, data)


def _patched_yaml(text: str, data: dict[str, Any]) -> str:
    from ruamel.yaml import YAML  # the round-trip writer only when a loaded YAML file is saved

    loaded = _loaded(YAML, text)
    layouts = [(indents, width) for width in _WIDTHS for indents in _indents(text)]
    # ruamel writes the file back unchanged with the right layout (the first guess, usually); with the
    # closest one, its changes are carried over line by line to the file's own text (below)
    best, written = layouts[0], _dumped(loaded, *layouts[0])
    for layout in layouts[1:] if written != text and len(text) <= _TRIED_LAYOUTS_UP_TO else []:
        candidate = _dumped(loaded, *layout)
        if _changed_lines(text, candidate) < _changed_lines(text, written):
            best, written = layout, candidate
        if candidate == text:
            break
    _apply(loaded[1], data)
    return _carried_over(text, written, _dumped(loaded, *best))


def _changed_lines(one: str, other: str) -> int:
    if one == other:
        return 0
    matcher = difflib.SequenceMatcher(None, one.splitlines(), other.splitlines(), autojunk=False)
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal")


def _carried_over(original: str, before: str, after: str) -> str:
    """The line changes from ``before`` (the file as ruamel writes it) to ``after``, made to ``original``.

    Each changed run of lines must sit where ``before`` matches ``original`` line for line; its
    indentation follows the original's. Otherwise ``after`` is the result (comments still kept).
    """
    if before == original:
        return after
    lines, old, new = original.splitlines(True), before.splitlines(True), after.splitlines(True)
    where = {}  # line of ``before`` -> the same line of ``original``
    for block in difflib.SequenceMatcher(None, lines, old, autojunk=False).get_matching_blocks():
        where.update((block.b + offset, block.a + offset) for offset in range(block.size))
    edits = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        mapped = [where.get(index) for index in range(i1, i2)]
        reference = i1 if i1 in where else i1 - 1  # a replaced line, or the line an insertion follows
        if None in mapped or reference not in where or mapped != list(range(where[reference], where[reference]
                                                                             + len(mapped))):
            return after
        start = where[reference] + (1 if reference < i1 else 0)
        shift = _indent(lines[where[reference]]) - _indent(old[reference])
        edits.append((start, start + i2 - i1, [_shifted(line, shift) for line in new[j1:j2]]))
    for start, end, replacement in reversed(edits):
        lines[start:end] = replacement
    return "".join(lines)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _shifted(line: str, shift: int) -> str:
    return " " * shift + line if shift >= 0 else line[min(-shift, _indent(line)):]


def _loaded(yaml_class: type, text: str) -> tuple[Any, Any]:
    writer = yaml_class()
    writer.preserve_quotes = True
    return writer, writer.load(text)


def _dumped(loaded: tuple[Any, Any], indents: tuple[int, int, int], width: int) -> str:
    writer, document = loaded
    writer.width = width
    writer.indent(mapping=indents[0], sequence=indents[1], offset=indents[2])
    out = io.StringIO()
    writer.dump(document, out)
    return out.getvalue()


def _indents(text: str) -> list[tuple[int, int, int]]:
    """The candidate indentations, the one the file's first nested list suggests first."""
    found = re.search(r"^( *)[^\s#-][^\n]*:[ \t]*\n(?:[ \t]*(?:#[^\n]*)?\n)*( *)- ", text, re.MULTILINE)
    if found is None:
        return _INDENTS
    offset = len(found.group(2)) - len(found.group(1))
    nested = re.search(r"^( *)[^\s#-][^\n]*:[ \t]*\n( +)[^\s#-]", text, re.MULTILINE)
    mapping = len(nested.group(2)) - len(nested.group(1)) if nested else 2
    guess = (mapping, offset + 2, offset)
    return [guess] + [each for each in _INDENTS if each != guess]


def _json_like(text: str, data: Any) -> str:
    """JSON written with the indentation and escaping of ``text``."""
    found = re.search(r"\n([ \t]+)\S", text)
    indent = None if found is None else found.group(1) if "\t" in found.group(1) else len(found.group(1))
    ascii_only = text.isascii() and "\\u" in text
    separators = (",", ": ") if indent is not None else ((", ", ": ") if ", " in text else (",", ":"))
    ending = "\n" if text.endswith("\n") else ""
    return json.dumps(data, indent=indent, ensure_ascii=ascii_only, separators=separators) + ending


def _same(old: Any, new: Any) -> bool:
    """Equal as the file format means it: 1 and 1.0 are, True and 1 are not."""
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and old == new
    if isinstance(old, dict | list) or isinstance(new, dict | list):
        return False  # compared item by item
    return old == new


def _empty(value: Any) -> bool:
    return value is None or value == [] or value == {}


def _apply(old_root: Any, new_root: dict[str, Any]) -> None:
    """Change ``old_root`` in place into ``new_root``, touching only what differs (no recursion)."""
    stack = [(old_root, new_root)]
    while stack:
        old, new = stack.pop()
        if isinstance(old, dict):
            for key in [key for key in old if key not in new and not _empty(old[key])]:
                del old[key]
            for key, value in new.items():
                if key not in old:
                    old[key] = value
                else:
                    _settle(old, key, value, stack)
        else:
            _merge_list(old, new, stack)


def _settle(container: Any, key: Any, value: Any, stack: list[tuple[Any, Any]]) -> None:
    current = container[key]
    if (isinstance(current, dict) and isinstance(value, dict)) or (isinstance(current, list)
                                                                   and isinstance(value, list)):
        stack.append((current, value))
    elif not _same(current, value):
        container[key] = value


def _merge_list(old: list[Any], new: list[Any], stack: list[tuple[Any, Any]]) -> None:
    """Items matched by ``id`` when they have one (children), else by position."""
    old_ids = [item.get("id") if isinstance(item, dict) else None for item in old]
    new_ids = [item.get("id") if isinstance(item, dict) else None for item in new]
    if old_ids == new_ids or None in old_ids or None in new_ids or len(set(old_ids)) < len(old_ids):
        if len(old) > len(new):
            del old[len(new):]
        for index, value in enumerate(new):
            if index < len(old):
                _settle(old, index, value, stack)
            else:
                old.append(value)
        return
    by_id = dict(zip(old_ids, old))
    wanted = set(new_ids)
    for index in reversed(range(len(old))):  # drop removed branches, keeping the others' text
        if old_ids[index] not in wanted:
            del old[index]
    for position, (item_id, value) in enumerate(zip(new_ids, new)):
        if item_id not in by_id:
            old.insert(position, value)
            continue
        current = by_id[item_id]
        where = next(index for index, each in enumerate(old) if each is current)
        if where != position:
            del old[where]
            old.insert(position, current)
        stack.append((current, value))
