"""The explorer: walk a scenario tree, read its evidence and edit it live in JupyterLab.

Needs the ``jupyter`` extra (``pip install 'scenario-tree[jupyter]'``). :class:`Explorer` is the
widget (ipywidgets around an anywidget drawing, :mod:`~scenario_tree.explorer.tree_view`), with
its text panels (:mod:`~scenario_tree.explorer.panels`), its Analysis tab
(:mod:`~scenario_tree.explorer.analysis_tab`) and the notebook magics (:mod:`~scenario_tree.explorer.magic`).
"""

try:
    import anywidget  # noqa: F401 - checked here so that the message says what to install
    import ipywidgets  # noqa: F401
except ImportError as error:  # pragma: no cover - exercised only without the extra
    raise ImportError("the explorer needs the Jupyter extra: pip install 'scenario-tree[jupyter]'") from error

from .widget import Explorer, explore

__all__ = ["Explorer", "explore"]
