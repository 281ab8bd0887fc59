"""Client files as consultants get them: headers, values, delimiters, encodings and formats as
people write them, read by the one reader every command uses (rolemodel._clientfile)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

import rolemodel
from rolemodel._cli import main
from rolemodel._clientfile import Column, ReadOptions, decimal_point, factor_columns, open_client_file

CLIENTS = (
    "Company,Employees,Sales reps,Market volatility,Regulated?,short_term_presure,Innovation Need\n"
    "Acme Logistics,300,25,high,No,0.9,80%\n"
    'Birch Pharma,"5,000",120,low,Yes,,\n'
    "Cedar Labs,40,6,0.7,Partly,,\n"
)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def scored(out: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(out)
    return rows


def test_headers_and_values_as_people_write_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Synonyms and folded headers name the factors; yes/no/partly, 80% and 5,000 read as
    numbers; a misspelt optional column is carried through with a warning naming the fix."""
    src = write(tmp_path / "clients.csv", CLIENTS)
    code, out, err = run(["batch", str(src), "--format", "json"], capsys)
    assert code == 0
    rows = scored(out)
    assert [r["Company"] for r in rows] == ["Acme Logistics", "Birch Pharma", "Cedar Labs"]
    acme = rolemodel.recommend(
        company_size=300, team_size=25, market_change="high", regulation=0, innovation_need=0.8
    )
    assert rows[0]["role"] == acme.role.value and rows[0]["staffing"] == acme.staffing.value
    assert rows[0]["confidence"] == round(acme.confidence, 4)
    birch = rolemodel.recommend(company_size=5000, team_size=120, market_change="low", regulation=1)
    assert rows[1]["role"] == birch.role.value
    assert rows[0]["short_term_presure"] == "0.9"  # carried through, unread
    assert "'short_term_presure'" in err and "did you mean 'short_term_pressure'?" in err
    assert "--map 'short_term_presure=short_term_pressure'" in err
    assert "Innovation Need" not in err  # folded: it is innovation_need
    assert rows[0]["top_reason"] and rows[0]["dissent"] is not None


def test_strict_columns_makes_a_near_miss_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write(tmp_path / "clients.csv", CLIENTS)
    code, out, err = run(["batch", str(src), "--strict-columns"], capsys)
    assert code == 2 and out == ""
    assert "short_term_presure" in err and "--strict-columns" in err


