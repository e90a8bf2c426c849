"""The report written as HTML, Markdown and PDF: every assumption with its quote, escaping, files and errors."""

from __future__ import annotations

import datetime
import html
import re
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path

import pytest

import scenario_tree
from scenario_tree.model import node_path
from scenario_tree.sharing import report
from scenario_tree.sharing.briefing import build_briefing
from scenario_tree.sharing.narrative import number
from scenario_tree.sharing.report import ReportError, report_html, report_markdown, write_report

from .test_briefing import LAUNCH

TEXACO = Path(__file__).resolve().parents[2] / "examples" / "texaco_pennzoil.scenario.yaml"
WRITTEN = datetime.date(2026, 12, 2)
HOSTILE = "</td><script>alert(1)</script><img src=x onerror=alert(2)> | *bold* [link](http://x) &amp;"


class Tables(HTMLParser):
    """The text of every table cell, by the id of the section around the table."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[list[str]]] = {}
        self.texts: list[str] = []
        self._section, self._row, self._cell = "", None, None

    def handle_starttag(self, tag, attrs):
        if tag == "section":
            self._section = dict(attrs).get("id", "")
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append("".join(self._cell))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables.setdefault(self._section, []).append(self._row)
            self._row = None

    def handle_data(self, data):
        self.texts.append(data)
        if self._cell is not None:
            self._cell.append(data)


def html_tables(text: str) -> Tables:
    parser = Tables()
    parser.feed(text)
    return parser


def markdown_table(text: str, heading: str) -> list[list[str]]:
    """The cells of the table under ``## heading``, unescaped as a Markdown renderer shows them."""
    lines = text.split(f"## {heading}\n", 1)[1].splitlines()
    end = next((index for index, line in enumerate(lines) if line.startswith("## ")), len(lines))
    rows = [line for line in lines[:end] if line.startswith("| ")]
    return [[html.unescape(re.sub(r"\\(.)", r"\1", cell.strip())) for cell in re.split(r"(?<!\\)\|", row)[1:-1]]
            for row in rows if not row.startswith("| ---")]


def assert_every_branch_probability_with_its_quote(tree: scenario_tree.ScenarioTree, rows: list[list[str]]) -> None:
    header, body = rows[0], {row[0]: row for row in rows[1:]}
    assert header == ["Node path", "Node", "Probability", "Payoffs", "Quote it rests on", "Where"]
    evaluation = tree.evaluate()
    branches = [node for node in tree.nodes() if node.parent is not None and node.parent.kind == "chance"]
    assert len(branches) == 22
    for node in branches:
        row = body[node_path(node)]
        assert row[1] == node.label
        assert row[2].split(" ")[0] == number(evaluation.probability[node.id])
        assert row[4] == f"“{node.quotes[0]['text']}”"
        assert row[5] == f"¶ {node.quotes[0]['paragraph']}"


@pytest.mark.exe
def test_the_article_report_in_html_lists_every_branch_probability_with_its_quote(tmp_path):
    tree = scenario_tree.default_tree()
    target = write_report(tree, tmp_path / "brief.html", written=WRITTEN)
    text = target.read_text(encoding="utf-8")
    assert_every_branch_probability_with_its_quote(tree, html_tables(text).tables["assumptions"])
    assert text.count("<svg") >= 1 and 'class="scenario-tree"' in text  # the drawing, inline
    assert "West's best choice is “Deal: guarantees for a soft transition”" in html.unescape(text)


@pytest.mark.exe
def test_the_article_report_in_markdown_lists_them_too_and_links_its_drawing(tmp_path):
    tree = scenario_tree.default_tree()
    target = write_report(tree, tmp_path / "brief.md", written=WRITTEN)
    text = target.read_text(encoding="utf-8")
    assert_every_branch_probability_with_its_quote(tree, markdown_table(text, "Assumptions"))
    assert "![The tree](brief.svg)" in text
    drawing = ElementTree.parse(tmp_path / "brief.svg").getroot()
    assert drawing.tag == "{http://www.w3.org/2000/svg}svg"
    width = float(drawing.get("viewBox").split()[2])
    assert float(drawing.get("width")) == pytest.approx(width * 12 / 11, abs=0.5)  # its 11-unit text reads at 12 px
    assert sorted(path.name for path in tmp_path.iterdir()) == ["brief.md", "brief.svg"]


def test_the_outcome_table_in_both_formats():
    briefing = build_briefing(scenario_tree.load(TEXACO), drawing=False)
    in_html = html_tables(report_html(briefing)).tables["outcomes"]
    in_markdown = markdown_table(report_markdown(briefing), "Outcomes under the recommended policy")
    assert in_html == in_markdown == [list(briefing.section("outcomes").table.columns),
                                      *map(list, briefing.section("outcomes").table.rows)]
    assert in_html[1][:3] == ["Court award: $5B", "/offer/texaco_reaction/court_refused/refused_award_mid", "0.25"]


