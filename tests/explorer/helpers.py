"""What the explorer tests share: the patches sent to the browser, an edge's texts."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

import pytest

from scenario_tree.explorer import Explorer

SVG = "{http://www.w3.org/2000/svg}"


def sent_patches(explorer: Explorer, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, str]]:
    patches: list[dict[str, str]] = []
    monkeypatch.setattr(explorer.view, "patch", lambda groups: patches.append(groups))
    return patches


def edge_texts(svg: str, child_id: str) -> list[str]:
    root = ElementTree.fromstring(svg)
    group = next(g for g in root.iter(f"{SVG}g") if g.get("id", "").endswith(f"-edge-{child_id}"))
    return [text.text for text in group.iter(f"{SVG}text")]
