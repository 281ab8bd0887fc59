"""``rolemodel report``: the title-block flags, one report per client of a file (``--each``),
and portfolio reports led by the client's name, numbered by the file's lines."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rolemodel
from rolemodel._cli import main
from rolemodel._each import MAX_STEM, Names, safe_stem
from tests.test_report_handover import png

FLAGS = ["--company-size", "300", "--team-size", "25", "--market-change", "high", "--regulation", "low"]
#: A client file as a consultant's spreadsheet has it: its own headers, a client twice, a
#: name Windows reserves, a name with a slash, and a bad row.
CLIENTS = (
    "Company,Employees,Sales reps,Market volatility,Regulated?,Stage\n"
    "Acme GmbH,300,25,high,low,\n"
    "Müller & Söhne KG,40,6,0.3,0.9,startup\n"
    "Acme GmbH,2000,40,0.3,0.3,mature\n"
    "CON,12,3,low,low,\n"
    "Broken Ltd,many,5,high,low,\n"
    "../etc/passwd,120,12,medium,medium,\n"
)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """main(argv)'s exit status, stdout and stderr."""
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def clients(tmp_path: Path) -> Path:
    """The consultant's client file."""
    path = tmp_path / "clients.csv"
    path.write_text(CLIENTS, encoding="utf-8")
    return path