def hostile_tree() -> scenario_tree.ScenarioTree:
    tree = scenario_tree.loads(LAUNCH)
    tree.meta["title"] = tree.meta["description"] = HOSTILE
    tree.meta["source"]["author"] = HOSTILE
    for node in tree.nodes():
        node.label = HOSTILE + node.id
    tree.node("hit").quotes[0]["text"] = HOSTILE
    return tree


def test_html_keeps_every_text_from_the_file_as_text():
    text = report_html(build_briefing(hostile_tree(), drawing=False))
    assert "<script" not in text and "<img" not in text and "</td><script" not in text
    parsed = html_tables(text)
    assert HOSTILE in parsed.texts  # the title, the description and the author come back whole
    row = next(row for row in parsed.tables["assumptions"] if row[0] == "/launch/go/hit")
    assert row[1] == HOSTILE + "hit" and row[4] == f"“{HOSTILE}”"


def test_markdown_keeps_every_text_from_the_file_as_text():
    text = report_markdown(build_briefing(hostile_tree(), drawing=False))
    assert "<script" not in text and "<img" not in text and "[link](" not in text and "*bold*" not in text
    rows = markdown_table(text, "Assumptions")
    assert all(len(row) == 6 for row in rows)  # no pipe of the file's split a row
    row = next(row for row in rows if row[0] == "/launch/go/hit")
    assert row[1] == HOSTILE + "hit" and row[4] == f"“{HOSTILE}”"


def test_a_paragraph_from_the_file_cannot_start_a_list_or_a_heading():
    tree = scenario_tree.loads(LAUNCH)
    tree.meta["description"] = "# not a heading\n- not a list"
    text = report_markdown(build_briefing(tree, drawing=False))
    assert "\n\\# not a heading - not a list\n" in text  # one line: only its start could be a mark


def test_the_html_report_runs_nothing_and_requests_nothing():
    text = report_html(build_briefing(scenario_tree.loads(LAUNCH), drawing=False, written=WRITTEN))
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text).group(1)
    assert "default-src 'none'" in policy and "script-src" not in policy
    assert "<script" not in text.lower() and " src=" not in text
    assert '<a href="https://example.org/memo" rel="noreferrer noopener">' in text


def test_the_tornado_is_drawn_as_bars_in_html():
    text = report_html(build_briefing(scenario_tree.loads(LAUNCH), drawing=False))
    rows = html_tables(text).tables["sensitivity"]
    assert rows[0][-1] == "Low … high" and len(rows) == 3
    bars = re.findall(r'<td class="bar"><svg[^>]*aria-label="from ([-\d.e+]+) to ([-\d.e+]+)"', text)
    assert [float(value) for pair in bars for value in pair] == pytest.approx([0, 8, 2.8, 1.2])
    assert "If p_hit falls below 0.2, Firm's best choice switches from “Go” to “Stay”." in html.unescape(text)


@pytest.mark.parametrize("name", ["brief.txt", "brief", "brief.svg", "brief.html.bak"])
def test_a_report_of_another_kind_is_refused_and_nothing_is_written(tmp_path, name):
    with pytest.raises(ReportError, match=r"a report is written as \.html, \.htm, \.md, \.markdown or \.pdf"):
        write_report(scenario_tree.loads(LAUNCH), tmp_path / name)
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_named(tmp_path):
    with pytest.raises(ReportError, match="the folder .*missing' does not exist"):
        write_report(scenario_tree.loads(LAUNCH), tmp_path / "missing" / "brief.html")


def test_a_pdf_without_chromium_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(report.shutil, "which", lambda name: None)
    with pytest.raises(ReportError, match=r"no 'chromium' command is on PATH: install it .*apt-get install chromium"):
        write_report(scenario_tree.loads(LAUNCH), tmp_path / "brief.pdf")
    assert list(tmp_path.iterdir()) == []


def test_chromium_that_prints_nothing_is_an_error(tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n")
    fake.chmod(0o755)
    with pytest.raises(ReportError, match=r"printed no PDF \(exit 3\): cannot open display"):
        report._print_pdf("<p>hi</p>", str(fake))


@pytest.mark.exe
@pytest.mark.browser
def test_a_pdf_is_printed_by_chromium(tmp_path):
    target = write_report(scenario_tree.load(TEXACO), tmp_path / "brief.pdf", written=WRITTEN)
    data = target.read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 10_000
    assert [path.name for path in tmp_path.iterdir()] == ["brief.pdf"]


@pytest.mark.exe
def test_the_facade_writes_a_report_of_a_file(tmp_path):
    target = scenario_tree.write_report(str(TEXACO), tmp_path / "texaco.md", written=WRITTEN)
    assert target == tmp_path / "texaco.md" and (tmp_path / "texaco.svg").exists()
    assert target.read_text(encoding="utf-8").startswith("# Texaco versus Pennzoil\n")
