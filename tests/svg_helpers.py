"""Reading the drawings' SVG in tests: parse, groups by id, texts and classes of a group."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ElementTree.Element:
    root = ElementTree.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def groups(root: ElementTree.Element) -> dict[str, ElementTree.Element]:
    found = {}
    for group in root.iter(f"{SVG}g"):
        if group.get("id"):
            assert group.get("id") not in found, f"duplicate id {group.get('id')}"
            found[group.get("id")] = group
    return found


def texts(group: ElementTree.Element) -> list[str]:
    return [element.text or "" for element in group.iter(f"{SVG}text")]


def classes(group: ElementTree.Element) -> set[str]:
    return set((group.get("class") or "").split())


def shape_box(element: ElementTree.Element) -> tuple[float, float, float, float] | None:
    """The bounding box (left, top, right, bottom) of a polygon, an ellipse or a path (its points), else None."""
    tag = element.tag.removeprefix(SVG)
    if tag == "polygon":
        numbers = [float(number) for point in element.get("points").split() for number in point.split(",")]
    elif tag == "ellipse":
        cx, cy, rx, ry = (float(element.get(name)) for name in ("cx", "cy", "rx", "ry"))
        numbers = [cx - rx, cy - ry, cx + rx, cy + ry]
    elif tag == "path":  # Graphviz's rounded boxes: the corners are among the path's points
        numbers = [float(number) for number in re.findall(r"-?[0-9]+(?:\.[0-9]*)?", element.get("d"))]
    else:
        return None
    xs, ys = numbers[0::2], numbers[1::2]
    return min(xs), min(ys), max(xs), max(ys)
