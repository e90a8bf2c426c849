"""Sharing a tree beyond the notebook: a standalone interactive page (:mod:`.page`)."""
