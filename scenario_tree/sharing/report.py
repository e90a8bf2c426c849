"""The briefing report written as HTML, Markdown or PDF: what an analyst hands over.

:func:`write_report` picks the format by the file's extension: ``.html`` (one self-contained file,
the drawing inline, no script, and a Content-Security-Policy that allows no request), ``.md``
(Markdown, with the drawing as a sibling SVG file, ``brief.md`` beside ``brief.svg``, linked
relatively) or ``.pdf`` (the HTML printed by headless Chromium, which must be on ``PATH``). Every
text from the file is escaped for the format, and every file is written atomically.

>>> from scenario_tree import load
>>> briefing = build_briefing(load("examples/texaco_pennzoil.scenario.yaml"), drawing=False)
>>> print(report_markdown(briefing).splitlines()[0])
# Texaco versus Pennzoil
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
import tempfile
from html import escape
from pathlib import Path
from urllib.parse import quote

from ..errors import ScenarioError
from ..files import atomic_write
from ..model import TreeModel
from .briefing import PATH_COLUMN, Bar, Briefing, Section, Table, build_briefing

__all__ = ["FORMATS", "PDF_TIMEOUT", "ReportError", "report_html", "report_markdown", "write_report"]

FORMATS = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown", ".pdf": "pdf"}
PDF_TIMEOUT = 120.0  # seconds Chromium may take to print
CHROMIUM_NAMES = ("chromium", "chromium-browser")
READABLE_SCALE = 12 / 11  # the drawing's smallest text is 11 units: at this scale it reads at 12 px on screen
# no script at all; styles only inline; nothing may load from anywhere
_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
_VIEWBOX = re.compile(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"')
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_MARKDOWN_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")
_AUTOLINK = re.compile(r"https?://[^\s<>]+")
_STYLE = """
:root { color-scheme: light; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f1f1f;
       background: #ffffff; margin: 0; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 24px 48px; }
h1 { font-size: 30px; line-height: 1.2; margin: 0 0 8px; }
h2 { font-size: 22px; margin: 36px 0 8px; border-bottom: 1px solid #d8d8d8; padding-bottom: 4px; }
.description { font-size: 17px; color: #333333; }
.source { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 12px 0; }
.source dt { font-weight: 600; } .source dd { margin: 0; overflow-wrap: anywhere; }
.written, .note, figcaption { font-size: 14px; color: #4d4d4d; }
a { color: #1d5fa8; }
figure { margin: 12px 0; }
.drawing { overflow-x: auto; border: 1px solid #e2e2e2; border-radius: 4px; padding: 8px; }
.drawing svg { display: block; height: auto; max-width: 100%; }
.reading-size:checked ~ .drawing svg { max-width: none; }
.zoom { display: inline-block; margin: 0 0 6px 6px; font-size: 14px; color: #1d5fa8; cursor: pointer; }
table { border-collapse: collapse; width: 100%; font-size: 14px; margin: 8px 0; }
th, td { border-bottom: 1px solid #e2e2e2; padding: 6px 8px; text-align: left; vertical-align: top;
         overflow-wrap: break-word; }
th { background: #f3f5f8; font-weight: 600; }
td.number, th.number { text-align: right; white-space: nowrap; }
td.unbroken { white-space: nowrap; }
td.path { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 13px; color: #3d3d3d; }
td.bar svg { display: block; }
li { margin: 6px 0; }
@page { margin: 14mm 12mm; }
@media print {
  body { font-size: 10.5pt; } table { font-size: 8.5pt; } td.path { font-size: 8pt; }
  h1 { font-size: 20pt; } h2 { font-size: 14pt; }
  main { max-width: none; padding: 0; }
  .drawing { overflow: visible; border: none; padding: 0; }
  .drawing svg { width: 100% !important; max-width: 100% !important; }
  .zoom, .reading-size { display: none; }
  h2 { break-after: avoid; } tr, li { break-inside: avoid; }
}
"""


class ReportError(ScenarioError):
    """A report cannot be written: an unknown kind of file, or no converter for a PDF."""


def write_report(tree: TreeModel, path: str | os.PathLike[str], *, written: datetime.date | None = None) -> Path:
    """Write the briefing report of ``tree`` to ``path`` (``.html``, ``.md`` or ``.pdf``); returns the path.

    A Markdown report also writes its drawing beside it (``brief.md`` -> ``brief.svg``). A PDF
    needs Chromium on ``PATH``; without it, or for any other extension, :class:`ReportError` says what to do.
    """
    target = Path(path)
    kind = _kind_of(target)
    if kind == "pdf":
        chromium = _chromium()  # before the work: a missing converter fails at once
        return atomic_write(target, _print_pdf(report_html(build_briefing(tree, written=written)), chromium))
    briefing = build_briefing(tree, written=written)
    if kind == "markdown":
        drawing = target.with_suffix(".svg")
        atomic_write(drawing, _sized(briefing.svg or "").encode("utf-8"))
        return atomic_write(target, report_markdown(briefing, drawing.name).encode("utf-8"))
    return atomic_write(target, report_html(briefing).encode("utf-8"))


def report_html(briefing: Briefing) -> str:
    """The whole report as one self-contained HTML document."""
    body = [f"<h1>{_h(briefing.title)}</h1>"]
    if briefing.description:
        body.append(f'<p class="description">{_h(briefing.description)}</p>')
    if briefing.source:
        body.append('<dl class="source">' + "".join(
            f"<dt>{_h(name)}</dt><dd>{_source_html(name, text, briefing.url)}</dd>"
            for name, text in briefing.source) + "</dl>")
    body.append(f'<p class="written">{_h(briefing.written)}</p>')
    body.extend(_section_html(section, briefing.svg) for section in briefing.sections)
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="generator" content="scenario-tree">\n'
            f"<title>{_h(briefing.title)}: briefing</title>\n<style>{_STYLE}</style>\n</head>\n"
            "<body>\n<main>\n" + "\n".join(body) + "\n</main>\n</body>\n</html>\n")


def report_markdown(briefing: Briefing, drawing: str | None = None) -> str:
    """The whole report as Markdown; ``drawing`` is the file name of the drawing beside it, if any."""
    lines = [f"# {_md(briefing.title)}", ""]
    if briefing.description:
        lines += [_md(briefing.description, paragraph=True), ""]
    for name, text in briefing.source:
        linked = name == "Address" and briefing.url == text and _AUTOLINK.fullmatch(text)
        shown = f"<{text}>" if linked else _md(text)
        lines.append(f"- **{_md(name)}:** {shown}")
    lines += ["", f"*{_md(briefing.written)}*", ""]
    for section in briefing.sections:
        lines += _section_markdown(section, drawing if briefing.svg else None)
    return "\n".join(lines).rstrip("\n") + "\n"


# -- HTML ----------------------------------------------------------------------------------------


def _h(text: str) -> str:
    return escape(str(text), quote=True)


def _source_html(name: str, text: str, url: str | None) -> str:
    if name == "Address" and url == text:
        return f'<a href="{_h(url)}" rel="noreferrer noopener">{_h(text)}</a>'
    return _h(text)


def _section_html(section: Section, svg: str | None) -> str:
    parts = [f'<section id="{_h(section.key)}">', f"<h2>{_h(section.heading)}</h2>"]
    if section.key == "drawing":
        parts.append(_figure_html(section, svg))
    else:
        parts.extend(f"<p>{_h(paragraph)}</p>" for paragraph in section.paragraphs)
    if section.items:
        parts.append("<ul>" + "".join(f"<li>{_h(item)}</li>" for item in section.items) + "</ul>")
    if section.table:
        parts.append(_table_html(section))
    parts.extend(f'<p class="note">{_h(note)}</p>' for note in section.notes)
    return "\n".join(parts + ["</section>"])


def _figure_html(section: Section, svg: str | None) -> str:
    caption = "".join(f"<figcaption>{_h(paragraph)}</figcaption>" for paragraph in section.paragraphs)
    if svg is None:
        return f"<figure><p>(The drawing is not included.)</p>{caption}</figure>"
    # no script: a checkbox switches between the whole drawing fitted to the page and its reading size
    toggle = ('<input type="checkbox" id="reading-size" class="reading-size">'
              '<label for="reading-size" class="zoom">Show the drawing at reading size (its text at 12 px; '
              'a wide drawing then scrolls sideways)</label>')
    return f'<figure>{toggle}<div class="drawing">{_sized(svg)}</div>{caption}</figure>'


def _sized(svg: str) -> str:
    """The drawing sized so that its smallest text reads at 12 px (the report's style fits it to the page until
    asked; a Markdown viewer fits the sibling file to its column)."""
    found = _VIEWBOX.search(svg)
    if found is None:
        return svg
    width, height = (float(found.group(index)) * READABLE_SCALE for index in (1, 2))
    return svg.replace("<svg ", f'<svg width="{width:.0f}" height="{height:.0f}" ', 1)


def _table_html(section: Section) -> str:
    table = section.table
    assert table is not None
    bars = section.bars if len(section.bars) == len(table.rows) else ()
    head = "".join(f'<th{_number_class(table, index)}>{_h(column)}</th>' for index, column in enumerate(table.columns))
    head += "<th>Low … high</th>" if bars else ""
    rows = []
    for row_index, row in enumerate(table.rows):
        cells = "".join(f"<td{_cell_class(table, index)}>{_cell_html(cell, table.columns[index] == PATH_COLUMN)}</td>"
                        for index, cell in enumerate(row))
        if bars:
            cells += f'<td class="bar">{_bar_svg(bars[row_index], section)}</td>'
        rows.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>" + "".join(rows) + "</tbody></table>"


def _number_class(table: Table, index: int) -> str:
    return ' class="number"' if index in table.numeric else ""


def _cell_class(table: Table, index: int) -> str:
    if index in table.numeric:
        return ' class="number"'
    if index in table.unbroken:
        return ' class="unbroken"'
    return ' class="path"' if table.columns[index] == PATH_COLUMN else ""


def _cell_html(cell: str, path: bool) -> str:
    # a path may break after each "/" rather than anywhere
    return "/<wbr>".join(_h(part) for part in cell.split("/")) if path else _h(cell)


def _bar_svg(bar: Bar, section: Section, width: int = 220, height: int = 16) -> str:
    """One tornado bar from the value at the low end to the value at the high end, on the section's scale."""
    ends = [value for each in section.bars for value in (each.low, each.high)] + [section.base or 0.0]
    low, high = min(ends), max(ends)
    span = (high - low) or 1.0

    def x(value: float) -> float:
        return 2 + (value - low) / span * (width - 4)

    left, right = sorted((x(bar.low), x(bar.high)))
    base = x(section.base or 0.0)
    return (f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="from {bar.low:.3g} to {bar.high:.3g}">'
            f'<rect x="{left:.1f}" y="3" width="{max(right - left, 1):.1f}" height="{height - 6}" fill="#1d5fa8"/>'
            f'<line x1="{base:.1f}" x2="{base:.1f}" y1="0" y2="{height}" stroke="#222222" stroke-width="1"/></svg>')


# -- Markdown ------------------------------------------------------------------------------------


def _md(text: str, paragraph: bool = False) -> str:
    """Text as Markdown shows it literally: HTML escaped, Markdown's marks escaped, on one line.

    A ``paragraph`` also has a mark at its start escaped (``-``, ``#``, ``1.``...), which would make it a
    list or a heading.
    """
    flat = " ".join(str(text).split())
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", escape(flat, quote=False))
    return _MARKDOWN_LINE_START.sub(r"\1\\\2", escaped) if paragraph else escaped


def _section_markdown(section: Section, drawing: str | None) -> list[str]:
    lines = [f"## {_md(section.heading)}", ""]
    if section.key == "drawing":
        lines += [f"![The tree]({quote(drawing)})" if drawing else "(The drawing is not included.)", ""]
    lines += [line for paragraph in section.paragraphs for line in (_md(paragraph, paragraph=True), "")]
    if section.items:
        lines += [f"- {_md(item)}" for item in section.items] + [""]
    if section.table:
        lines += _table_markdown(section.table) + [""]
    lines += [line for note in section.notes for line in (_md(note, paragraph=True), "")]
    return lines


def _table_markdown(table: Table) -> list[str]:
    rule = ["---:" if index in table.numeric else "---" for index in range(len(table.columns))]
    return [_row_markdown(table.columns), _row_markdown(rule, escaped=True),
            *(_row_markdown(row) for row in table.rows)]


def _row_markdown(cells: tuple[str, ...] | list[str], escaped: bool = False) -> str:
    return "| " + " | ".join(cell if escaped else _md(cell) for cell in cells) + " |"


# -- files ---------------------------------------------------------------------------------------


def _kind_of(target: Path) -> str:
    suffix = target.suffix.lower()
    if suffix not in FORMATS:
        raise ReportError(f"{str(target)!r}: a report is written as {', '.join(list(FORMATS)[:-1])} or "
                          f"{list(FORMATS)[-1]}, found {suffix or 'no extension'!r}")
    if not target.absolute().parent.is_dir():
        raise ReportError(f"{str(target)!r}: the folder {str(target.absolute().parent)!r} does not exist")
    return FORMATS[suffix]


def _chromium() -> str:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise ReportError("a PDF report is printed by Chromium, and no 'chromium' command is on PATH: install it "
                      "(Debian and Ubuntu: apt-get install chromium), or write .html and print that from a browser")


def _print_pdf(html: str, chromium: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="scenario-report-") as folder:
        page, pdf = Path(folder) / "report.html", Path(folder) / "report.pdf"
        page.write_text(html, encoding="utf-8")
        command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                   "--no-first-run", "--disable-background-networking", "--no-pdf-header-footer",
                   f"--user-data-dir={Path(folder) / 'profile'}", f"--print-to-pdf={pdf}", page.as_uri()]
        try:
            finished = subprocess.run(command, capture_output=True, text=True, timeout=PDF_TIMEOUT, check=False)
        except subprocess.TimeoutExpired as error:
            raise ReportError(f"Chromium ({chromium}) did not print the PDF within {PDF_TIMEOUT:g} s") from error
        if not pdf.exists() or pdf.stat().st_size == 0:
            said = (finished.stderr or finished.stdout).strip().splitlines()[-3:]
            raise ReportError(f"Chromium ({chromium}) printed no PDF (exit {finished.returncode}): "
                              + " / ".join(said))
        return pdf.read_bytes()
