"""``scenario-tree report``: the briefing from the command line, and its errors as messages."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from scenario_tree.sharing import report

from .helpers import run

TEXACO = Path(__file__).resolve().parents[2] / "examples" / "texaco_pennzoil.scenario.yaml"


@pytest.mark.exe
def test_report_writes_html(tmp_path):
    target = tmp_path / "brief.html"
    assert run("report", str(TEXACO), "-o", str(target)) == (0, f"wrote {target}\n", "")
    assert "Pennzoil's best choice is" in html.unescape(target.read_text(encoding="utf-8"))


@pytest.mark.exe
def test_report_of_the_article_as_markdown_names_both_files(tmp_path):
    target = tmp_path / "brief.md"
    assert run("report", "-o", str(target)) == (0, f"wrote {target} and {tmp_path / 'brief.svg'}\n", "")
    assert target.read_text(encoding="utf-8").startswith("# The Ultimate Trump-Putin Deal\n")


def test_a_bad_extension_is_a_message_not_a_traceback(tmp_path):
    code, out, err = run("report", str(TEXACO), "-o", str(tmp_path / "brief.docx"))
    assert (code, out) == (1, "")
    assert err == (f"error: {str(tmp_path / 'brief.docx')!r}: a report is written as .html, .htm, .md, .markdown "
                   "or .pdf, found '.docx'\n")
    assert list(tmp_path.iterdir()) == []


def test_a_pdf_without_chromium_is_a_message(tmp_path, monkeypatch):
    monkeypatch.setattr(report.shutil, "which", lambda name: None)
    code, out, err = run("report", str(TEXACO), "-o", str(tmp_path / "brief.pdf"))
    assert (code, out) == (1, "")
    assert err.startswith("error: a PDF report is printed by Chromium") and "apt-get install chromium" in err
    assert "Traceback" not in err


def test_a_bad_file_is_named(tmp_path):
    bad = tmp_path / "bad.scenario.yaml"
    bad.write_text("format: scenario-tree/1\ntitle: Bad\nroot: {id: r, label: R, kind: sideways}\n")
    code, out, err = run("report", str(bad), "-o", str(tmp_path / "brief.html"))
    assert (code, out) == (1, "") and err.startswith(f"error: {bad}:3") and "kind" in err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["bad.scenario.yaml"]


def test_the_output_is_required():
    code, _, err = run("report", str(TEXACO))
    assert code == 2 and "-o/--output" in err
