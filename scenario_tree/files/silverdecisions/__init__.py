"""SilverDecisions JSON files: read them as scenario trees, write scenario trees as them.

SilverDecisions (https://silverdecisions.pl) saves decision trees as JSON with a top-level
``SilverDecisions`` key holding its version. Versions before 0.7 keep the trees at the top level;
later ones (up to 1.2) wrap them in ``data``; a file may hold several trees (``tree=N`` picks one).

Reading (:func:`from_silverdecisions`):

- Nodes ``decision``, ``chance`` and ``terminal`` become decision, chance and outcome nodes; the
  branch into a node carries its probability (``#`` stays ``#``) and its payoff, which is our payoff
  on entering the child. A label is the branch's name, the node's name, or ``branch: node`` when
  both are given; ids are made unique from the labels.
- One or two criteria become actors, named by ``payoffNames`` (``value`` for one unnamed criterion).
  There are two when the file names two, uses the second, or is viewed by it or by both. Every
  decision maximises the expected value of the criterion SilverDecisions' expected-value rule
  maximises (the first, or the second in a ``criterion2`` view). A file saved under a two-criteria
  rule (``min-max`` ...) keeps both criteria; the rule's weighted trade-off has no equivalent, which
  the description says and a :class:`SilverDecisionsWarning` repeats. Minimising or best/worst-case
  rules of one criterion are errors: maximising the expected value would choose differently.
- Expressions are translated from mathjs (see :mod:`.mathjs`); anything outside that subset is an
  error naming the node and the expression.
- Variables: the global ``code`` and every node's ``code`` become parameters. A node's code runs in
  a copy of its parent's scope, so one name may mean different things in different subtrees.
  **Renaming rule**: a variable keeps its name while the name is free (not yet a parameter or a
  node id); a later definition of the same name (a node shadowing it, or a second definition)
  becomes ``<name>_<node id>`` in a node's code and ``<name>_2``, ``<name>_3`` ... in the global
  code (a number is added too if that is taken). Expressions below the defining node use the new
  name, everything else the old one, so nothing is hoisted out of its scope. A variable drawn at
  random (``p = random()``) takes the value saved in the ``expressionScope``; the description says so.
- Dropped, as the format has no field for them: node positions (``location``), folding, display
  settings and SilverDecisions' computed results. Canvas notes (``texts``) go into the description.

Writing (:func:`to_silverdecisions`) is described in :mod:`.write`.

>>> from scenario_tree.files import tree_from_data
>>> data = {"SilverDecisions": "0.5.2", "code": "cost = 40", "trees": [
...     {"type": "decision", "name": "Launch?", "code": "cost = 60  # shadows the global cost", "childEdges": [
...         {"name": "Yes", "payoff": "100 - cost", "childNode": {"type": "terminal"}},
...         {"name": "No", "payoff": 0, "childNode": {"type": "terminal"}}]}]}
>>> tree = tree_from_data(from_silverdecisions(data))
>>> tree.parameters, tree.node("yes").payoff, tree.evaluate().root_value
({'cost': 40, 'cost_launch': 60}, '100 - cost_launch', {'value': 40.0})
>>> to_silverdecisions(tree)["data"]["code"]
'cost = 40\\ncost_launch = 60'
"""

from __future__ import annotations

import json
import re
from typing import Any

from ...errors import Problem, ScenarioFileError
from ..deep import run_deep
from .format import KEY, SilverDecisionsWarning
from .read import from_silverdecisions
from .write import to_silverdecisions

__all__ = ["SilverDecisionsWarning", "from_silverdecisions", "is_silverdecisions", "parse_json", "to_silverdecisions"]

_STARTS_LIKE = re.compile(r'\s*\{\s*"SilverDecisions"\s*:')  # SilverDecisions writes its key first


def is_silverdecisions(data: Any) -> bool:
    """Whether parsed JSON is a SilverDecisions file (it has the top-level ``SilverDecisions`` key)."""
    return isinstance(data, dict) and KEY in data


def parse_json(text: str, file: str = "<string>") -> tuple[Any, dict[int, int]] | None:
    """``(data, {})`` for the text of a SilverDecisions file, parsed as JSON; None for any other text.

    Loading reads every file as YAML; JSON of the nested shape SilverDecisions writes is read far
    faster as JSON (a 250 kB file in milliseconds, not half a second; deep trees in seconds, not
    minutes), so a text that starts like one is parsed here first.

    Raises:
        ScenarioFileError: The text starts like a SilverDecisions file but is not valid JSON.
    """
    if not _STARTS_LIKE.match(text):
        return None
    try:
        return run_deep(file, json.loads, text), {}
    except json.JSONDecodeError as error:
        raise ScenarioFileError([Problem(f"not valid JSON: {error.msg} (column {error.colno})", file=file,
                                         line=error.lineno)]) from None
