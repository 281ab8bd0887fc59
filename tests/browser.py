"""A headless Chromium for the browser tests of the reports: find it, dump a DOM, print a PDF.

Where no Chromium is installed a browser test skips, saying why; with the environment variable
``REQUIRE_BROWSER=1`` (as ``.ci/run`` sets it) it fails instead, so that CI cannot pass with
the browser tests quietly skipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_browser() -> str:
    """The path of a headless Chromium; else the test skips (fails under ``REQUIRE_BROWSER=1``)."""
    for name in NAMES:
        path = shutil.which(name)
        if path:
            return path
    why = "no chromium on PATH (apt-get install chromium) to render the HTML reports"
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {why}")
    pytest.skip(why)


def _run(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [browser, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def dump_dom(browser: str, page: Path, profile: Path) -> str:
    """The DOM of ``page`` after Chromium rendered it."""
    return _run(browser, profile, "--dump-dom", page.as_uri()).stdout


def print_pdf(browser: str, page: Path, pdf: Path, profile: Path) -> bytes:
    """``page`` printed to ``pdf`` by Chromium (its print stylesheet applied); the PDF's bytes."""
    _run(browser, profile, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    return pdf.read_bytes()


def pdf_text(pdf: Path) -> str:
    """The text of every page of ``pdf`` (pypdf), ligatures undone (NFKC: "ﬃ" is "ffi"),
    whitespace made single spaces."""
    import unicodedata

    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(unicodedata.normalize("NFKC", text).split())