def test_map_reads_a_column_as_a_factor(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write(tmp_path / "clients.csv", CLIENTS)
    code, out, err = run(
        ["batch", str(src), "--format", "json", "--map", "short_term_presure=short_term_pressure"], capsys
    )
    assert code == 0 and "short_term_presure" not in err
    row = scored(out)[0]
    want = rolemodel.recommend(
        company_size=300,
        team_size=25,
        market_change="high",
        regulation=0,
        innovation_need=0.8,
        short_term_pressure=0.9,
    )
    assert row["short_term_pressure"] == 0.9 and row["score_management"] == round(
        want.scores[rolemodel.Role.MANAGEMENT], 4
    )


def test_map_file_and_the_hint_for_a_missing_factor(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write(tmp_path / "c.csv", "Client,Size of firm,Quota carriers,Change,Regulaton\nA,300,25,0.8,0.2\n")
    code, _, err = run(["batch", str(src)], capsys)
    assert code == 2 and "missing company_size, team_size, regulation (did you mean 'Regulaton'?" in err
    mapping = write(
        tmp_path / "map.yaml",
        "Size of firm: company_size\nQuota carriers: team_size\nRegulaton: regulation\n",
    )
    code, out, _ = run(["batch", str(src), "--map-file", str(mapping), "--format", "json"], capsys)
    assert code == 0  # 'Change' is a synonym of market_change
    assert (
        scored(out)[0]["role"]
        == rolemodel.recommend(company_size=300, team_size=25, market_change=0.8, regulation=0.2).role.value
    )
    bad = write(tmp_path / "bad.yaml", "Size of firm: company_sise\n")
    code, _, err = run(["batch", str(src), "--map-file", str(bad)], capsys)
    assert code == 2 and "did you mean 'company_size'?" in err


def test_a_semicolon_file_with_decimal_commas_from_european_excel(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "Firma;Employees;Sales reps;Volatility;Regulated?\nMüller GmbH;1.200;40;0,7;nein\n"
    src = write(tmp_path / "eu.csv", text.replace("nein", "no"), "cp1252")
    code, _, err = run(["batch", str(src)], capsys)
    assert code == 2 and "not UTF-8" in err and "--encoding" in err
    code, out, err = run(["batch", str(src), "--encoding", "cp1252", "--format", "json"], capsys)
    assert code == 1 and "--decimal ," in scored(out)[0]["error"]  # '0,7' read with a decimal point
    code, out, err = run(
        ["batch", str(src), "--encoding", "cp1252", "--decimal", ",", "--format", "json"], capsys
    )
    assert code == 0, err
    row = scored(out)[0]
    assert row["Firma"] == "Müller GmbH"
    want = rolemodel.recommend(company_size=1200, team_size=40, market_change=0.7, regulation=0)
    assert row["role"] == want.role.value and row["confidence"] == round(want.confidence, 4)


def test_a_forced_comma_on_a_semicolon_file_hints_at_the_delimiter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write(tmp_path / "eu.csv", "company_size;team_size;market_change;regulation\n300;25;0.8;0.2\n")
    code, _, err = run(["batch", str(src), "--delimiter", ","], capsys)
    assert code == 2 and "try --delimiter ';'" in err
    code, _, _ = run(["batch", str(src)], capsys)
    assert code == 0


def test_an_excel_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Client", "Headcount", "Sales team", "Market change", "Regulated"])
    sheet.append(["Acme", 300, 25, 0.8, False])
    sheet.append(["Birch", 5000.0, 120, "low", True])
    sheet.append([None, None, None, None, None])  # a blank row: skipped
    sheet.append(["Cedar", 40, 6, "hgh", "no"])
    book.create_sheet("Notes").append(["nothing here"])
    path = tmp_path / "clients.xlsx"
    book.save(path)
    code, out, err = run(["batch", str(path), "--format", "json"], capsys)
    assert code == 1
    rows = scored(out)
    assert [r["Client"] for r in rows] == ["Acme", "Birch", "Cedar"]
    assert (
        rows[0]["role"]
        == rolemodel.recommend(company_size=300, team_size=25, market_change=0.8, regulation=0).role.value
    )
    assert rows[1]["error"] is None
    assert rows[2]["error"].startswith("line 5: profile field 'market_change'")  # the sheet's row
    code, _, err = run(["batch", str(path), "--sheet", "Notse"], capsys)
    assert code == 2 and "did you mean 'Notes'?" in err


def test_json_lines_with_keys_first_seen_late(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [
        {"name": "Acme", "company_size": 300, "team_size": 25, "market_change": "high", "regulation": "no"},
        {
            "name": "Birch",
            "company_size": "5,000",
            "team_size": 120,
            "market_change": 0.1,
            "regulation": True,
            "owner": "Kim",
        },
        [1, 2],
    ]
    src = write(tmp_path / "c.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n")
    code, out, _ = run(["batch", str(src), "--format", "json"], capsys)
    assert code == 1
    rows = scored(out)
    assert [r.get("owner") for r in rows] == [None, "Kim", None]
    assert rows[1]["company_size"] == "5,000" and rows[1]["error"] is None
    assert rows[2]["error"] == "line 3: expected a JSON object, found list"


def test_excel_output_has_a_bom_and_no_formulas(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write(
        tmp_path / "c.csv",
        'client,company_size,team_size,market_change,regulation\n=HYPERLINK("x"),300,25,0.8,0.2\n@Ünïcode,40,6,0.7,0.1\n',
    )
    out_path = tmp_path / "out.csv"
    code, _, _ = run(["batch", str(src), "-o", str(out_path), "--excel", "--digits", "2"], capsys)
    assert code == 0
    raw = out_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0]["client"] == '\'=HYPERLINK("x")' and rows[1]["client"] == "'@Ünïcode"
    assert all(len(r["confidence"].split(".")[-1]) <= 2 for r in rows)


def test_id_column(tmp_path: Path) -> None:
    src = write(
        tmp_path / "c.csv", "Ref,Account,company_size,team_size,market_change,regulation\n7,Acme,300,25,1,0\n"
    )
    with open_client_file(str(src), factor_columns()) as table:
        assert table.id_column == "Account"
        assert [r.id for r in table.rows()] == ["Acme"]
    with open_client_file(str(src), factor_columns(), ReadOptions(id_column="ref")) as table:
        assert [r.id for r in table.rows()] == ["7"]
    from rolemodel._cli import UsageError

    with pytest.raises(UsageError, match="did you mean 'Ref'"):
        open_client_file(str(src), factor_columns(), ReadOptions(id_column="Reff"))


def test_two_headers_naming_one_column_is_an_error(tmp_path: Path) -> None:
    from rolemodel._cli import UsageError

    src = write(tmp_path / "c.csv", "Employees,Headcount,team_size,market_change,regulation\n1,1,1,1,1\n")
    with pytest.raises(UsageError, match="'Employees' and 'Headcount' both name 'company_size'"):
        open_client_file(str(src), factor_columns())


def test_a_vocabulary_of_its_own() -> None:
    """Other commands give their own columns; the reader folds and maps them the same way."""
    people = [Column("person", ("name", "manager"), required=True), Column("q1")]
    stream = io.StringIO()
    stream.write("Manager,Q1\nKim,4\n")
    path = Path(__file__).parent / "_people.csv"
    try:
        path.write_text(stream.getvalue(), encoding="utf-8")
        with open_client_file(str(path), people, id_default=("person",)) as table:
            assert table.names == ["person", "q1"]
            assert [(r.id, r.values) for r in table.rows()] == [("Kim", {"person": "Kim", "q1": "4"})]
    finally:
        path.unlink()


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("0,7", "0.7"),
        ("1.234,5", "1234.5"),
        ("1.200", "1200"),
        ("80,5%", "80.5%"),
        ("-0,25", "-0.25"),
        ("abc", "abc"),
        ("1,2,3", "1,2,3"),
    ],
)
def test_decimal_commas(text: str, read: str) -> None:
    assert decimal_point(text) == read


def test_the_synonyms_page_lists_every_synonym() -> None:
    """docs/how-to/client-files.md's table is the catalogue's synonyms, no more, no less."""
    from rolemodel._profile import fold

    page = (Path(__file__).resolve().parents[1] / "docs" / "how-to" / "client-files.md").read_text(
        encoding="utf-8"
    )
    table = page.split("## The synonyms", 1)[1].split("\n## ", 1)[0]
    listed: dict[str, set[str]] = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0].startswith("`"):
            listed[cells[0].strip("`")] = {fold(x) for x in cells[1].split(",")}
    assert listed == {name: set(spec.synonyms) for name, spec in rolemodel.FACTORS.items()}


def test_a_report_from_a_profile_file_names_the_client(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write(
        tmp_path / "acme.json",
        json.dumps(
            {
                "name": "Acme Logistics",
                "Employees": "5,000",
                "Sales reps": 120,
                "Volatility": "80%",
                "Regulated": "no",
            }
        ),
    )
    out_path = tmp_path / "acme.md"
    code, _, err = run(["report", "--profile", str(src), "-o", str(out_path)], capsys)
    assert code == 0, err
    text = out_path.read_text(encoding="utf-8")
    assert "Acme Logistics" in text.splitlines()[0]
    rec = rolemodel.recommend(company_size=5000, team_size=120, market_change=0.8, regulation=0)
    assert rec.role is not None and rec.role.value.replace("_", " ") in text.lower()
