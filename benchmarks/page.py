"""Benchmark: writing the standalone page, and how fast it answers in Chromium.

    python benchmarks/page.py        # about a minute

For the article's tree and seeded synthetic trees of 500, 2,000 and 10,000 nodes it measures

* write: ``page_html`` (page data, the Graphviz drawing and the document), once, and the file's size.
  Trees above ``MAX_DRAWN_NODES`` are drawn with their least likely subtrees folded.
* open: ``file://`` navigation until ``mount`` has drawn everything (``data-ready``), in headless Chromium.
* evaluate: the page's ``evaluate`` of the whole tree in JavaScript (median of 20).
* move: one ``setProbability`` through the page's API: share-out, evaluation, restyling the drawing,
  details, sliders, policy and outcome tables (median of 20): what a reader waits for per slider step.

Target (PASS/FAIL): a move answers in < 100 ms with 2,000 drawn nodes, so a slider drags smoothly.
All times use ``time.perf_counter`` (Python) and ``performance.now`` (Chromium).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from scenario_tree import default_tree  # noqa: E402
from scenario_tree.sharing.page import page_html  # noqa: E402
from scenario_tree.synthetic import synthetic_tree  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGUMENTS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run"]
MOVE_TARGET_MS, TARGET_SIZE = 100.0, 2_000
TIMINGS = """
(branch) => {
  const page = window.scenarioPage;
  const data = JSON.parse(document.getElementById("scenario-page-data").textContent);
  const median = (run) => {
    const times = [];
    for (let index = 0; index < 20; index++) {
      const start = performance.now();
      run(index);
      times.push(performance.now() - start);
    }
    return times.sort((a, b) => a - b)[10];
  };
  page.select(branch);
  const evaluate = median(() => window.scenarioEvaluate(data));
  const move = median((index) => page.setProbability(branch, index % 2 ? 0.3 : 0.6));
  return {evaluate, move};
}
"""


def main() -> int:
    trees = [("article", default_tree())]
    trees += [(f"{size:,}", synthetic_tree(size, seed=1)) for size in (500, 2_000, 10_000)]
    print(f"{'tree':>8} {'nodes':>7} {'write s':>8} {'size MB':>8} {'open s':>7} {'evaluate ms':>12} {'move ms':>8}")
    verdict = 0
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGUMENTS)
        for name, tree in trees:
            start = time.perf_counter()
            html = page_html(tree)
            written = time.perf_counter() - start
            path = Path(folder) / "page.html"
            path.write_text(html, encoding="utf-8")
            # the page's own policy admits its own script only: the timing script needs the bypass
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, bypass_csp=True)
            start = time.perf_counter()
            page.goto(path.as_uri())
            page.wait_for_selector("#scenario-page[data-ready='true']", timeout=120_000)
            opened = time.perf_counter() - start
            page.add_script_tag(content=_evaluate_export(), type="module")
            page.wait_for_function("() => window.scenarioEvaluate !== undefined")
            branch = next(node.id for node in tree.nodes() if node.parent is not None and node.parent.kind == "chance")
            timings = page.evaluate(TIMINGS, branch)
            page.close()
            print(f"{name:>8} {len(tree):>7} {written:>8.2f} {len(html.encode()) / 1e6:>8.2f} {opened:>7.2f} "
                  f"{timings['evaluate']:>12.2f} {timings['move']:>8.1f}")
            if len(tree) == TARGET_SIZE:
                passed = timings["move"] < MOVE_TARGET_MS
                verdict |= not passed
                print(f"{'PASS' if passed else 'FAIL'}: a move at {TARGET_SIZE:,} nodes takes "
                      f"{timings['move']:.1f} ms (target < {MOVE_TARGET_MS:.0f} ms)")
        browser.close()
    return verdict


def _evaluate_export() -> str:
    """The page's module again, in a second script, to time its pure ``evaluate`` alone."""
    script = Path(__file__).resolve().parent.parent / "scenario_tree" / "sharing" / "static" / "scenario_page.js"
    return f"{script.read_text(encoding='utf-8')}\nwindow.scenarioEvaluate = evaluate;\n"


if __name__ == "__main__":
    sys.exit(main())
