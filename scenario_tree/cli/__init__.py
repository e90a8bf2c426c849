"""The ``scenario-tree`` command line: validate, evaluate, paths, render, and every analysis.

Each subcommand prints a table, or JSON with ``--json``; ``main(argv)`` runs it and returns the exit code.
"""

from .main import main

__all__ = ["main"]
