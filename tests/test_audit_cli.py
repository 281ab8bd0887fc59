"""``rolemodel audit``, ``rhythm`` and ``mbos`` through main(argv): formats, files written
atomically, client-file options, exit codes (0 ok, 1 some rows failed, 2 usage or input)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from rolemodel._cli import main

icalendar = pytest.importorskip("icalendar")

from tests.test_audit import OWNER, google_calendar  # noqa: E402
from tests.test_mbos import HISTORY  # noqa: E402

LOG = """When,Until,Subject,Person
2026-11-23 09:00,2026-11-23 10:00,Forecast call,Ana
2026-11-23 10:00,2026-11-23 10:45,Coaching with Bob,Ana
2026-11-24 11:00,2026-11-24 12:00,QBR prep,Eve
"""
ROSTER = """manager,rep,email,timezone,slot,development_slot
Ana,Bob,bob@example.com,Europe/Berlin,Tue 10:00,Thu 14:00
Ana,Cid,cid@example.com,Europe/Berlin,Tue 10:00,Thu 14:00
Eve,Fay,,America/Chicago,Mon 9am,
Eve,Gus,,America/Chicago,Someday,
"""


@pytest.fixture
def ics(tmp_path: Path) -> Path:
    path = tmp_path / "ana.ics"
    path.write_bytes(google_calendar().to_ical())
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_audit_one_calendar_as_json(ics: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One calendar and a range: its audit as JSON, exit 0."""
    code, out, _ = _run(
        capsys, "audit", str(ics), "--from", "2026-11-23", "--to", "2026-11-29", "--format", "json"
    )
    data = json.loads(out)
    assert code == 0 and data["manager"] == OWNER
    assert data["leadership_share_of_classified"] == pytest.approx(135 / 255)


def test_audit_many_calendars_write_a_team_table(
    ics: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Several files give a team table, written to a CSV file, and its plot; an unreadable file is
    a row (exit 1)."""
    other = tmp_path / "bo.ics"
    other.write_bytes(google_calendar().to_ical().replace(b"Coaching: Bob", b"Lunch"))
    broken = tmp_path / "cy.ics"
    broken.write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    target = tmp_path / "team.csv"
    code, _, err = _run(
        capsys,
        "audit",
        str(ics),
        str(other),
        str(broken),
        "--from",
        "2026-11-23",
        "--to",
        "2026-11-29",
        "-o",
        str(target),
        "--plot",
        str(tmp_path / "team.svg"),
    )
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert "<svg" in (tmp_path / "team.svg").read_text(encoding="utf-8")
    assert code == 1 and "could not be audited" in err
    assert [r["manager"] for r in rows] == ["ana", "bo", "cy"]
    assert rows[0]["under_led"] == "False" and rows[1]["under_led"] == "True"
    assert rows[2]["error"]


def test_audit_a_log_with_mapped_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A log's columns found by their synonyms or --map; its manager column gives a team."""
    log = tmp_path / "log.csv"
    log.write_text(LOG, encoding="utf-8")
    code, out, _ = _run(
        capsys,
        "audit",
        str(log),
        "--map",
        "When=start",
        "--map",
        "Until=end",
        "--format",
        "json",
        "--from",
        "2026-11-23",
        "--to",
        "2026-11-29",
    )
    data = json.loads(out)
    assert code == 0
    assert [a["manager"] for a in data["audits"]] == ["Ana", "Eve"]
    code, out, _ = _run(
        capsys,
        "audit",
        str(log),
        "--map",
        "When=start",
        "--map",
        "Until=end",
        "--manager",
        "Ana",
        "--from",
        "2026-11-23",
        "--to",
        "2026-11-29",
    )
    assert code == 0 and "Leadership takes 43% of the classified time" in out and ": under-led." in out
    code, _, err = _run(capsys, "audit", str(log))  # no start column without --map
    assert code == 2 and "start" in err


def test_audit_writes_html_and_a_plot(ics: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """-o by suffix, --plot as SVG, both written whole."""
    pytest.importorskip("matplotlib")
    page, plot = tmp_path / "ana.html", tmp_path / "ana.svg"
    code, _, _ = _run(
        capsys,
        "audit",
        str(ics),
        "--from",
        "2026-11-23",
        "--to",
        "2026-11-29",
        "-o",
        str(page),
        "--plot",
        str(plot),
    )
    assert code == 0
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "<svg" in plot.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--from", "someday"], "--from someday"),
        (["-o", "{ics}"], "refusing to write"),
        (["--tz", "Nowhere/Land"], "time zone"),
        (["--rules", "{missing}"], "a readable file"),
        (["-o", "out.xyz"], "cannot tell the format"),
    ],
)
def test_audit_usage_errors_exit_2(
    ics: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    """Bad flags, an output onto the input, unknown zones or rules: a message and exit 2."""
    argv = [a.format(ics=ics, missing=tmp_path / "none.yaml") for a in extra]
    code, _, err = _run(capsys, "audit", str(ics), *argv)
    assert code == 2 and message in err
    assert ics.read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_rhythm_writes_a_calendar_and_reports_bad_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`rolemodel rhythm roster.csv -o team.ics`: a calendar icalendar reads; a bad row, exit 1."""
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    target = tmp_path / "team.ics"
    code, _, err = _run(capsys, "rhythm", str(roster), "--start", "2027-01-04", "-o", str(target))
    assert code == 1 and "line 5" in err
    cal = icalendar.Calendar.from_ical(target.read_bytes())
    assert len(cal.walk("VEVENT")) == 6
    code, out, _ = _run(capsys, "rhythm", str(roster), "--start", "2027-01-04", "--format", "csv")
    assert code == 1 and out.count("\n") == 7


def test_mbos_from_a_history_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`rolemodel mbos history.csv`: the measures per manager, Markdown to a file."""
    history = tmp_path / "history.csv"
    with history.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=["rep", "manager", "start", "end", "level", "skill"])
        writer.writeheader()
        writer.writerows(HISTORY)
    target = tmp_path / "mbos.md"
    code, _, _ = _run(
        capsys,
        "mbos",
        str(history),
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--levels",
        "SDR,AE,Senior AE",
        "--target",
        "retention_rate=0.8",
        "-o",
        str(target),
    )
    text = target.read_text(encoding="utf-8")
    assert code == 1  # the history's bad row
    assert "| Ana | 3 | 67% (not met) | +0.50 | 1 |" in text
    code, _, err = _run(capsys, "mbos", str(history), "--target", "retention")
    assert code == 2 and "--target retention" in err


def test_audit_an_excel_log_named_by_id_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An .xlsx log with real date-time cells, its manager column named by --id-column."""
    openpyxl = pytest.importorskip("openpyxl")
    import datetime as dt

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Boss", "Start", "End", "Title"])
    sheet.append(["Ana", dt.datetime(2026, 11, 23, 9), dt.datetime(2026, 11, 23, 10), "Forecast call"])
    sheet.append(["Ana", dt.datetime(2026, 11, 24, 9), dt.datetime(2026, 11, 24, 11), "Coaching: Bob"])
    sheet.append(["Eve", dt.datetime(2026, 11, 24, 9), dt.datetime(2026, 11, 24, 9, 30), "QBR prep"])
    path = tmp_path / "log.xlsx"
    book.save(path)
    code, out, _ = _run(
        capsys, "audit", str(path), "--id-column", "Boss", "--from", "2026-11-23", "--to", "2026-11-29",
        "--format", "csv",
    )  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert [(r["manager"], r["leadership_share_of_classified"]) for r in rows] == [
        ("Ana", str(120 / 180)),
        ("Eve", "0.0"),
    ]
