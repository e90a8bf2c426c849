"""What both directions of the SilverDecisions conversion agree on: versions, node types and rules."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NoReturn

from ...errors import Problem, ScenarioFileError

__all__ = ["EXPECTED_VALUE", "KEY", "KINDS", "NEWEST", "ONE_CRITERION_RULES", "SilverDecisionsWarning",
           "TWO_CRITERIA_RULES", "VIEW_OF_CRITERION", "WRITTEN_VERSION", "fail", "trees_of"]

KEY = "SilverDecisions"
NEWEST = (1, 2)
WRITTEN_VERSION = "1.2.0"
WRAPPED_SINCE = (0, 7)  # from this version on, the trees are inside "data"
KINDS = {"decision": "decision", "chance": "chance", "terminal": "outcome"}
EXPECTED_VALUE = "expected-value-maximization"
ONE_CRITERION_RULES = {
    "expected-value-minimization": "minimises the expected value",
    "maxi-min": "maximises the worst case",
    "maxi-max": "maximises the best case",
    "mini-min": "minimises the best case",
    "mini-max": "minimises the worst case",
}
TWO_CRITERIA_RULES = ("max-max", "max-min", "min-max", "min-min")
VIEW_OF_CRITERION = ("criterion1", "criterion2")  # the view in which the expected-value rule uses that criterion
_VERSION = re.compile(r"(\d+)\.(\d+)(?:\.\d+)*")


class SilverDecisionsWarning(UserWarning):
    """Something a file means that the converted one cannot mean the same way (said, never silently dropped)."""


def trees_of(data: Mapping[str, Any], file: str) -> Mapping[str, Any]:
    """The part of a file holding ``trees`` and ``code``: the top level before 0.7, ``data`` after.

    Raises:
        ScenarioFileError: The version is missing, malformed or newer than this converter knows.
    """
    version = data.get(KEY)
    match = _VERSION.fullmatch(str(version))
    if match is None:
        fail(file, f"{KEY}: found {version!r}, expected a version such as '1.1.0'")
    number = (int(match[1]), int(match[2]))
    if number > NEWEST:
        fail(file, f"{KEY}: version {version} is newer than {'.'.join(map(str, NEWEST))}, the newest this "
                   "converter reads")
    body = data.get("data", data) if number >= WRAPPED_SINCE else data
    if not isinstance(body, Mapping) or not isinstance(body.get("trees"), list) or not body["trees"]:
        fail(file, f"{'data.trees' if number >= WRAPPED_SINCE else 'trees'}: expected a list of at least one tree")
    return body


def fail(file: str, message: str, path: str = "") -> NoReturn:
    """Raise one problem as a :class:`ScenarioFileError`."""
    raise ScenarioFileError([Problem(message, path, file)])
