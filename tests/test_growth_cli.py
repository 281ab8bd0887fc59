"""``rolemodel path``: trajectory files through the one client-file reader, plans from a profile
file, every output format, atomic writes and the exit codes (rolemodel._cli_path)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

import rolemodel
from rolemodel import RoleModelError
from rolemodel._cli import main

HEADER = "Year,Employees,team_size,market_change,regulation,team_seasoning,process_maturity,manager_readiness"
ROWS = [
    "2020,5,1,medium,low,0.1,0.1,high",
    "2022,30,3,medium,low,0.2,0.2,high",
    "2024,150,12,medium,low,0.4,0.4,high",
    "2026,400,33,medium,low,0.6,0.6,high",
    "2028,1200,100,medium,low,0.8,0.8,high",
]


@pytest.fixture
def trajectory(tmp_path: Path) -> Path:
    path = tmp_path / "trajectory.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    path = tmp_path / "client.yaml"
    path.write_text(
        "name: Acme Ltd\ncompany_size: 12\nteam_size: 3\nmarket_change: medium\nregulation: low\n",
        encoding="utf-8",
    )
    return path


def test_a_file_is_read_through_the_reader_with_synonyms(trajectory: Path) -> None:
    """growth_path() of a CSV reads Year as the period and Employees as company_size, and gives
    the same path as the list of dicts."""
    path = rolemodel.growth_path(trajectory)
    assert [p.period for p in path.periods] == [2020, 2022, 2024, 2026, 2028]
    assert [p.profile.company_size for p in path.periods] == [5, 30, 150, 400, 1200]
    listed = [
        dict(zip(["year", "company_size", *HEADER.split(",")[2:]], row.split(","), strict=True))
        for row in ROWS
    ]
    assert rolemodel.growth_path(listed).periods == path.periods


def test_a_jsonl_file_is_a_trajectory(tmp_path: Path) -> None:
    """JSON Lines files are read by the same reader, their numbers kept as numbers."""
    source = tmp_path / "t.jsonl"
    lines = [
        {"quarter": q, "company_size": s, "team_size": 2, "market_change": 0.5, "regulation": 0.2}
        for q, s in (("2026-Q1", 10), ("2026-Q2", 300))
    ]
    source.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    path = rolemodel.growth_path(source)
    assert [p.period for p in path.periods] == ["2026-Q1", "2026-Q2"]


def test_the_api_names_a_bad_row_by_period_and_line(trajectory: Path) -> None:
    """A bad row of a file raises ProfileError naming the period and its line."""
    text = trajectory.read_text(encoding="utf-8").replace("2024,150,12", "2024,150,500")
    trajectory.write_text(text, encoding="utf-8")
    with pytest.raises(rolemodel.ProfileError, match=r"period 2024 \(line 4\): .*team_size"):
        rolemodel.growth_path(trajectory)


def test_a_file_that_cannot_be_read_is_a_rolemodel_error(tmp_path: Path) -> None:
    """A missing file, or one without the required columns, is a RoleModelError."""
    with pytest.raises(RoleModelError, match="cannot read"):
        rolemodel.growth_path(tmp_path / "missing.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("year,company_size\n2020,5\n", encoding="utf-8")
    with pytest.raises(RoleModelError, match="team_size"):
        rolemodel.growth_path(bad)


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".json", ".md", ".html", ".mmd", ".txt"])
def test_every_output_format(trajectory: Path, tmp_path: Path, suffix: str) -> None:
    """-o OUT writes the path in the format its suffix names; exit 0 when every row is read."""
    output = tmp_path / f"out{suffix}"
    assert main(["path", str(trajectory), "-o", str(output)]) == 0
    text = output.read_text(encoding="utf-8")
    if suffix == ".csv":
        rows = list(csv.DictReader(text.splitlines()))
        assert [r["period"] for r in rows] == ["2020", "2022", "2024", "2026", "2028"]
        assert rows[-1]["staffing"] == "converged"
    elif suffix == ".jsonl":
        rows = [json.loads(line) for line in text.splitlines()]
        assert [r["period"] for r in rows] == [2020, 2022, 2024, 2026, 2028]
        assert rows[0]["company_size"] == 5 and rows[0]["staffing"] == "single"
    elif suffix == ".json":
        again = rolemodel.GrowthPath.from_dict(json.loads(text))
        assert again == rolemodel.growth_path(trajectory)
    elif suffix == ".md":
        assert "Bring in a dedicated sales manager" in text and "```mermaid" in text
    elif suffix == ".html":
        assert text.startswith("<!DOCTYPE html>") and "Converge the roles" in text
    elif suffix == ".mmd":
        assert text.startswith("stateDiagram-v2")
    else:
        assert "When to change:" in text


def test_bad_rows_are_reported_each_with_its_line_and_exit_1(
    trajectory: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each bad row is reported on stderr with its line; the others make the path; exit 1."""
    lines = trajectory.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("150,12", "150,500")  # team larger than the company
    lines.append("2022,31,3,medium,low,0.2,0.2,high")  # the period 2022 again
    trajectory.write_text("\n".join(lines) + "\n", encoding="utf-8")
    output = tmp_path / "out.json"
    assert main(["path", str(trajectory), "-o", str(output)]) == 1
    err = capsys.readouterr().err
    assert "period 2024 (line 4)" in err and "team_size" in err
    assert "(line 7)" in err and "each period once" in err
    written = json.loads(output.read_text(encoding="utf-8"))
    assert [p["period"] for p in written["periods"]] == [2020, 2022, 2026, 2028]


