"""A JSON Schema validator compiled once into checker closures, for the subset ``schema.json`` uses.

The runtime does not import ``jsonschema`` (its format checkers cost more than a second at import):
the published schema is compiled here into closures, and an instance is walked with an explicit
stack, so any nesting depth works. Every error comes with its JSON path, the keyword and the
subschema that failed, as ``jsonschema.Draft202012Validator`` reports them; a test checks that the
two find errors at the same paths on bad files and on randomly mutated ones.

Keywords: ``type``, ``const``, ``enum``, ``anyOf``, ``not``, local ``$ref`` (``#/...``); for text
``minLength``, ``maxLength``, ``pattern``; for numbers ``minimum``, ``maximum``,
``exclusiveMinimum``, ``exclusiveMaximum``; for lists ``items``, ``minItems``, ``maxItems``,
``uniqueItems``; for mappings ``properties``, ``additionalProperties``, ``propertyNames``,
``required``. Annotations are ignored; any other keyword is refused when compiling, so that a schema
change cannot be silently ignored. The keywords of one kind of value are checked by one closure
(a subschema is typically one call), which keeps validation cheap per node.

>>> validator = Validator({"type": "object", "required": ["id"],
...                        "properties": {"tags": {"type": "array", "items": {"type": "string"}}}})
>>> [(error.path, error.keyword) for error in validator.errors({"tags": ["a", 2]})]
[((), 'required'), (('tags', 1), 'type')]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from ..model.rules import shown

__all__ = ["SchemaError", "Validator"]

# check(instance, where, found, todo): append raw errors (where, keyword, schema, instance, detail) to
# ``found``; a deep check may push (check, value, where) on ``todo`` to descend. ``where`` is a linked
# path: None for the document, else (the parent's where, key or index). ``check.deep`` says whether
# it may push (a shallow check is called directly, with no stack).
Check = Callable[[Any, Any, list, list], None]

_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "$defs", "title", "description", "default", "examples"})
_TEXT = ("minLength", "maxLength", "pattern")
_NUMBER = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
_LIST = ("items", "minItems", "maxItems", "uniqueItems")
_MAPPING = ("properties", "additionalProperties", "propertyNames", "required")
_ANY = ("type", "const", "enum", "anyOf", "not", "$ref")
_SUPPORTED = frozenset(_TEXT + _NUMBER + _LIST + _MAPPING + _ANY)


class SchemaError(NamedTuple):
    """One failed keyword: where in the instance, which keyword, in which subschema, and on what."""

    path: tuple[str | int, ...]
    keyword: str
    schema: Mapping[str, Any]
    instance: Any
    detail: Any  # the missing key (required), the unknown keys (additionalProperties), else the keyword's value

    @property
    def message(self) -> str:
        """What failed, worded like jsonschema (long values shortened)."""
        return _MESSAGES[self.keyword](shown(self.instance), self.detail)


_MESSAGES: dict[str, Callable[[str, Any], str]] = {
    "type": lambda found, types: f"{found} is not of type {', '.join(map(repr, _listed(types)))}",
    "const": lambda found, value: f"{shown(value)} was expected",
    "enum": lambda found, values: f"{found} is not one of {shown(values)}",
    "required": lambda found, key: f"{key!r} is a required property",
    "additionalProperties": lambda found, keys: f"Additional properties are not allowed ({', '.join(map(shown, keys))} "
                                                f"{'was' if len(keys) == 1 else 'were'} unexpected)",
    "minItems": lambda found, limit: f"{found} {'should be non-empty' if limit == 1 else 'is too short'}",
    "maxItems": lambda found, limit: f"{found} {'is expected to be empty' if limit == 0 else 'is too long'}",
    "uniqueItems": lambda found, value: f"{found} has non-unique elements",
    "minLength": lambda found, limit: f"{found} {'should be non-empty' if limit == 1 else 'is too short'}",
    "maxLength": lambda found, limit: f"{found} {'is expected to be empty' if limit == 0 else 'is too long'}",
    "pattern": lambda found, pattern: f"{found} does not match {pattern!r}",
    "minimum": lambda found, limit: f"{found} is less than the minimum of {limit!r}",
    "maximum": lambda found, limit: f"{found} is greater than the maximum of {limit!r}",
    "exclusiveMinimum": lambda found, limit: f"{found} is less than or equal to the minimum of {limit!r}",
    "exclusiveMaximum": lambda found, limit: f"{found} is greater than or equal to the maximum of {limit!r}",
    "anyOf": lambda found, value: f"{found} is not valid under any of the given schemas",
    "not": lambda found, value: f"{found} should not be valid under {shown(value)}",
}


def _listed(types: Any) -> list[str]:
    return [types] if isinstance(types, str) else list(types)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and value.__class__ is not bool


_TYPES: dict[str, Callable[[Any], bool]] = {
    "object": lambda value: isinstance(value, dict),
    "array": lambda value: isinstance(value, list),
    "string": lambda value: isinstance(value, str),
    "number": _is_number,
    "integer": lambda value: (isinstance(value, int) and value.__class__ is not bool)
    or (isinstance(value, float) and value.is_integer()),
    "boolean": lambda value: isinstance(value, bool),
    "null": lambda value: value is None,
}
_GROUP_TYPES = {"string": _TEXT, "number": _NUMBER, "array": _LIST, "object": _MAPPING}


class Validator:
    """A schema compiled once; :meth:`errors` lists every error in an instance, :meth:`is_valid` says if any.

    Raises:
        ValueError: The schema uses a keyword or a ``$ref`` this validator does not support.
    """

    def __init__(self, schema: Mapping[str, Any]) -> None:
        self.schema = schema
        self._compiled: dict[int, Check] = {}
        self._pending: dict[int, list[Check | None]] = {}  # subschemas being compiled: refs to them wait
        self._check = self._compile(schema)

    def errors(self, instance: Any, limit: int | None = None) -> list[SchemaError]:
        """Every error (at most ``limit``), in the order found; paths are tuples of keys and indices."""
        found: list[tuple] = []
        todo: list[tuple[Check, Any, Any]] = [(self._check, instance, None)]
        while todo and (limit is None or len(found) < limit):
            check, value, where = todo.pop()
            check(value, where, found, todo)
        return [SchemaError(_path(where), *rest) for where, *rest in found[:limit]]

    def is_valid(self, instance: Any) -> bool:
        """Whether the instance has no error at all (stops at the first)."""
        return _valid(self._check, instance)

    # -- compiling ------------------------------------------------------------------------------

    def _compile(self, schema: Any) -> Check:
        if schema is True or schema == {}:
            return _accept
        if schema is False:
            return _never(schema)
        if not isinstance(schema, dict):
            raise ValueError(f"a schema must be an object or a boolean, found {shown(schema)}")
        unsupported = sorted(set(schema) - _SUPPORTED - _ANNOTATIONS)
        if unsupported:
            raise ValueError(f"unsupported schema keyword {unsupported[0]!r} "
                             f"(supported: {', '.join(sorted(_SUPPORTED))})")
        key = id(schema)
        if key in self._compiled:
            return self._compiled[key]
        if key in self._pending:  # a recursive reference: forward to the check once it exists
            cell = self._pending[key]
            return _marked(lambda value, where, found, todo: cell[0](value, where, found, todo), deep=True)
        self._pending[key] = cell = [None]
        check = _combined(self._parts(schema))
        cell[0] = self._compiled[key] = check
        del self._pending[key]
        return check

    def _parts(self, schema: dict[str, Any]) -> list[Check]:
        """One check per kind of value the schema constrains, the ``type`` folded into its own kind's."""
        types = _listed(schema["type"]) if "type" in schema else []
        folded = types[0] if len(types) == 1 and types[0] in _GROUP_TYPES else None
        parts = []
        if types and folded is None:
            parts.append(_type_check(schema, types))
        for kind, keywords in _GROUP_TYPES.items():
            if kind == folded or any(keyword in schema for keyword in keywords):
                parts.append(self._group(schema, kind, typed=kind == folded))
        if "const" in schema:
            parts.append(_one_of_values(schema, "const", [schema["const"]]))
        if "enum" in schema:
            parts.append(_one_of_values(schema, "enum", list(schema["enum"])))
        if "anyOf" in schema:
            parts.append(_any_of(schema, [self._compile(branch) for branch in schema["anyOf"]]))
        if "not" in schema:
            parts.append(_negated(schema, self._compile(schema["not"])))
        if "$ref" in schema:
            parts.append(self._compile(self._resolve(schema["$ref"])))
        return [part for part in parts if part is not _accept]

    def _group(self, schema: dict[str, Any], kind: str, typed: bool) -> Check:
        if kind == "string":
            return _text_check(schema, typed)
        if kind == "number":
            return _number_check(schema, typed)
        if kind == "array":
            return _list_check(schema, typed, self._compile(schema["items"]) if "items" in schema else None)
        properties = {name: self._compile(sub) for name, sub in schema.get("properties", {}).items()}
        others = schema.get("additionalProperties", True)
        names = self._compile(schema["propertyNames"]) if "propertyNames" in schema else None
        return _mapping_check(schema, typed, properties, None if others is False else self._compile(others),
                              names)

    def _resolve(self, reference: str) -> Any:
        if not isinstance(reference, str) or not reference.startswith("#"):
            raise ValueError(f"unsupported $ref {reference!r}: only references within the schema (#/...)")
        target: Any = self.schema
        for part in filter(None, reference[1:].split("/")):
            part = part.replace("~1", "/").replace("~0", "~")
            try:
                target = target[int(part)] if isinstance(target, list) else target[part]
            except (KeyError, IndexError, ValueError, TypeError):
                raise ValueError(f"$ref {reference!r} points at nothing in the schema") from None
        return target


