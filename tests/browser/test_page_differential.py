"""One evaluation, two languages: the page's JavaScript against the Python engine, in headless Chromium.

The same seeded random trees (2-4 actors, decisions of different actors, ``#`` branches, exact
ties, zero probabilities, deep and wide ones, exponential utilities) are evaluated by
``scenario_page.js`` in one Chromium page and by :meth:`ScenarioTree.evaluate`; values, certainty
equivalents, choices and branch, path and policy probabilities must agree to 1e-9, and the outcomes
come in the same order. Moving branches with locks, and writing numbers as the drawing does, are
compared the same way.
"""

from __future__ import annotations

import json
import math
import random
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import scenario_tree.sharing
from scenario_tree.drawing.marks import _number, _probability_text
from scenario_tree.errors import EditError
from scenario_tree.model.evaluate import tie_floor
from scenario_tree.sharing.page import page_data
from tests.random_trees import random_tree

pytestmark = pytest.mark.browser

SCRIPT = Path(scenario_tree.sharing.__file__).parent / "static" / "scenario_page.js"
TREES = 240
TOLERANCE = 1e-9
EMPTY_DRAWING = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"></svg>'

# Trees go in and results come out as one JSON text each way: Playwright's own serialisation of
# millions of values takes minutes.
EVALUATE_ALL = """
(text) => JSON.stringify(JSON.parse(text).map((data) => {
  const result = window.scenarioPage.evaluate(data);
  return {value: result.value, certainty: result.certainty, best: result.best, probability: result.probability,
          path: result.pathProbability, policy: result.policyProbability,
          outcomes: result.outcomes.map((outcome) => outcome.id)};
}))
"""

# Every move goes through mount()'s own setProbability and locks, on a page without a drawing.
MOVE_ALL = """
(text) => JSON.stringify(JSON.parse(text).map(({data, moves}) => {
  const element = document.createElement("div");
  document.body.append(element);
  const page = window.scenarioPage.mount(element, data);
  const answers = [];
  for (const move of moves) {
    for (const id of move.unlocked) page.unlock(id);
    for (const id of move.locked) page.lock(id);
    try {
      page.setProbability(move.id, move.probability);
      answers.push("moved");
    } catch (error) {
      answers.push("refused: " + error.message);
    }
  }
  const result = page.evaluation();
  page.destroy();
  element.remove();
  return {answers, value: result.value, best: result.best, probability: result.probability,
          path: result.pathProbability, policy: result.policyProbability};
}))
"""


@pytest.fixture(scope="module")
def module_page(open_tab: Any) -> Any:
    """A blank Chromium page with the page's module loaded and its exports on ``window.scenarioPage``."""
    page = open_tab("page-differential").page
    page.set_content("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body></body></html>")
    exports = "evaluate, mount, shareOut, formatG, formatFixed, formatNumber, formatProbability"
    page.add_script_tag(content=f"{SCRIPT.read_text(encoding='utf-8')}\nwindow.scenarioPage = {{{exports}}};\n",
                        type="module")
    page.wait_for_function("() => window.scenarioPage !== undefined")
    return page


def in_browser(page: Any, function: str, argument: Any) -> Any:
    return json.loads(page.evaluate(function, json.dumps(argument)))


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=TOLERANCE, abs_tol=TOLERANCE)


def differences(tree: Any, result: dict[str, Any]) -> list[str]:
    """Every way the page's evaluation differs from Python's, named by node."""
    evaluation = tree.evaluate()
    found = []
    for node in tree.nodes():
        key = node.id
        python_values = [evaluation.value[key][actor] for actor in tree.actors]
        if not all(close(a, b) for a, b in zip(python_values, result["value"][key], strict=True)):
            found.append(f"{key}: value {result['value'][key]} != {python_values}")
        if "certainty" in result:  # certainty equivalents (the values themselves for a linear actor)
            python_sure = [evaluation.certainty_equivalent[key][actor] for actor in tree.actors]
            if not all(close(a, b) for a, b in zip(python_sure, result["certainty"][key], strict=True)):
                found.append(f"{key}: certainty equivalent {result['certainty'][key]} != {python_sure}")
        if result["best"][key] != evaluation.best[key]:
            found.append(f"{key}: choice {result['best'][key]!r} != {evaluation.best[key]!r}")
        branch, expected = result["probability"][key], evaluation.probability[key]
        if (branch is None) != (expected is None) or (expected is not None and not close(branch, expected)):
            found.append(f"{key}: branch probability {branch} != {expected}")
        for name, python in (("path", evaluation.path_probability), ("policy", evaluation.policy_probability)):
            if not close(result[name][key], python[key]):
                found.append(f"{key}: {name} probability {result[name][key]} != {python[key]}")
    return found