def test_no_readable_row_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file whose every row fails writes nothing and exits 1."""
    source = tmp_path / "t.csv"
    source.write_text(
        "year,company_size,team_size,market_change,regulation\n2020,5,9,low,low\n", encoding="utf-8"
    )
    output = tmp_path / "out.csv"
    assert main(["path", str(source), "-o", str(output)]) == 1
    assert not output.exists()
    assert "no period could be read" in capsys.readouterr().err


def test_column_mapping_flags_reach_the_reader(tmp_path: Path) -> None:
    """--map maps a header the reader does not know to a factor, as in every command."""
    source = tmp_path / "t.csv"
    source.write_text(
        "FY,Headcount of the firm,team_size,market_change,regulation\n"
        "2020,5,1,low,low\n2021,300,20,low,low\n",
        encoding="utf-8",
    )
    output = tmp_path / "out.json"
    argv = [
        "path",
        str(source),
        "-o",
        str(output),
        "--map",
        "FY=period",
        "--map",
        "Headcount of the firm=company_size",
    ]
    assert main(argv) == 0
    periods = json.loads(output.read_text(encoding="utf-8"))["periods"]
    assert [p["period"] for p in periods] == [2020, 2021]


def test_plan_from_a_profile_file(profile: Path, tmp_path: Path) -> None:
    """--profile with --to-company-size and --years projects a path, named after the client."""
    output = tmp_path / "plan.json"
    argv = [
        "path",
        "--profile",
        str(profile),
        "--to-company-size",
        "1000",
        "--years",
        "4",
        "--growth",
        "compound",
    ]
    assert main([*argv, "-o", str(output)]) == 0
    data = json.loads(output.read_text(encoding="utf-8"))
    assert data["name"] == "Acme Ltd"
    sizes = [p["recommendation"]["profile"]["company_size"] for p in data["periods"]]
    assert sizes[0] == 12 and sizes[-1] == 1000 and len(sizes) == 5
    expected = rolemodel.growth_path.plan(
        {"company_size": 12, "team_size": 3, "market_change": "medium", "regulation": "low"},
        to_company_size=1000,
        years=4,
        growth="compound",
        name="Acme Ltd",
    )
    assert rolemodel.GrowthPath.from_dict(data) == expected


def test_plan_at_chosen_sizes(profile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--sizes 50,150,500 shows one period per size on stdout."""
    assert main(["path", "--profile", str(profile), "--sizes", "50,150,500"]) == 0
    out = capsys.readouterr().out
    assert "  50: company 50" in out and "  500: company 500" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["path"],
        ["path", "x.csv", "--profile", "c.yaml"],
        ["path", "{trajectory}", "--years", "3"],
        ["path", "--profile", "{profile}", "--years", "3"],
        ["path", "--profile", "{profile}", "--sizes", "50,x"],
        ["path", "--profile", "{profile}", "--sizes", "50,150", "--growth", "compound"],
        ["path", "--profile", "{missing}", "--sizes", "50"],
        ["path", "{trajectory}", "-o", "out.xyz"],
        ["path", "{trajectory}", "-o", "{trajectory}"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], trajectory: Path, profile: Path, tmp_path: Path) -> None:
    """Bad flags, a plan without its numbers, unknown output suffixes, an output onto the input,
    and unreadable profile files are usage errors (exit 2), never a traceback."""
    names = {"trajectory": str(trajectory), "profile": str(profile), "missing": str(tmp_path / "none.yaml")}
    before = trajectory.read_text(encoding="utf-8")
    assert main([a.format(**names) for a in argv]) == 2
    assert trajectory.read_text(encoding="utf-8") == before


def test_an_xlsx_workbook_is_a_trajectory(tmp_path: Path) -> None:
    """An Excel workbook is read by the same reader: its dates label the periods."""
    openpyxl = pytest.importorskip("openpyxl")
    import datetime as dt

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Date", "company_size", "team_size", "market_change", "regulation"])
    sheet.append([dt.datetime(2026, 1, 1), 10, 2, 0.5, 0.2])
    sheet.append([dt.datetime(2027, 1, 1), 400, 30, 0.5, 0.2])
    source = tmp_path / "t.xlsx"
    book.save(source)
    path = rolemodel.growth_path(source)
    assert [p.period for p in path.periods] == ["2026-01-01", "2027-01-01"]
    assert [p.profile.company_size for p in path.periods] == [10, 400]
