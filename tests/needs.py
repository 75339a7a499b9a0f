"""Skip a test for want of a tool, except where every tool must be there (CI sets NO_SKIP).

A stand-in for the shared helper the Redis work adds to ``tests/helpers.py``; swap the import
when that lands.
"""

from __future__ import annotations

import os

import pytest

NO_SKIP = "TMDBFUSION_NO_SKIP"


def need(available: object, reason: str) -> None:
    """Skip with ``reason`` unless ``available``; with TMDBFUSION_NO_SKIP=1, fail instead."""
    if available:
        return
    if os.environ.get(NO_SKIP) == "1":
        pytest.fail(f"{reason} ({NO_SKIP}=1: this test may not skip)")
    pytest.skip(reason)
