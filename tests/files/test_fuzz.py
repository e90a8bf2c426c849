"""Fuzzing the readers and the command line: any file gives exit 1 with a message, or finite numbers.

Valid files are mutated (types, numbers, structure, unicode: :mod:`tests.files.mutations`), written
as JSON or YAML, sometimes damaged as text (cut, spliced, a character inserted), then given to
``loads`` and to ``scenario-tree validate`` and ``evaluate --json``. Each must refuse the file with a
message naming it (exit 1, never a traceback), or accept it with only finite numbers in the
evaluation; ``validate`` and ``evaluate`` must agree.

``SCENARIO_TREE_FUZZ_EXAMPLES=10000 python -m pytest tests/files/test_fuzz.py`` runs a long search
(random rather than the fixed examples of a normal run).
"""

from __future__ import annotations

import io
import json
import math
import os

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scenario_tree import ScenarioFileError, loads
from scenario_tree.cli import main
from tests.files.mutations import mutated

LONG_RUN = "SCENARIO_TREE_FUZZ_EXAMPLES" in os.environ
FUZZ = settings(max_examples=int(os.environ.get("SCENARIO_TREE_FUZZ_EXAMPLES", "120")), deadline=None,
                derandomize=not LONG_RUN, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@st.composite
def damaged_text(draw: st.DrawFn) -> str:
    """A mutated file as JSON or YAML text, perhaps cut, spliced or given a stray character."""
    data = draw(mutated())
    if draw(st.booleans()):
        text = json.dumps(data, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 2])))
    else:
        text = yaml.safe_dump(data, allow_unicode=draw(st.booleans()), sort_keys=False,
                              default_flow_style=draw(st.sampled_from([False, None])))
    damage = draw(st.sampled_from(["none", "none", "none", "none", "cut", "splice", "insert"]))
    if damage == "none" or not text:
        return text
    start = draw(st.integers(0, len(text) - 1))
    if damage == "cut":
        return text[:start]
    if damage == "splice":
        end = draw(st.integers(start, len(text)))
        return text[:start] + text[end:] + text[start:end]
    stray = draw(st.sampled_from(["{", "[", "]", ":", "&a ", "*a", "!!", "\\u0000", "\x00", "\ud800", "\x85", "#", "'",
                                  '"', "\n- ", "1e999", ".nan", "- *a"]))
    return text[:start] + stray + text[start:]


def finite_numbers(data) -> bool:
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, float) and not math.isfinite(value):
            return False
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return True


def no_constants(name: str) -> float:
    raise AssertionError(f"{name} in --json output: not JSON")


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@FUZZ
@given(damaged_text())
def test_loads_refuses_with_a_message_or_evaluates_to_finite_numbers(text):
    try:
        tree = loads(text, file="fuzz.yaml")
    except ScenarioFileError as error:
        assert error.problems and all(problem.file == "fuzz.yaml" for problem in error.problems)
        assert len(str(error)) < 10_000  # a screenful and a count, whatever the file
        return
    assert finite_numbers(tree.evaluate().to_dict())


@FUZZ
@given(damaged_text(), st.sampled_from([".json", ".yaml"]))
def test_the_command_line_refuses_with_a_message_or_prints_finite_numbers(tmp_path_factory, text, suffix):
    path = tmp_path_factory.mktemp("fuzz") / f"fuzz{suffix}"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")  # a lone surrogate becomes bad UTF-8
    checked, _, check_errors = run(["validate", str(path)])
    code, out, errors = run(["evaluate", "--json", str(path)])
    assert checked == code, f"validate exits {checked} but evaluate {code}: {check_errors or errors}"
    if code == 0:
        assert errors == "" and finite_numbers(json.loads(out, parse_constant=no_constants))
    else:
        assert code == 1 and errors.startswith("error: ") and str(path) in errors, errors
        assert "Traceback" not in errors and len(errors) < 10_000


ANALYSES = [["quantities", "--json"], ["tornado", "--json"], ["evpi", "--json"], ["evidence", "--json"],
            ["montecarlo", "--samples", "200", "--concentration", "5", "--json"]]


@FUZZ
@given(damaged_text())
def test_analyses_of_accepted_files_refuse_with_a_message_or_print_finite_numbers(tmp_path_factory, text):
    try:
        loads(text)
    except ScenarioFileError:
        return  # refused files are the tests above
    path = tmp_path_factory.mktemp("fuzz") / "fuzz.yaml"
    path.write_text(text, encoding="utf-8")
    for command in ANALYSES:
        code, out, errors = run([*command, str(path)])
        if code == 0:
            assert finite_numbers(json.loads(out, parse_constant=no_constants)), command
        else:
            assert code == 1 and errors.startswith("error: ") and "Traceback" not in errors, (command, errors)