# -- running checks --------------------------------------------------------------------------------


def _marked(check: Check, deep: bool) -> Check:
    check.deep = deep  # type: ignore[attr-defined]
    return check


_accept = _marked(lambda value, where, found, todo: None, deep=False)


def _never(schema: Any) -> Check:
    return _marked(lambda value, where, found, todo: found.append((where, "not", schema, value, {})), deep=False)


def _combined(parts: list[Check]) -> Check:
    if not parts:
        return _accept
    if len(parts) == 1:
        return parts[0]

    def check(value: Any, where: Any, found: list, todo: list) -> None:
        for part in parts:
            part(value, where, found, todo)

    return _marked(check, any(part.deep for part in parts))


def _valid(check: Check, instance: Any) -> bool:
    """Whether ``instance`` passes ``check``, stopping at the first error (an inner run with its own stack)."""
    found: list[tuple] = []
    if not check.deep:  # type: ignore[attr-defined]
        check(instance, None, found, [])
        return not found
    todo: list[tuple[Check, Any, Any]] = [(check, instance, None)]
    while todo:
        check, value, where = todo.pop()
        check(value, where, found, todo)
        if found:
            return False
    return True


def _path(where: Any) -> tuple[str | int, ...]:
    keys = []
    while where is not None:
        where, key = where
        keys.append(key)
    return tuple(reversed(keys))