def test_report_flags_fill_the_title_block(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--client, --prepared-by, --date and --logo reach the report; --detail picks its length."""
    logo = tmp_path / "logo.png"
    logo.write_bytes(png())
    target = tmp_path / "acme.html"
    argv = ["report", *FLAGS, "--client", "Acme GmbH", "--prepared-by", "Jane Doe", "--date", "2026-03-31"]
    code, _, err = run([*argv, "--logo", str(logo), "-o", str(target)], capsys)
    assert (code, err) == (0, "")
    page = target.read_text(encoding="utf-8")
    assert "<h1>Sales role recommendation for Acme GmbH: Leadership \u00b7 Split staffing</h1>" in page
    assert "<strong>Date:</strong> 2026-03-31" in page and "<strong>Prepared by:</strong> Jane Doe" in page
    assert 'src="data:image/png;base64,' in page
    assert "Why not Management" in page  # HTML is full by default
    code, out, _ = run([*argv, "--detail", "brief"], capsys)
    assert code == 0 and out.startswith("# Sales role recommendation for Acme GmbH") and "Why not" not in out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--logo", "{svg}"], "found an SVG (not inlined: it can carry script)"),
        (["--logo", "{missing}"], "cannot read it"),
        (["--date", "31.03.2026"], "date: expected an ISO date"),
        (["--detail", "long"], "invalid choice"),
    ],
)
def test_bad_title_block_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    """An SVG or unreadable logo, or a bad date, exits 2 with the reason, writing nothing."""
    svg = tmp_path / "logo.png"
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', encoding="utf-8"
    )
    extra = [x.format(svg=svg, missing=tmp_path / "nope.png") for x in extra]
    target = tmp_path / "out.html"
    code, out, err = run(["report", *FLAGS, *extra, "-o", str(target)], capsys)
    assert code == 2 and message in err and out == ""
    assert not target.exists()


def test_each_writes_one_report_per_client(
    clients: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--each writes a report per readable row, named after its client, safely and without
    clashes; a bad row is listed on stderr with its line and the run exits 1."""
    folder = tmp_path / "reports"
    code, out, err = run(["report", str(clients), "--each", str(folder), "--prepared-by", "Jane"], capsys)
    assert code == 1 and out == ""
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(
        [
            "Acme-GmbH.html",
            "Acme-GmbH-line-4.html",
            "Müller-Söhne-KG.html",
            "CON-client.html",
            "etc-passwd.html",
        ]
    )
    assert "line 6: profile field 'company_size'" in err and "Broken" not in " ".join(names)
    assert "wrote 5 report(s)" in err and "1 row(s) could not be reported" in err
    first = (folder / "Acme-GmbH.html").read_text(encoding="utf-8")
    second = (folder / "Acme-GmbH-line-4.html").read_text(encoding="utf-8")
    assert "<title>Sales role recommendation for Acme GmbH: Leadership" in first
    assert "Growth Leader" in second.split("</h1>")[0]  # line 4 is the mature Acme
    assert "<strong>Prepared by:</strong> Jane" in first
    muller = (folder / "Müller-Söhne-KG.html").read_text(encoding="utf-8")
    assert "<strong>Client:</strong> Müller &amp; Söhne KG" in muller
    assert not list(tmp_path.glob("**/*.tmp")) and not (tmp_path / "etc").exists()


def test_each_in_markdown_and_all_good_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """With --format markdown the reports are brief .md files; all rows good exits 0."""
    path = tmp_path / "c.csv"
    path.write_text("client,company_size,team_size,market_change,regulation\nA/B,300,25,high,low\n", "utf-8")
    code, _, err = run(["report", str(path), "--each", str(tmp_path / "o"), "--format", "markdown"], capsys)
    assert code == 0 and "wrote 1 report(s)" in err
    text = (tmp_path / "o" / "A-B.md").read_text(encoding="utf-8")
    assert text == rolemodel.client_report(
        rolemodel.recommend(company_size=300, team_size=25, market_change="high", regulation="low"),
        client="A/B",
        date=re.search(r"\*\*Date:\*\* (\S+)", text).group(1),  # type: ignore[union-attr]
    )


def test_each_reads_a_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An .xlsx client file is read by the same reader, its id column naming the reports."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Client name", "Headcount", "Reps", "Market change", "Regulation"])
    sheet.append(["Initech", 40, 6, 0.3, 0.9])
    sheet.append(["Globex", 5000, 300, 0.1, 0.9])
    path = tmp_path / "clients.xlsx"
    book.save(path)
    code, _, err = run(["report", str(path), "--each", str(tmp_path / "o")], capsys)
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["Globex.html", "Initech.html"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--each", "{o}"], "--each needs a client file"),
        (["{c}", "--each", "{o}", "-o", "x.md"], "not both"),
        (["{c}", "--each", "{o}", "--client", "X"], "--client is taken from each row's id column"),
        (["{c}", "--each", "{c}"], "not a folder"),
        (["{c}", "--client", "X", "-o", "{o}.md"], "a portfolio report takes none"),
        (["{c}", "--company-size", "3"], "not both"),
    ],
)
def test_each_usage_errors_exit_2(
    clients: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    """Contradictory flags are usage errors, exit 2, nothing written."""
    argv = [a.format(c=clients, o=tmp_path / "o") for a in argv]
    code, _, err = run(["report", *argv], capsys)
    assert code == 2 and message in err
    assert not (tmp_path / "o").exists()


def test_portfolio_leads_with_the_client_and_numbers_rows_by_line(
    clients: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The portfolio report's first column is the client's name, its row numbers the file's lines,
    the same lines the errors name."""
    target = tmp_path / "portfolio.md"
    code, _, _ = run(["report", str(clients), "-o", str(target)], capsys)
    assert code == 1
    text = target.read_text(encoding="utf-8")
    assert "| Company | line | role | confidence |" in text
    assert re.search(r"^\| Acme GmbH \| 2 \| Leadership \|", text, re.MULTILINE)
    assert re.search(r"^\| Acme GmbH \| 4 \| Growth Leader \|", text, re.MULTILINE)
    bad = text.split("## Rows that could not be read")[1]
    assert re.search(r"^\| Broken Ltd \| 6 \| line 6: profile field 'company_size'", bad, re.MULTILINE)


def test_portfolio_report_api_takes_id_column_and_lines() -> None:
    """portfolio_report(id_column=, lines=) puts that column first and numbers rows by the lines."""
    rec = rolemodel.recommend(company_size=300, team_size=25, market_change="high", regulation="low")
    rows = [{"ref": "A-1", "owner": "Ann", **rec.to_row()}, {"ref": "B-2", "owner": "Bob", **rec.to_row()}]
    text = rolemodel.portfolio_report(rows, id_column="owner", lines=[7, 9])
    assert "| owner | line | role |" in text and "| Ann | 7 | Leadership |" in text and "| B-2 |" in text
    with pytest.raises(rolemodel.RoleModelError, match="no column 'ownr' \\(did you mean 'owner'\\?\\)"):
        rolemodel.portfolio_report(rows, id_column="ownr")
    with pytest.raises(rolemodel.RoleModelError, match="lines: 1 given"):
        rolemodel.portfolio_report(rows, lines=[7])


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_safe_stem_is_always_a_plain_file_name(name: str) -> None:
    """Any client name becomes a short file name with no separator, no leading dot, no control
    character, and not a name Windows reserves."""
    stem = safe_stem(name, "line-2")
    assert stem and len(stem) <= MAX_STEM + len("-client")
    assert "/" not in stem and "\\" not in stem and not stem.startswith(".") and stem not in ("..", ".")
    assert all(ch.isprintable() and not ch.isspace() for ch in stem)
    assert stem.split(".")[0].casefold() not in {"con", "nul", "prn", "aux", "com1", "lpt1"}


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["Acme", "ACME", "acme ", "Acme-line-3", "", "/"]), max_size=12))
def test_names_never_repeat(clients: list[str]) -> None:
    """Names hands out a different file name (case folded) for every row."""
    names = Names(".html")
    given_ = [names.name(c, line) for line, c in enumerate(clients, start=2)]
    assert len({n.casefold() for n in given_}) == len(given_)
