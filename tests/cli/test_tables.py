"""The command line's one table printer."""

from __future__ import annotations

import io

from scenario_tree.cli.tables import print_table


def printed(rows: list[list[str]]) -> list[str]:
    out = io.StringIO()
    print_table(rows, out)
    return out.getvalue().splitlines()


def test_numbers_are_right_aligned_and_text_left_aligned():
    assert printed([["branch", "p", "best"], ["deal", "0.4", "yes"], ["containment", "-12.5", "no"]]) == [
        "branch           p  best",
        "deal           0.4  yes",
        "containment  -12.5  no",
    ]


def test_thousands_exponents_percent_and_blanks_count_as_numbers():
    lines = printed([["a", "b"], ["x", "1,000"], ["y", "2e-05"], ["z", ""], ["w", "50%"]])
    assert lines[1:] == ["x  1,000", "y  2e-05", "z", "w    50%"]


def test_ragged_and_empty_tables():
    assert printed([]) == []
    assert printed([["only"]]) == ["only"]
    assert printed([["a", "b"], ["1"]]) == ["a  b", "1"]