# -- keywords on any value ---------------------------------------------------------------------------


def _type_check(schema: dict[str, Any], types: list[str]) -> Check:
    tests = [_TYPES[name] for name in types]

    def check(value: Any, where: Any, found: list, todo: list) -> None:
        if not any(test(value) for test in tests):
            found.append((where, "type", schema, value, schema["type"]))

    return _marked(check, deep=False)


def _one_of_values(schema: dict[str, Any], keyword: str, allowed: list[Any]) -> Check:
    detail = allowed[0] if keyword == "const" else allowed
    if all(isinstance(each, str) for each in allowed):  # the usual case: text compares as text
        texts = frozenset(allowed)

        def check(value: Any, where: Any, found: list, todo: list) -> None:
            if not (isinstance(value, str) and value in texts):
                found.append((where, keyword, schema, value, detail))
    else:
        def check(value: Any, where: Any, found: list, todo: list) -> None:
            if not any(_equal(value, each) for each in allowed):
                found.append((where, keyword, schema, value, detail))

    return _marked(check, deep=False)


def _any_of(schema: dict[str, Any], branches: list[Check]) -> Check:
    shallow = [branch for branch in branches if not branch.deep]  # type: ignore[attr-defined]
    deep = [branch for branch in branches if branch.deep]  # type: ignore[attr-defined]

    def check(value: Any, where: Any, found: list, todo: list) -> None:
        for branch in shallow:
            errors: list[tuple] = []
            branch(value, None, errors, todo)
            if not errors:
                return
        if not any(_valid(branch, value) for branch in deep):
            found.append((where, "anyOf", schema, value, schema["anyOf"]))

    return _marked(check, deep=False)  # each branch runs on its own stack


def _negated(schema: dict[str, Any], negated: Check) -> Check:
    def check(value: Any, where: Any, found: list, todo: list) -> None:
        if _valid(negated, value):
            found.append((where, "not", schema, value, schema["not"]))

    return _marked(check, deep=False)


# -- keywords on one kind of value: each group is one closure ----------------------------------------


def _text_check(schema: dict[str, Any], typed: bool) -> Check:
    shortest, longest = schema.get("minLength"), schema.get("maxLength")
    search = re.compile(schema["pattern"]).search if "pattern" in schema else None  # like jsonschema: re.search

    def check(value: Any, where: Any, found: list, todo: list) -> None:
        if not isinstance(value, str):
            if typed:
                found.append((where, "type", schema, value, "string"))
            return
        if shortest is not None and len(value) < shortest:
            found.append((where, "minLength", schema, value, shortest))
        if longest is not None and len(value) > longest:
            found.append((where, "maxLength", schema, value, longest))
        if search is not None and search(value) is None:
            found.append((where, "pattern", schema, value, schema["pattern"]))

    return _marked(check, deep=False)