def test_the_page_evaluates_random_trees_as_python_does(module_page: Any) -> None:
    trees = [random_tree(seed) for seed in range(TREES)]
    results = in_browser(module_page, EVALUATE_ALL, [page_data(tree, drawing=False) for tree in trees])
    failures = []
    for seed, (tree, result) in enumerate(zip(trees, results, strict=True)):
        found = differences(tree, result)
        outcomes = [outcome["id"] for outcome in tree.evaluate().outcomes()]
        if result["outcomes"] != outcomes:
            found.append(f"outcome order {result['outcomes'][:8]}... != {outcomes[:8]}...")
        failures.extend(f"tree {seed}: {difference}" for difference in found[:3])
    assert not failures, "\n".join(failures[:30])
    assert_the_trees_cover_the_hard_cases(trees)


def assert_the_trees_cover_the_hard_cases(trees: list[Any]) -> None:
    """The random trees are only a proof if they hold what could break: check that they do."""
    seen: Counter[str] = Counter()
    for tree in trees:
        evaluation = tree.evaluate()
        seen[f"{len(tree.actors)} actors"] += 1
        deciders = {node.actor for node in tree.nodes() if node.kind == "decision"}
        seen["several deciders"] += len(deciders) > 1
        seen["depth 80"] += any(node.depth >= 80 for node in tree.nodes())
        seen["30 branches"] += any(len(node.children) >= 30 for node in tree.nodes())
        for node in tree.nodes():
            if node.probability == "#":
                seen["# branch"] += 1
            if node.parent is not None and node.parent.kind == "chance" and evaluation.probability[node.id] == 0:
                seen["zero probability"] += 1
            if isinstance(node.probability, str) and node.probability != "#":
                seen["expression"] += 1
            if node.kind == "decision" and node.children:
                actor = node.actor
                keys = sorted((evaluation.value[child.id][actor] for child in node.children), reverse=True)
                seen["tie"] += keys[1] >= tie_floor(keys[0], max(map(abs, keys))) if len(keys) > 1 else 0
    assert len(trees) >= 200
    assert all(seen[f"{count} actors"] >= 30 for count in (2, 3, 4)), seen
    for case, least in {"several deciders": 100, "depth 80": 20, "30 branches": 5, "# branch": 200,
                        "zero probability": 100, "expression": 30, "tie": 200}.items():
        assert seen[case] >= least, f"only {seen[case]} trees or nodes with {case}: {seen}"


def random_moves(tree: Any, generator: random.Random) -> list[dict[str, Any]]:
    """A few branch moves with random locks, some of which Python refuses."""
    chances = [node for node in tree.nodes() if node.kind == "chance" and len(node.children) > 1]
    moves = []
    for _ in range(8):
        chance = generator.choice(chances)
        movable = [child for child in chance.children if not _is_expression(child.probability)]
        if not movable:
            continue
        branch = generator.choice(movable)
        siblings = [child.id for child in movable if child is not branch]
        locked = [name for name in siblings if generator.random() < 0.35]
        probability = generator.choice([generator.random(), round(generator.random(), 3), 0.0, 1.0, 0.95])
        moves.append({"id": branch.id, "probability": probability, "locked": locked,
                      "unlocked": [name for name in siblings if name not in locked]})
    return moves


def _is_expression(raw: Any) -> bool:
    return isinstance(raw, str) and raw != "#"


