"""Reading the drawings' SVG in tests: parse, groups by id, texts and classes of a group."""

from __future__ import annotations

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