def _number_check(schema: dict[str, Any], typed: bool) -> Check:
    low, high = schema.get("minimum"), schema.get("maximum")
    above, below = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")

    def check(value: Any, where: Any, found: list, todo: list) -> None:
        if not isinstance(value, int | float) or value.__class__ is bool:
            if typed:
                found.append((where, "type", schema, value, "number"))
            return
        if low is not None and value < low:
            found.append((where, "minimum", schema, value, low))
        if high is not None and value > high:
            found.append((where, "maximum", schema, value, high))
        if above is not None and value <= above:
            found.append((where, "exclusiveMinimum", schema, value, above))
        if below is not None and value >= below:
            found.append((where, "exclusiveMaximum", schema, value, below))

    return _marked(check, deep=False)


def _list_check(schema: dict[str, Any], typed: bool, items: Check | None) -> Check:
    shortest, longest, unique = schema.get("minItems"), schema.get("maxItems"), schema.get("uniqueItems", False)
    deep_items = items is not None and items.deep  # type: ignore[attr-defined]

    def check(value: Any, where: Any, found: list, todo: list) -> None:
        if not isinstance(value, list):
            if typed:
                found.append((where, "type", schema, value, "array"))
            return
        if shortest is not None and len(value) < shortest:
            found.append((where, "minItems", schema, value, shortest))
        if longest is not None and len(value) > longest:
            found.append((where, "maxItems", schema, value, longest))
        if unique and not _all_distinct(value):
            found.append((where, "uniqueItems", schema, value, unique))
        if deep_items:
            todo.extend([(items, item, (where, index)) for index, item in enumerate(value)])
        elif items is not None:
            for index, item in enumerate(value):
                items(item, (where, index), found, todo)

    return _marked(check, deep=deep_items)


def _mapping_check(schema: dict[str, Any], typed: bool, properties: dict[str, Check], others: Check | None,
                   names: Check | None) -> Check:
    required = list(schema.get("required", ()))
    known = frozenset(properties)
    shallow = {name: sub for name, sub in properties.items() if not sub.deep}  # type: ignore[attr-defined]
    deep = {name: sub for name, sub in properties.items() if sub.deep}  # type: ignore[attr-defined]
    other = None if others is None or others is _accept else others

    def check(value: Any, where: Any, found: list, todo: list) -> None:
        if not isinstance(value, dict):
            if typed:
                found.append((where, "type", schema, value, "object"))
            return
        if others is None and not value.keys() <= known:
            found.append((where, "additionalProperties", schema, value,
                          sorted((key for key in value if key not in known), key=str)))
        for key in required:
            if key not in value:
                found.append((where, "required", schema, value, key))
        for key, item in value.items():
            sub = shallow.get(key)
            if sub is not None:
                sub(item, (where, key), found, todo)
            elif key in deep:
                todo.append((deep[key], item, (where, key)))
            elif other is not None and key not in known:
                if other.deep:  # type: ignore[attr-defined]
                    todo.append((other, item, (where, key)))
                else:
                    other(item, (where, key), found, todo)
        if names is not None:
            for key in value:  # a key's errors are placed at its mapping
                if names.deep:  # type: ignore[attr-defined]
                    todo.append((names, key, where))
                else:
                    names(key, where, found, todo)

    descents = [*deep.values(), *(each for each in (other, names) if each is not None)]
    return _marked(check, deep=any(each.deep for each in descents))  # type: ignore[attr-defined]


# -- equality as JSON Schema means it (1 == 1.0, True != 1), without recursion -----------------------


def _equal(one: Any, two: Any) -> bool:
    pairs = [(one, two)]
    while pairs:
        one, two = pairs.pop()
        if one is two:
            continue
        if isinstance(one, str) or isinstance(two, str):
            if one != two:
                return False
        elif isinstance(one, list | tuple) and isinstance(two, list | tuple):
            if len(one) != len(two):
                return False
            pairs.extend(zip(one, two))
        elif isinstance(one, dict) and isinstance(two, dict):
            if one.keys() != two.keys():
                return False
            pairs.extend((one[key], two[key]) for key in one)
        elif isinstance(one, bool) or isinstance(two, bool):
            if not (isinstance(one, bool) and isinstance(two, bool) and one == two):
                return False
        elif one != two:
            return False
    return True


def _all_distinct(items: list[Any]) -> bool:
    seen: set[tuple[bool, Any]] = set()
    unhashable: list[Any] = []
    for item in items:
        if isinstance(item, dict | list):
            if any(_equal(item, other) for other in unhashable):
                return False
            unhashable.append(item)
            continue
        key = (isinstance(item, bool), item)  # True and 1 are different values in JSON
        if key in seen:
            return False
        seen.add(key)
    return True
