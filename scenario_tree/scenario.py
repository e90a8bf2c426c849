"""``ScenarioTree``: the model with files and drawings at hand, and the loaders that build it.

The model (:class:`~scenario_tree.model.TreeModel`) knows nothing of files or drawings; this layer
adds the conveniences that need them: saving (a scenario file or a drawing, chosen by the
extension), text in the file format, and drawings cached per set of options, so that redraws after
a number edit are instant.

>>> tree = default_tree()
>>> tree.evaluate().best["dialogue"]
'transition_deal'
>>> tree.to_dict()["format"]
'scenario-tree/1'
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import files
from .files import TEXT_SUFFIXES, atomic_write
from .model import ScenarioNode, TreeModel

if TYPE_CHECKING:
    from .drawing import Drawing, DrawOptions

__all__ = ["ScenarioTree", "default_tree", "load", "load_or_default", "loads"]

MAX_DRAWINGS = 8  # drawings kept per tree: one per set of options in use
PAGE_FORMATS = ("html", "htm")


class ScenarioTree(TreeModel):
    """A scenario tree: the model (nodes, edits with undo, evaluation) plus saving and drawing.

    Args:
        root: The root node.
        meta: The file's top-level fields other than ``root`` (``title``, ``source``, ``actors``...).
        file: Where the tree was loaded from, if anywhere.
    """

    def __init__(self, root: ScenarioNode, meta: dict[str, Any] | None = None, file: str | None = None):
        super().__init__(root, meta, file)
        self._drawings: dict[DrawOptions, Drawing] = {}

    def to_dict(self) -> dict[str, Any]:
        """The tree as plain data in the file format (what :meth:`save` writes)."""
        return files.tree_to_data(self)

    def dumps(self, fmt: str = "yaml") -> str:
        """The tree as ``yaml`` or ``json`` text."""
        return files.dumps(self, fmt)

    def save(self, path: str | os.PathLike[str], format: str | None = None, highlight: bool = False,
             overwrite: bool = False, **options: Any) -> Path:
        """Write the tree to ``path`` atomically; the extension (or ``format``) picks what is written.

        ``.yaml``/``.yml``/``.json`` write the scenario file (see :func:`scenario_tree.files.save`: a
        loaded file keeps its comments and layout, and an existing file that is not the tree's own,
        or that changed on disk since it was loaded, is replaced only with ``overwrite=True``);
        ``.svg``, ``.png``, ``.pdf`` and ``.dot`` write a drawing, with ``options`` as for
        :meth:`to_svg` (the ``selected`` path is highlighted only with ``highlight=True``); ``.html``
        writes the standalone interactive page (see :func:`scenario_tree.sharing.write_page`).
        """
        from .drawing import DRAWING_FORMATS  # the drawing layer loads when a tree is drawn, not at start-up

        target = Path(path)
        fmt = (format or target.suffix.lstrip(".")).lower()
        if fmt in DRAWING_FORMATS:
            atomic_write(target, self.drawing(**options).export(fmt, highlight))
            return target
        if fmt in PAGE_FORMATS:
            # imported here: the page's code is only needed when a page is written (start-up stays fast)
            from .sharing.page import write_page

            return write_page(self, target, **options)
        if f".{fmt}" not in TEXT_SUFFIXES:
            allowed = sorted([*TEXT_SUFFIXES, *(f".{name}" for name in (*DRAWING_FORMATS, *PAGE_FORMATS))])
            raise ValueError(f"unknown file type: {'.' + fmt if fmt else target.name!r} (must be one of {allowed})")
        if options:
            raise ValueError(f"drawing options {sorted(options)} do not apply to a {fmt} scenario file")
        saved = files.save(self, target, TEXT_SUFFIXES[f".{fmt}"], overwrite=overwrite)
        self.take_base()  # the file now holds these numbers: named scenarios apply to them
        return saved

    def drawing(self, **options: Any) -> Drawing:
        """The tree's drawing with these options (see ``DrawOptions``), cached so redraws are instant."""
        from .drawing import Drawing, DrawOptions

        chosen = DrawOptions(**options)
        if chosen not in self._drawings:
            if len(self._drawings) >= MAX_DRAWINGS:
                self._drawings.pop(next(iter(self._drawings)))
            self._drawings[chosen] = Drawing(self, chosen)
        return self._drawings[chosen]

    def to_svg(self, **options: Any) -> str:
        """The drawing as SVG text that scales to its container. Needs Graphviz."""
        return self.drawing(**options).svg()

    def to_dot(self, **options: Any) -> str:
        """The drawing as Graphviz DOT source (needs no Graphviz)."""
        return self.drawing(**options).dot()

    def _repr_svg_(self) -> str:
        return self.to_svg()


def load(path: str | os.PathLike[str], tree: int = 0) -> ScenarioTree:
    """Read a scenario file (``.yaml``, ``.yml`` or ``.json``), or tree ``tree`` of a SilverDecisions file.

    Raises:
        ScenarioFileError: The file cannot be read or breaks the format; every problem is listed.
    """
    return files.load(path, ScenarioTree, tree)


def loads(text: str, file: str = "<string>", tree: int = 0) -> ScenarioTree:
    """Read a scenario from YAML or JSON text (or tree ``tree`` of a SilverDecisions file's text)."""
    return files.loads(text, file, ScenarioTree, tree)


def default_tree() -> ScenarioTree:
    """The tree of the op-ed "The Ultimate Trump-Putin Deal" (Khodorkovsky, 2017), shipped in the package."""
    return files.default_tree(ScenarioTree)


def load_or_default(path: str | os.PathLike[str] | None, tree: int = 0) -> ScenarioTree:
    """The tree in ``path`` (tree ``tree`` of a SilverDecisions file), or the article's tree without a path."""
    return files.load_or_default(path, ScenarioTree, tree)
