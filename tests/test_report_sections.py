"""The client report's optional sections: assessed managers (issue 13) and 003's Monday
actions (time audit, split 1:1s, MBOs; issue 14), from the API and the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

import rolemodel
from rolemodel._cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"
ACME = {"company_size": 300, "team_size": 25, "market_change": "high", "regulation": "low"}


def test_sections_come_before_the_sources_and_only_when_given() -> None:
    rec = rolemodel.recommend(**ACME)
    plain = rolemodel.client_report(rec, "markdown")
    assert "## Time audit" not in plain and "Assessed" not in plain
    pytest.importorskip("icalendar")
    audit = rolemodel.audit(EXAMPLES / "manager-calendar.ics")
    kim = rolemodel.assess({"communication-tell-or-ask": "b", "development-b-player": 5}, person="Kim")
    for fmt in ("markdown", "html"):
        text = rolemodel.client_report(rec, fmt, assessments=[kim], seats="leader", audit=audit)
        sources = text.index("Sources")
        assert "Kim" in text[:sources]
        assert text.index("Time audit") < sources
    with_sections = rolemodel.client_report(rec, "markdown", audit=audit)
    assert with_sections.startswith(plain.split("\n## ", 1)[0])


def test_the_report_command_adds_the_sections_from_their_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("icalendar")
    out = tmp_path / "acme.md"
    argv = ["report", "--company-size", "300", "--team-size", "25", "--market-change", "high"]
    argv += ["--regulation", "low", "-o", str(out), "--calendar", str(EXAMPLES / "manager-calendar.ics")]
    argv += ["--roster", str(EXAMPLES / "roster.csv"), "--history", str(EXAMPLES / "roster-history.csv")]
    assert main(argv) == 0
    headings = [line for line in out.read_text(encoding="utf-8").splitlines() if line.startswith("## ")]
    assert headings[-4:] == ["## Time audit", "## Split 1:1s", "## Leadership MBOs", "## Sources"]
    capsys.readouterr()
