"""The HTML report prints to a clean PDF: headless Chromium's print-to-PDF, read back with pypdf.

The tests skip where Chromium is missing, and fail instead under ``REQUIRE_BROWSER=1``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import rolemodel
from tests.browser import find_browser, pdf_text, print_pdf
from tests.test_report_handover import png

LEADERSHIP = {"company_size": 300, "team_size": 25, "market_change": "high", "regulation": "low"}


@pytest.fixture
def browser() -> str:
    """A headless Chromium (see tests/browser.py)."""
    return find_browser()


def test_html_report_prints_to_a_pdf_with_client_and_answer(browser: str, tmp_path: Path) -> None:
    """Printed to PDF, the full report carries the client's name, the author, the date, both
    answers, a quoted reason by its article's title, and no file name; it runs to several pages."""
    pytest.importorskip("pypdf")
    rec = rolemodel.recommend(LEADERSHIP)
    page = tmp_path / "acme.html"
    page.write_text(
        rolemodel.client_report(
            rec, "html", client="Müller & Söhne KG", prepared_by="Jane Doe", date="2026-03-31", logo=png()
        ),
        encoding="utf-8",
    )
    pdf = tmp_path / "acme.pdf"
    data = print_pdf(browser, page, pdf, tmp_path / "profile")
    assert data.startswith(b"%PDF-")
    text = pdf_text(pdf)
    assert "Müller & Söhne KG" in text
    assert "Jane Doe" in text and "2026-03-31" in text
    assert "recommend Leadership" in text and "Split staffing" in text
    assert "Shawn Hamilton" in text and "Are You a Sales Leader or a Sales Manager?" in text
    assert ".txt" not in text

    from pypdf import PdfReader

    assert len(PdfReader(str(pdf)).pages) >= 3


def test_brief_report_prints_short(browser: str, tmp_path: Path) -> None:
    """The brief HTML report prints to fewer pages than the full one, with the same answer."""
    pytest.importorskip("pypdf")
    from pypdf import PdfReader

    rec = rolemodel.recommend(LEADERSHIP)
    pages = {}
    for detail in ("brief", "full"):
        page = tmp_path / f"{detail}.html"
        page.write_text(rolemodel.client_report(rec, "html", client="Acme", detail=detail), encoding="utf-8")
        pdf = tmp_path / f"{detail}.pdf"
        print_pdf(browser, page, pdf, tmp_path / f"profile-{detail}")
        assert "Sales role recommendation for Acme: Leadership" in pdf_text(pdf)
        pages[detail] = len(PdfReader(str(pdf)).pages)
    assert pages["brief"] < pages["full"]


def test_missing_browser_skips_or_fails_as_required(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """With no Chromium on PATH a browser test skips, and fails instead under REQUIRE_BROWSER=1."""
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no chromium on PATH"):
        find_browser()
    monkeypatch.setenv("REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="REQUIRE_BROWSER=1 but no chromium on PATH"):
        find_browser()
