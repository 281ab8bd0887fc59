"""Shared fixtures: where the source articles are, when they are there; Hypothesis profiles.

Hypothesis runs the ``dev`` profile locally (few examples, for a quick loop) and the ``ci``
profile where the ``CI`` environment variable is set (as ``.ci/run`` has it); choose one with
``HYPOTHESIS_PROFILE=dev|ci``. A test's own ``@settings(max_examples=...)`` still wins.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# The built-in frameworks' cache goes to a folder of the test run's own, never the user's.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="rolemodel-test-cache-")

settings.register_profile("dev", max_examples=25, deadline=None)
settings.register_profile(
    "ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

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
