"""``rolemodel assess``: the template, a file of answers (through the client-file reader), the
team report, and the interactive questionnaire (through a pseudo-terminal)."""

from __future__ import annotations

import csv
import json
import os
import select
import sys
from pathlib import Path

import pytest

import rolemodel
from rolemodel._cli import main
from tests.test_assess import ASK_AND_LISTEN, TELL_AND_SELL

IDS = [i.id for i in rolemodel.manager_style().items]
SPLIT_PROFILE = "company_size: 300\nteam_size: 25\nmarket_change: high\nregulation: low\nname: Acme\n"
SINGLE_PROFILE = "company_size: 40\nteam_size: 6\nmarket_change: high\nregulation: low\n"


def _sheet(path: Path, rows: list[dict[str, object]], header: list[str] | None = None) -> Path:
    header = header or ["person", *IDS]
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, header, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
    return path


def test_the_template_is_the_empty_sheet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--template writes a person column and one column per item id, atomically; read back
    (with no one in it) it assesses nobody and fails nothing."""
    target = tmp_path / "answers.csv"
    assert main(["assess", "--template", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8").splitlines() == [",".join(["person", *IDS])]
    assert main(["assess", str(target), "-o", str(tmp_path / "out.csv")]) == 0
    assert main(["assess", "--template", "-o", str(tmp_path / "t.json")]) == 2
    assert "the template is a CSV sheet" in capsys.readouterr().err


def test_a_filled_sheet_scores_each_person_as_the_api_does(tmp_path: Path) -> None:
    """Each row's scores are assess()'s for the same answers; JSON carries the full assessment."""
    sheet = _sheet(
        tmp_path / "answers.csv",
        [{"person": "Pat", **TELL_AND_SELL}, {"person": "Cam", **ASK_AND_LISTEN}],
    )
    out = tmp_path / "out.json"
    assert main(["assess", str(sheet), "-o", str(out)]) == 0
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert [r["person"] for r in rows] == ["Pat", "Cam"]
    pat = rolemodel.Assessment.from_dict(rows[0]["assessment"])
    assert pat == rolemodel.assess(TELL_AND_SELL, person="Pat")
    assert rows[1]["overall"] == pytest.approx(rolemodel.assess(ASK_AND_LISTEN).overall)
    assert rows[0]["error"] is None and rows[0]["gap"] is None


def test_bad_answers_fail_their_row_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An answer off the scale: the error names the person, the item and the answers allowed;
    everyone else is still scored; exit 1."""
    sheet = _sheet(
        tmp_path / "answers.csv",
        [
            {"person": "Pat", **TELL_AND_SELL},
            {"person": "Ann", **{**ASK_AND_LISTEN, "focus-week": "c"}},
            {"person": "Cam", **ASK_AND_LISTEN},
        ],
    )
    out = tmp_path / "out.csv"
    assert main(["assess", str(sheet), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "person 'Ann'" in err and "item 'focus-week'" in err and "expected 'a' or 'b'" in err
    assert "1 of 3 row(s)" in err
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert [r["person"] for r in rows] == ["Pat", "Ann", "Cam"]
    assert rows[0]["overall"] and rows[2]["overall"] and not rows[1]["overall"]
    assert rows[1]["error"].startswith("line 3: person 'Ann'")


def test_the_gap_needs_a_seat_for_a_split(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """With a split company, a row with no seat fails (said so); --seat or a seat column fixes it,
    the column winning over the flag."""
    profile = tmp_path / "client.yaml"
    profile.write_text(SPLIT_PROFILE, encoding="utf-8")
    sheet = _sheet(
        tmp_path / "answers.csv",
        [
            {"person": "Pat", "seat": "", **TELL_AND_SELL},
            {"person": "Cam", "seat": "leader", **ASK_AND_LISTEN},
        ],
        header=["person", "seat", *IDS],
    )
    out = tmp_path / "out.csv"
    assert main(["assess", str(sheet), "--profile", str(profile), "-o", str(out)]) == 1
    assert "give the person's seat" in capsys.readouterr().err
    assert main(["assess", str(sheet), "--profile", str(profile), "--seat", "manager", "-o", str(out)]) == 0
    rows = {r["person"]: r for r in csv.DictReader(out.read_text(encoding="utf-8").splitlines())}
    assert (rows["Pat"]["seat"], rows["Pat"]["need"], rows["Pat"]["toward"]) == ("manager", "management", "")
    assert (rows["Cam"]["seat"], rows["Cam"]["need"]) == ("leader", "leadership")


def test_a_single_company_reports_the_gap_and_its_prescriptions(tmp_path: Path) -> None:
    """One person holds both roles: the forecaster's row names the shortfalls and prescriptions,
    and the HTML team report quotes them, self-contained and escaped."""
    profile = tmp_path / "client.yaml"
    profile.write_text(SINGLE_PROFILE, encoding="utf-8")
    sheet = _sheet(tmp_path / "answers.csv", [{"person": "Pat <b>", **TELL_AND_SELL}])
    out = tmp_path / "out.csv"
    assert main(["assess", str(sheet), "--profile", str(profile), "-o", str(out)]) == 0
    [row] = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert row["seat"] == "both" and row["toward"] == "leadership"
    assert "manage-lead-and-coach" in row["prescriptions"] and "leadership-mbos" in row["prescriptions"]
    assert float(row["readiness"]) < 0.2
    html = tmp_path / "team.html"
    assert main(["assess", str(sheet), "--profile", str(profile), "-o", str(html)]) == 0
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page and "Pat &lt;b&gt;" in page
    assert "Manage, lead and coach to bring out the best in all." in page


def test_headers_are_mapped_like_every_client_file(tmp_path: Path) -> None:
    """The reader's vocabulary: 'Manager' names the person, headers fold ('Focus Forecast'),
    --map renames a column and --id-column picks the person column."""
    sheet = _sheet(
        tmp_path / "answers.csv",
        [{"Manager": "Pat", "Focus Forecast": "5", "Q2": "a"}],
        header=["Manager", "Focus Forecast", "Q2"],
    )
    out = tmp_path / "out.json"
    assert main(["assess", str(sheet), "--map", "Q2=focus-week", "-o", str(out)]) == 0
    [row] = json.loads(out.read_text(encoding="utf-8"))
    assert row["person"] == "Pat" and row["assessment"]["answers"] == {"focus-forecast": 5, "focus-week": "a"}
    other = _sheet(tmp_path / "b.csv", [{"who": "Lee", "focus-week": "b"}], header=["who", "focus-week"])
    assert main(["assess", str(other), "--id-column", "who", "--map", "who=person", "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))[0]["person"] == "Lee"


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """No mode, two modes, a missing person column, writing onto the input, a bad profile: exit 2."""
    sheet = _sheet(tmp_path / "answers.csv", [{"person": "Pat", **TELL_AND_SELL}])
    assert main(["assess"]) == 2
    assert main(["assess", str(sheet), "--template"]) == 2
    assert main(["assess", str(sheet), "-o", str(sheet)]) == 2
    no_person = _sheet(tmp_path / "np.csv", [{"focus-week": "a"}], header=["focus-week"])
    assert main(["assess", str(no_person)]) == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text("company_size: -4\nteam_size: 2\nmarket_change: high\nregulation: low\n", encoding="utf-8")
    assert main(["assess", str(sheet), "--profile", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "refusing to write" in err and "person" in err and "bad.yaml" in err
    assert "internal error" not in err


# -- the interactive questionnaire, through a pseudo-terminal -----------------------------------


class Terminal:
    """A ``rolemodel`` process on a pseudo-terminal: type lines, read what it shows."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        pty = pytest.importorskip("pty")
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # pragma: no cover - the child
            os.chdir(cwd)
            os.execv(sys.executable, [sys.executable, "-m", "rolemodel", *args])
        self.seen = b""

    def expect(self, token: str) -> str:
        """Read until ``token`` shows (a generous guard against a hang, not a timing test)."""
        wanted = token.encode()
        while wanted not in self.seen:
            ready, _, _ = select.select([self.fd], [], [], 60)
            if not ready:
                raise AssertionError(f"{token!r} never showed; last output: {self.seen[-400:]!r}")
            try:
                chunk = os.read(self.fd, 4096)
            except OSError:  # the child closed the terminal
                chunk = b""
            if not chunk:
                raise AssertionError(f"{token!r} never showed before the end: {self.seen[-400:]!r}")
            self.seen += chunk
        return self.seen.decode("utf-8", "replace")

    def type(self, line: str) -> None:
        os.write(self.fd, line.encode() + b"\n")

    def wait(self) -> int:
        while True:  # drain, so the child never blocks on a full terminal
            ready, _, _ = select.select([self.fd], [], [], 60)
            try:
                chunk = os.read(self.fd, 4096) if ready else b""
            except OSError:
                chunk = b""
            if not chunk:
                break
            self.seen += chunk
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status)


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_interactive_asks_one_item_at_a_time(tmp_path: Path) -> None:
    """Through a terminal: an answer off the scale is asked again with the answers allowed, Enter
    skips, q stops; the assessment and the gap are shown and written to -o."""
    (tmp_path / "client.yaml").write_text(SINGLE_PROFILE, encoding="utf-8")
    term = Terminal(["assess", "--interactive", "--profile", "client.yaml", "-o", "pat.json"], tmp_path)
    term.expect("Person's name")
    term.type("Pat")
    term.expect("[1/25] Focus")
    term.expect("Answer 1-5: ")
    term.type("9")
    term.expect("expected a whole number from 1 to 5")
    term.type("5")
    term.expect("[2/25]")
    term.type("")
    term.expect("[3/25]")
    term.expect("b) ")
    term.type("A")
    term.expect("[4/25]")
    term.type("q")
    shown = term.expect("written to pat.json")
    assert term.wait() == 0
    assert "Style of Pat" in shown and "Gap of Pat (both seat)" in shown
    assert "Manage, lead and coach" in shown
    [row] = json.loads((tmp_path / "pat.json").read_text(encoding="utf-8"))
    assert row["assessment"]["answers"] == {"focus-forecast": 5, "focus-week": "a"}
    assert "focus-vision" in row["assessment"]["unanswered"]
    assert row["gap"]["seat"] == "both"


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_interactive_asks_for_the_seat_of_a_split_first(tmp_path: Path) -> None:
    """A split company with no --seat is a usage error before any question is asked."""
    (tmp_path / "client.yaml").write_text(SPLIT_PROFILE, encoding="utf-8")
    term = Terminal(["assess", "--interactive", "--profile", "client.yaml"], tmp_path)
    shown = term.expect("--seat leader|manager|both")
    assert term.wait() == 2
    assert "[1/25]" not in shown


def test_a_workbook_and_json_lines_are_read_like_a_csv(tmp_path: Path) -> None:
    """The same answers from .xlsx (numbers stay numbers) and .jsonl score the same as from CSV."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["person", *TELL_AND_SELL])
    sheet.append(["Pat", *TELL_AND_SELL.values()])
    book.save(tmp_path / "answers.xlsx")
    lines = tmp_path / "answers.jsonl"
    lines.write_text(json.dumps({"person": "Pat", **TELL_AND_SELL}) + "\n", encoding="utf-8")
    expected = rolemodel.assess(TELL_AND_SELL, person="Pat")
    for source in ("answers.xlsx", "answers.jsonl"):
        out = tmp_path / f"{source}.json"
        assert main(["assess", str(tmp_path / source), "-o", str(out)]) == 0, source
        [row] = json.loads(out.read_text(encoding="utf-8"))
        assert rolemodel.Assessment.from_dict(row["assessment"]) == expected, source


def test_a_bad_seat_fails_its_row_with_a_suggestion(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A seat column holding a typo fails that row only, with "did you mean"."""
    profile = tmp_path / "client.yaml"
    profile.write_text(SINGLE_PROFILE, encoding="utf-8")
    sheet = _sheet(
        tmp_path / "answers.csv",
        [
            {"person": "Pat", "seat": "leeder", **TELL_AND_SELL},
            {"person": "Cam", "seat": "", **ASK_AND_LISTEN},
        ],
        header=["person", "seat", *IDS],
    )
    assert main(["assess", str(sheet), "--profile", str(profile), "-o", str(tmp_path / "o.csv")]) == 1
    err = capsys.readouterr().err
    assert "person 'Pat'" in err and "did you mean 'leader'" in err and "1 of 2" in err
