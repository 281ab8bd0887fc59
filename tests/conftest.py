"""Shared fixtures: where the source articles are, when they are there."""

from __future__ import annotations

from pathlib import Path

import pytest

SOURCES = Path(__file__).resolve().parents[2] / "shared" / "sources"
if not SOURCES.is_dir():  # a git worktree sits deeper: look further up
    SOURCES = next(
        (
            p / "shared" / "sources"
            for p in Path(__file__).resolve().parents
            if (p / "shared" / "sources" / "README.md").is_file()
        ),
        SOURCES,
    )


@pytest.fixture
def sources() -> Path:
    """The folder of source articles; the test skips where it is absent."""
    if not (SOURCES / "README.md").is_file():
        pytest.skip(f"source articles not found at {SOURCES}")
    return SOURCES