def moved_in_python(tree: Any, moves: list[dict[str, Any]]) -> list[str]:
    """The moves made with ``ScenarioTree.set_probability``; expression branches locked, as the page keeps them."""
    answers = []
    for node in tree.nodes():
        if _is_expression(node.probability):
            tree.lock(node.id)
    for move in moves:
        for name in move["unlocked"]:
            tree.unlock(name)
        for name in move["locked"]:
            tree.lock(name)
        try:
            tree.set_probability(move["id"], move["probability"])
            answers.append("moved")
        except EditError as error:
            answers.append(f"refused: {error}")
    return answers


def test_moving_branches_with_locks_matches_python(module_page: Any) -> None:
    generator = random.Random(12)
    trees = [tree for tree in map(random_tree, range(0, 240, 3))
             if any(node.kind == "chance" and len(node.children) > 1 for node in tree.nodes())]
    cases = [{"data": page_data(tree, drawing=False), "moves": random_moves(tree, generator)} for tree in trees]
    cases = [{**case, "data": {**case["data"], "svg": EMPTY_DRAWING}} for case in cases]
    results = in_browser(module_page, MOVE_ALL, cases)
    failures, refused = [], 0
    for index, (tree, case, result) in enumerate(zip(trees, cases, results, strict=True)):
        answers = moved_in_python(tree, case["moves"])
        page_refused = [answer.startswith("refused") for answer in result["answers"]]
        if page_refused != [answer.startswith("refused") for answer in answers]:
            failures.append(f"case {index}: page {result['answers']} != python {answers}")
        refused += sum(page_refused)
        failures.extend(f"case {index}: {difference}" for difference in differences(tree, result)[:3])
    assert not failures, "\n".join(failures[:30])
    assert refused >= 10, f"only {refused} refused moves: the locks were not put to the test"


def formatting_samples() -> list[float]:
    """Numbers that catch a formatter out: halfway cases, carries, exponents, signs, zeros, extremes."""
    generator = random.Random(5)
    halves = [(n + 0.5) * 10.0**power for n in range(0, 1000, 37) for power in range(-6, 3)]
    eighths = [k / 8 for k in range(-400, 401)]
    edges = [0.0, -0.0, 5e-324, 1e-300, -1e-5, 0.00099999, 0.001, 0.0009995, 0.00095, 9.995, 9.9995, 99.95,
             999.5, 9999.4, 9999.5, 9999.9999, 1e4, 12345.5, 12346.5, -12345.5, 1e16, 2.5e21, 1.5e300, 0.1 + 0.2,
             1 / 3, 2 / 3, 0.125, 0.375, 1.005, 2.675, 0.3335, 0.0625, 100.5, 101.5]
    uniform = [generator.uniform(-20, 20) for _ in range(400)]
    spread = [generator.choice([-1, 1]) * 10 ** generator.uniform(-9, 9) for _ in range(400)]
    return halves + eighths + edges + uniform + spread


def test_numbers_are_written_exactly_as_python_writes_them(module_page: Any) -> None:
    numbers = formatting_samples()
    written = module_page.evaluate("""(numbers) => numbers.map((x) => {
      const m = window.scenarioPage;
      return [m.formatNumber(x), m.formatG(x, 6), m.formatFixed(x, 3), m.formatFixed(x, 0, true), m.formatG(x, 4)];
    })""", numbers)
    python = [[_number(x), f"{x:g}", f"{x:.3f}", f"{x:,.0f}", f"{x:.4g}"] for x in numbers]
    wrong = [(x, js, py) for x, js, py in zip(numbers, written, python, strict=True) if js != py]
    assert not wrong, wrong[:20]
    probabilities = [x for x in map(abs, numbers) if x <= 1] + [1e-7, 0.000999, 0.0005, 0.00015]
    shown = module_page.evaluate("(ps) => ps.map((p) => window.scenarioPage.formatProbability(p))", probabilities)
    wrong = [(p, js, _probability_text(p)) for p, js in zip(probabilities, shown, strict=True)
             if js != _probability_text(p)]
    assert not wrong, wrong[:20]
