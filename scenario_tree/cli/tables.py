"""The one table printer of the command line: columns of numbers right-aligned, text left-aligned.

>>> import sys
>>> print_table([["node", "p"], ["deal", "0.4"], ["containment", "1"]], sys.stdout)
node           p
deal         0.4
containment    1
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TextIO

__all__ = ["print_table"]

_NUMBER = re.compile(r"^[-+]?(\d[\d,]*\.?\d*|\.\d+)([eE][-+]?\d+)?%?$")


def print_table(rows: Sequence[Sequence[str]], out: TextIO) -> None:
    """Print ``rows`` (the first is the header) as aligned columns, two spaces apart."""
    if not rows:
        return
    columns = range(max(len(row) for row in rows))
    cells = [[row[column] if column < len(row) else "" for column in columns] for row in rows]
    widths = [max(len(row[column]) for row in cells) for column in columns]
    numeric = [all(not row[column] or _NUMBER.match(row[column].strip()) for row in cells[1:]) and len(cells) > 1
               for column in columns]
    for row in cells:
        line = "  ".join(cell.rjust(width) if right else cell.ljust(width)
                         for cell, width, right in zip(row, widths, numeric))
        print(line.rstrip(), file=out)
