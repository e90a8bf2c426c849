"""Drawing: which nodes are shown, the text and style of each, DOT, the Graphviz layout, SVG, the cached drawing.

The flow is one way: :mod:`folding` chooses the nodes, :mod:`marks` gives each its text and style,
:mod:`dot` writes DOT, :mod:`layout` runs Graphviz once for the geometry, :mod:`svg` writes the picture
from that geometry, and :class:`Drawing` keeps the layout, so a number edit is an instant restyle.
"""

from .drawing import DRAWING_FORMATS, Drawing
from .options import DrawOptions

__all__ = ["DRAWING_FORMATS", "DrawOptions", "Drawing"]
