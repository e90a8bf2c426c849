"""What every analysis returns: a result object with ``to_dict()`` (JSON-safe) and ``to_frame()`` (pandas).

>>> from dataclasses import dataclass
>>> @dataclass
... class Demo(Result):
...     numbers: list[float]
...     def rows(self): return [{"n": n} for n in self.numbers]
...     def to_dict(self): return {"numbers": self.numbers}
>>> Demo([1.0, 2.0]).to_dict()
{'numbers': [1.0, 2.0]}
>>> Demo([1.0, 2.0]).to_frame().shape
(2, 1)
"""

from __future__ import annotations

from typing import Any

__all__ = ["Result", "table_frame"]


class Result:
    """Base of the analyses' results: one row per line of its table, and the whole result as plain data."""

    def rows(self) -> list[dict[str, Any]]:
        """The result as table rows (one dict per row, the same keys in each)."""
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON-safe plain data (what ``--json`` prints)."""
        raise NotImplementedError

    def to_frame(self) -> Any:
        """The rows as a pandas DataFrame (needs the ``analysis`` extra)."""
        return table_frame(self.rows())


def table_frame(rows: list[dict[str, Any]], columns: list[str] | None = None) -> Any:
    """A pandas DataFrame of table rows (``columns`` fixes them, also for no rows); needs pandas."""
    try:
        import pandas
    except ImportError as error:  # pragma: no cover - exercised only without the extra
        raise ImportError("tables need pandas: pip install 'scenario-tree[analysis]'") from error
    return pandas.DataFrame(rows, columns=columns)
