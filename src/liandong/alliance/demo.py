"""The demo district's alliance (issue #17)."""

from __future__ import annotations


def build(ctx) -> int:
    return 0


def reset() -> int:
    return 0
