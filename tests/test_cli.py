"""The rolemodel command, driven through main(argv): output, formats, exit codes."""

from __future__ import annotations

import csv
import io
import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import rolemodel
from rolemodel._cli import build_parser, main
from rolemodel._csvio import batch_columns

ACME = ["--company-size", "300", "--team-size", "25", "--market-change", "high", "--regulation", "low"]
ACME_PROFILE = {"company_size": 300, "team_size": 25, "market_change": "high", "regulation": "low"}
RESULTS = batch_columns([], rolemodel.builtin_frameworks())  # what a batch adds to a row
# manage-lead-coach reads market change, structure and development needs only: on a calm,
# small company with neither given, nothing moves it and it abstains on both questions
QUIET = ["--company-size", "10", "--team-size", "2", "--market-change", "low", "--regulation", "low"]
QUIET_PROFILE = {"company_size": 10, "team_size": 2, "market_change": "low", "regulation": "low"}
ONLY_MLC = ["--framework", "manage-lead-coach"]

# line 1 header; line 2 good; line 3 bad level; line 4 blank; lines 5-6 one quoted record
# spanning two lines (bad: team larger than company); line 7 too few fields; line 8 good
PORTFOLIO = (
    "client,company_size,team_size,market_change,regulation,stage\n"
    "Acme,300,25,high,low,\n"
    "Beta,40,6,hgh,0.2,startup\n"
    "\n"
    '"Gamma\nHoldings",10,50,0.5,0.5,\n'
    "Delta,100,10\n"
    "Eps,5000,120,0.1,0.9,mature\n"
)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """main(argv)'s exit status, stdout and stderr."""
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def portfolio(tmp_path: Path) -> Path:
    """A small portfolio CSV with good and bad rows."""
    path = tmp_path / "portfolio.csv"
    path.write_text(PORTFOLIO, encoding="utf-8")
    return path


def read_csv(text: str) -> list[dict[str, str]]:
    """CSV text as dicts."""
    return list(csv.DictReader(io.StringIO(text)))


def manage_lead_coach() -> list[rolemodel.Framework]:
    """The built-in manage-lead-coach framework alone."""
    return [f for f in rolemodel.builtin_frameworks() if f.id == "manage-lead-coach"]


def assert_cells_are_the_row(cells: dict[str, str], rec: rolemodel.Recommendation) -> None:
    """A CSV row's result cells are rec.to_row(): None and NaN empty, numbers as written."""
    for column, value in rec.to_row().items():
        if value is None or (isinstance(value, float) and math.isnan(value)):
            assert cells[column] == "", column
        elif isinstance(value, float):  # written to --digits (4) decimals
            assert float(cells[column]) == round(value, 4), column
        else:
            assert cells[column] == value, column


def flat(text: str) -> str:
    """Text with its runs of whitespace as single spaces (line wrapping aside)."""
    return " ".join(text.split())


# -- recommend ------------------------------------------------------------------------------


def test_recommend_text_is_the_recommendation_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    """The text output is the recommendation's plain text, as a notebook shows it."""
    code, out, err = run(["recommend", *ACME], capsys)
    rec = rolemodel.recommend(ACME_PROFILE)
    assert code == 0 and err == ""
    assert out.rstrip("\n") == rec._repr_mimebundle_(include={"text/plain"})["text/plain"].rstrip("\n")


def test_recommend_text_shows_both_answers_verdicts_and_abstentions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The text names role and staffing with their confidences, every framework, and says
    "no verdict: <why>" for each framework that abstains; a cited reason backs the role."""
    code, out, _ = run(["recommend", *ACME], capsys)
    rec = rolemodel.recommend(ACME_PROFILE)
    # the README example: leadership, with low confidence, and a split staffing
    assert rec.role is rolemodel.Role.LEADERSHIP and rec.confidence < 1 / 3
    assert rec.staffing is rolemodel.Staffing.SPLIT
    text = flat(out)
    assert code == 0
    assert "leadership" in text and f"{rec.confidence:.2f}" in text
    assert "split" in text and f"{rec.staffing_confidence:.2f}" in text
    assert all(fid in text for fid in rec.by_framework)
    assert rec.abstaining and rec.staffing_abstaining
    for verdict in rec.verdicts:
        if verdict.abstained:
            assert f"no verdict: {verdict.reason}" in text
        if verdict.staffing_abstained:
            assert f"no verdict: {verdict.staffing_reason}" in text
    winner = rec.explain().winner
    assert winner is not None and winner.reasons[0].citation.source in text


def test_recommend_without_an_answer_says_why(capsys: pytest.CaptureFixture[str]) -> None:
    """When every framework abstains, recommend exits 0 and says there is no recommendation
    and why, in text and in JSON."""
    rec = rolemodel.recommend(QUIET_PROFILE, frameworks=manage_lead_coach())
    assert rec.role is None and rec.reason
    code, out, err = run(["recommend", *QUIET, *ONLY_MLC], capsys)
    assert (code, err) == (0, "")
    assert f"no recommendation: {rec.reason}" in flat(out)
    code, out, _ = run(["recommend", *QUIET, *ONLY_MLC, "--format", "json"], capsys)
    data = json.loads(out)
    assert code == 0
    assert (data["role"], data["scores"], data["reason"]) == (None, {}, rec.reason)
    assert (data["staffing"], data["staffing_reason"]) == (None, rec.staffing_reason)


def test_recommend_json_is_the_recommendation(capsys: pytest.CaptureFixture[str]) -> None:
    """--format json prints Recommendation.to_dict(), which reads back."""
    code, out, _ = run(["recommend", *ACME, "--format", "json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data == json.loads(json.dumps(rolemodel.recommend(ACME_PROFILE).to_dict()))
    assert (data["role"], data["staffing"]) == ("leadership", "split")
    assert data["explanation"]["winner"]["reasons"]
    assert rolemodel.Recommendation.from_dict(data).to_row() == rolemodel.recommend(ACME_PROFILE).to_row()


def test_recommend_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    """--format markdown is the recommendation's Markdown, as a notebook shows it."""
    code, out, _ = run(["recommend", *ACME, "--format", "markdown"], capsys)
    rec = rolemodel.recommend(ACME_PROFILE)
    assert code == 0
    assert out.rstrip("\n") == rec._repr_markdown_().rstrip("\n")
    assert "eadership" in out and "split" in out.lower()
    code, out, _ = run(["recommend", *QUIET, *ONLY_MLC, "--format", "markdown"], capsys)
    assert code == 0 and "no recommendation" in out


def test_recommend_takes_numbers_optional_factors_and_stage(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Graded flags take numbers or words; optional flags and --stage reach the profile."""
    argv = [
        "recommend",
        "--company-size",
        "40",
        "--team-size",
        "6",
        "--market-change",
        "0.7",
        "--regulation",
        "low",
        "--stage",
        "startup",
        "--innovation-need",
        "high",
        "--format",
        "json",
    ]
    code, out, _ = run(argv, capsys)
    assert code == 0
    assert json.loads(out)["profile"] == {
        "company_size": 40,
        "team_size": 6,
        "market_change": 0.7,
        "regulation": 0.2,
        "stage": "startup",
        "innovation_need": 0.8,
    }


def test_recommend_bad_profile_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """A bad factor value exits 2 with the ProfileError's message and its hint."""
    argv = ["recommend", *ACME[:4], "--market-change", "hgh", "--regulation", "low"]
    code, out, err = run(argv, capsys)
    assert code == 2 and out == ""
    assert "profile field 'market_change'" in err and "did you mean 'high'?" in err


def test_recommend_missing_factor_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """Leaving out a required factor exits 2 naming its flag."""
    code, _, err = run(["recommend", "--company-size", "300"], capsys)
    assert code == 2
    assert "--team-size" in err and "--regulation" in err


def test_recommend_with_chosen_frameworks_and_weights(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    """--framework picks built-ins by id or files; --weight sets combination weights."""
    code, out, _ = run(
        [
            "recommend",
            *ACME,
            "--framework",
            "seven-differences",
            "--framework",
            "kotter-complexity-change",
            "--format",
            "json",
        ],
        capsys,
    )
    assert code == 0
    assert list(json.loads(out)["by_framework"]) == ["seven-differences", "kotter-complexity-change"]

    source = rolemodel.builtin_frameworks()[0].path
    ours = tmp_path / "ours.yaml"
    ours.write_text(
        Path(source).read_text(encoding="utf-8").replace("id: both-hats", "id: our-both-hats"),
        encoding="utf-8",
    )
    code, out, _ = run(
        [
            "recommend",
            *ACME,
            "--framework",
            "builtins",
            "--framework",
            str(ours),
            "--weight",
            "our-both-hats=2",
            "--format",
            "json",
        ],
        capsys,
    )
    assert code == 0
    data = json.loads(out)
    assert len(data["by_framework"]) == 6
    assert data["by_framework"]["our-both-hats"]["weight"] == 2.0
    code, out, _ = run(["recommend", *ACME, "--framework", str(tmp_path), "--format", "json"], capsys)
    assert code == 0 and list(json.loads(out)["by_framework"]) == ["our-both-hats"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--framework", "seven-diferences"], "did you mean 'seven-differences'?"),
        (["--weight", "seven-differences"], "expected ID=W"),
        (["--weight", "seven-diferences=2"], "did you mean 'seven-differences'?"),
        (["--weight", "seven-differences=-1"], "expected a finite number >= 0"),
    ],
)
def test_recommend_bad_framework_options(
    extra: list[str],
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An unknown framework or a malformed/unknown weight exits 2 and says why."""
    code, _, err = run(["recommend", *ACME, *extra], capsys)
    assert code == 2 and message in err


def test_recommend_broken_framework_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A malformed framework file exits 2 listing its problems with their location."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: rolemodel/framework\nversion: 9\n", encoding="utf-8")
    code, _, err = run(["recommend", *ACME, "--framework", str(bad)], capsys)
    assert code == 2 and "bad.yaml" in err and "problem" in err


@pytest.mark.parametrize("output", ["text", "markdown", "json"])
def test_recommend_path_does_not_import_numpy(output: str) -> None:
    """`rolemodel recommend` keeps its import path light: numpy, pandas, dask stay unloaded, and
    so do the other commands' modules (only the command named is registered)."""
    code = (
        "import sys; from rolemodel._cli import main; "
        f"assert main({['recommend', *ACME, '--format', output]!r}) == 0; "
        "heavy = sorted(m for m in ('numpy', 'pandas', 'dask') if m in sys.modules); "
        "assert not heavy, heavy; "
        "others = sorted(m for m in sys.modules if m.startswith(('rolemodel._cli_', 'rolemodel._lint'))); "
        "assert not others, others"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_recommend_text_loads_no_html_escaping_and_no_hints() -> None:
    """The plain-text answer needs neither HTML escaping nor the "did you mean" hints: a
    process that prints it loads neither ``html`` nor ``difflib`` (each costs it time)."""
    code = (
        "import sys; from rolemodel._cli import main; "
        f"assert main({['recommend', *ACME]!r}) == 0; "
        "loaded = sorted(m for m in ('html', 'difflib') if m in sys.modules); "
        "assert not loaded, loaded"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


# -- help -----------------------------------------------------------------------------------


def commands() -> list[list[str]]:
    """Every command and subcommand of the parser."""
    parser = build_parser()
    found: list[list[str]] = []

    def walk(p: Any, prefix: list[str]) -> None:
        for action in p._actions:
            if action.__class__.__name__ == "_SubParsersAction":
                for name, sub in action.choices.items():
                    found.append([*prefix, name])
                    walk(sub, [*prefix, name])

    walk(parser, [])
    return found


def test_every_command_is_registered() -> None:
    """The parser has the documented commands."""
    assert {" ".join(c) for c in commands()} >= {
        "recommend",
        "batch",
        "report",
        "frameworks",
        "frameworks list",
        "frameworks show",
        "frameworks graph",
    }


@pytest.mark.parametrize("command", [[], *commands()], ids=lambda c: " ".join(c) or "rolemodel")
def test_help_has_an_example(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """--help works on every command, exits 0 and shows an example."""
    code, out, _ = run([*command, "--help"], capsys)
    assert code == 0
    assert "example:" in out and "rolemodel " in out.split("example:")[1]


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """Without a command, rolemodel exits 2 with its usage."""
    code, _, err = run([], capsys)
    assert code == 2 and "usage: rolemodel" in err


# -- batch ----------------------------------------------------------------------------------


def test_batch_csv_keeps_rows_and_columns_and_reports_bad_lines(
    portfolio: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Every row comes back in order with its columns; bad rows name their CSV line; exit 1."""
    code, out, err = run(["batch", str(portfolio)], capsys)
    assert code == 1
    assert "3 of 5 row(s) could not be scored" in err
    rows = read_csv(out)
    header = out.splitlines()[0].split(",")
    assert header == ["client", "company_size", "team_size", "market_change", "regulation", "stage", *RESULTS]
    assert [r["client"] for r in rows] == ["Acme", "Beta", "Gamma\nHoldings", "Delta", "Eps"]
    acme = rolemodel.recommend(ACME_PROFILE)
    assert rows[0]["role"] == "leadership" and rows[0]["staffing"] == "split" and rows[0]["error"] == ""
    assert float(rows[0]["confidence"]) == round(acme.confidence, 4)
    assert float(rows[0]["score_leadership"]) == round(acme.scores[rolemodel.Role.LEADERSHIP], 4)
    assert_cells_are_the_row(rows[0], acme)
    assert rows[1]["error"].startswith("line 3: profile field 'market_change'")
    assert rows[2]["error"].startswith("line 5: profile field 'team_size'")
    assert rows[3]["error"] == "line 7: expected 6 fields like the header, found 3"
    for bad in rows[1:4]:
        assert all(bad[c] == "" for c in RESULTS[:-1])
    eps = rolemodel.recommend(
        company_size=5000, team_size=120, market_change=0.1, regulation=0.9, stage="mature"
    )
    assert_cells_are_the_row(rows[4], eps)
    assert rows[4]["error"] == ""


def test_batch_all_good_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A batch whose rows all score exits 0 and writes OUT."""
    src = tmp_path / "in.csv"
    src.write_text(
        "company_size,team_size,market_change,regulation\n300,25,high,low\n20,3,0.9,0.1\n", encoding="utf-8"
    )
    code, out, err = run(["batch", str(src), "-o", str(tmp_path / "out.csv")], capsys)
    assert (code, out, err) == (0, "", "")
    rows = read_csv((tmp_path / "out.csv").read_text(encoding="utf-8"))
    assert_cells_are_the_row(rows[0], rolemodel.recommend(ACME_PROFILE))
    assert_cells_are_the_row(
        rows[1], rolemodel.recommend(company_size=20, team_size=3, market_change=0.9, regulation=0.1)
    )


@pytest.mark.parametrize(
    "frameworks",
    [[], ["--framework", "kotter-complexity-change", "--framework", "both-hats"], ONLY_MLC],
    ids=["builtins", "two", "one"],
)
def test_batch_columns_are_the_result_columns(
    frameworks: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The output columns are the input's own, then exactly result_columns() of the frameworks
    used; input columns named like result columns are kept in place as input_<name>."""
    src = tmp_path / "in.csv"
    src.write_text(
        "id,company_size,team_size,role,market_change,regulation,verdict_old,error\n"
        "1,300,25,stale,high,low,stale,stale\n",
        encoding="utf-8",
    )
    for fmt in ("csv", "json"):
        code, out, _ = run(["batch", str(src), "--format", fmt, *frameworks], capsys)
        assert code == 0
        ids = frameworks[1::2] or [f.id for f in rolemodel.builtin_frameworks()]
        by_id = {f.id: f for f in rolemodel.builtin_frameworks()}
        chosen = [by_id[i] for i in ids]
        own = ["id", "company_size", "team_size", "input_role", "market_change", "regulation"]
        expected = [*own, "input_verdict_old", "input_error", *batch_columns([], chosen)]
        columns = out.splitlines()[0].split(",") if fmt == "csv" else list(json.loads(out)[0])
        assert columns == expected
    row = json.loads(out)[0]
    chosen = [f for f in rolemodel.builtin_frameworks() if f.id in ids]
    assert row["role"] == rolemodel.recommend(ACME_PROFILE, frameworks=chosen).role.value
    assert row["error"] is None
    assert row["input_role"] == row["input_verdict_old"] == row["input_error"] == "stale"


def test_batch_verdict_column_is_empty_where_the_framework_abstains(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """verdict_<id> holds each framework's own role, and is empty (null in JSON) where it abstains."""
    rec = rolemodel.recommend(ACME_PROFILE)
    assert rec.abstaining, "the README example has a framework abstaining on role"
    src = tmp_path / "in.csv"
    src.write_text("company_size,team_size,market_change,regulation\n300,25,high,low\n", encoding="utf-8")
    _, out, _ = run(["batch", str(src)], capsys)
    (cells,) = read_csv(out)
    _, out, _ = run(["batch", str(src), "--format", "json"], capsys)
    (row,) = json.loads(out)
    for fid, verdict in rec.by_framework.items():
        if verdict.abstained:
            assert cells[f"verdict_{fid}"] == "" and row[f"verdict_{fid}"] is None
        else:
            assert cells[f"verdict_{fid}"] == row[f"verdict_{fid}"] == verdict.role
    assert row["dissent"] == ";".join(rec.dissent)


def test_batch_row_where_every_framework_abstains_is_scored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A row on which every framework abstains is scored (exit 0): empty role and staffing,
    the reason in reason/staffing_reason, no error; empty scores are empty cells, JSON null."""
    rec = rolemodel.recommend(QUIET_PROFILE, frameworks=manage_lead_coach())
    assert rec.role is None and rec.staffing is None
    src = tmp_path / "in.csv"
    src.write_text(
        "client,company_size,team_size,market_change,regulation\nQuiet,10,2,low,low\nAcme,300,25,high,low\n",
        encoding="utf-8",
    )
    code, out, err = run(["batch", str(src), *ONLY_MLC], capsys)
    assert (code, err) == (0, "")
    quiet, acme = read_csv(out)
    assert (quiet["role"], quiet["staffing"], quiet["error"]) == ("", "", "")
    assert quiet["reason"] == rec.reason != "" and quiet["staffing_reason"] == rec.staffing_reason
    assert quiet["score_leadership"] == "" and quiet["verdict_manage-lead-coach"] == ""
    assert_cells_are_the_row(quiet, rec)
    assert acme["role"] == "leadership" and acme["reason"] == ""
    code, out, _ = run(["batch", str(src), *ONLY_MLC, "--format", "json"], capsys)
    quiet_json = json.loads(out)[0]
    assert code == 0
    assert quiet_json["role"] is None and quiet_json["score_management"] is None
    assert quiet_json["confidence"] == rec.confidence and quiet_json["reason"] == rec.reason


def test_batch_reads_stdin_and_writes_stdout(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """'-' reads the CSV from stdin; output goes to stdout (CSV unless --format says)."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(PORTFOLIO))
    code, out, _ = run(["batch", "-", "-o", "-", "--format", "json"], capsys)
    assert code == 1
    rows = json.loads(out)
    assert [r["client"] for r in rows] == ["Acme", "Beta", "Gamma\nHoldings", "Delta", "Eps"]
    assert rows[0]["company_size"] == 300 and isinstance(rows[0]["confidence"], float)
    assert rows[1]["role"] is None and rows[1]["confidence"] is None
    assert rows[0]["error"] is None and rows[1]["error"].startswith("line 3:")


@pytest.mark.parametrize(
    ("suffix", "check"),
    [
        (".csv", lambda t: t.startswith("client,company_size")),
        (".json", lambda t: json.loads(t)[0]["role"] == "leadership"),
        (".md", lambda t: "leadership" in t.lower() and "line 3:" in t and "|" in t),
        (".html", lambda t: "<table" in t and "leadership" in t.lower() and "Gamma" in t),
    ],
)
def test_batch_every_output_format(
    suffix: str,
    check: Any,
    portfolio: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The output format follows OUT's suffix: .csv, .json, .md, .html."""
    target = tmp_path / f"out{suffix}"
    code, _, _ = run(["batch", str(portfolio), "-o", str(target), "--no-progress"], capsys)
    assert code == 1
    assert check(target.read_text(encoding="utf-8"))


def test_batch_html_escapes_cells(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Cell text is escaped in HTML output."""
    src = tmp_path / "in.csv"
    src.write_text(
        "client,company_size,team_size,market_change,regulation\n<b>x</b>,300,25,high,low\n", encoding="utf-8"
    )
    code, _, _ = run(["batch", str(src), "-o", str(tmp_path / "o.html")], capsys)
    assert code == 0
    assert "<b>x</b>" not in (tmp_path / "o.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["batch", "{src}", "-o", "out.xlsx"], "cannot tell the format"),
        (["batch", "missing.csv"], "cannot read missing.csv"),
        (["batch", "{empty}"], "empty"),
        (["batch", "{nocol}"], "missing regulation (did you mean 'Regulaton'? --map 'Regulaton=regulation')"),
        (["batch", "{dup}"], "named twice"),
        (["batch", "{src}", "--weight", "nope=1"], "weights"),
    ],
)
def test_batch_usage_errors_exit_2(
    argv: list[str],
    message: str,
    portfolio: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Bad suffixes, unreadable, empty or column-less files and bad options exit 2."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    (tmp_path / "nocol.csv").write_text(
        "company_size,team_size,market_change,Regulaton\n1,1,1,1\n", encoding="utf-8"
    )
    (tmp_path / "dup.csv").write_text(
        "company_size,team_size,market_change,regulation,regulation\n", encoding="utf-8"
    )
    files = {"src": str(portfolio), "empty": "empty.csv", "nocol": "nocol.csv", "dup": "dup.csv"}
    code, out, err = run([a.format(**files) for a in argv], capsys)
    assert code == 2 and out == ""
    assert message in err


def test_batch_header_only_gives_header_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A CSV without rows scores nothing, exits 0 and writes just the header."""
    src = tmp_path / "in.csv"
    src.write_text("company_size,team_size,market_change,regulation\n", encoding="utf-8")
    code, out, _ = run(["batch", str(src)], capsys)
    assert code == 0
    assert out == "company_size,team_size,market_change,regulation," + ",".join(RESULTS) + "\n"
    code, out, _ = run(["batch", str(src), *ONLY_MLC], capsys)
    assert code == 0
    mlc = [f for f in rolemodel.builtin_frameworks() if f.id == "manage-lead-coach"]
    assert out.rstrip("\n").split(",")[4:] == batch_columns([], mlc)


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("frameworks", [[], ONLY_MLC], ids=["builtins", "abstaining"])
def test_batch_without_numpy_gives_the_same_output(
    fmt: str,
    frameworks: list[str],
    portfolio: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Without numpy, batch scores row by row with recommend_many, to the same output
    (rows where every framework abstains included)."""
    pytest.importorskip("numpy")
    argv = ["batch", str(portfolio), "--format", fmt, *frameworks]
    _, with_numpy, _ = run(argv, capsys)
    monkeypatch.setitem(sys.modules, "numpy", None)
    code, without, _ = run(argv, capsys)
    assert code == 1
    assert without == with_numpy


class FakeTerminal(io.StringIO):
    """A stderr that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def big_portfolio(path: Path, rows: int) -> Path:
    """A CSV of `rows` good companies."""
    lines = ["company_size,team_size,market_change,regulation"]
    lines += [f"{100 + i},{1 + i % 50},{(i % 10) / 10},low" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_batch_progress_bar_on_a_terminal(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A long batch draws a progress bar on a terminal's stderr; --no-progress stops it."""
    src = big_portfolio(tmp_path / "big.csv", 12_000)
    out = str(tmp_path / "out.csv")
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["batch", str(src), "-o", out]) == 0
    assert "scoring [" in terminal.getvalue() and "12,000/12,000" in terminal.getvalue()
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["batch", str(src), "-o", out, "--no-progress"]) == 0
    assert terminal.getvalue() == ""


def test_batch_no_progress_bar_when_not_a_terminal(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Off a terminal (a pipe, a log file) there is no progress bar."""
    src = big_portfolio(tmp_path / "big.csv", 6_000)
    code, _, err = run(["batch", str(src), "-o", str(tmp_path / "o.csv")], capsys)
    assert (code, err) == (0, "")


# -- frameworks -----------------------------------------------------------------------------


def test_frameworks_list(capsys: pytest.CaptureFixture[str]) -> None:
    """`frameworks list` names every built-in framework; --format json lists them as data."""
    code, out, _ = run(["frameworks", "list"], capsys)
    assert code == 0
    for f in rolemodel.builtin_frameworks():
        assert f.id in out and f.title in out
        line = next(ln for ln in out.splitlines() if ln.startswith(f.id + " "))
        roles = ", ".join(f.role_ids)
        staffing = f"[{', '.join(f.staffing_ids)}]" if f.staffing_ids else "none"
        assert line.endswith(f"roles [{roles}]  staffing {staffing}")
    code, out, _ = run(["frameworks", "list", "--format", "json"], capsys)
    listed = json.loads(out)
    assert [f["id"] for f in listed] == [f.id for f in rolemodel.builtin_frameworks()]
    assert [f["staffing"] for f in listed] == [list(f.staffing_ids) for f in rolemodel.builtin_frameworks()]


@pytest.mark.parametrize("framework", rolemodel.builtin_frameworks(), ids=lambda f: f.id)
def test_frameworks_show(framework: rolemodel.Framework, capsys: pytest.CaptureFixture[str]) -> None:
    """`frameworks show ID` shows the roles, the staffing options, rules with their conditions,
    weight and basis (article or calibration), and citations."""
    code, out, _ = run(["frameworks", "show", framework.id], capsys)
    assert code == 0
    assert out.startswith(f"{framework.id}: {framework.title}")
    roles, staffing = out.split("\nRoles:\n")[1].split("\nStaffing:\n")
    for spec in framework.roles:
        assert f"  {spec.role.value} (baseline {spec.baseline:g})" in roles
    for option in framework.staffing:
        assert f"  {option.staffing.value} (baseline {option.baseline:g})" in staffing.split("\nRules")[0]
    if not framework.staffing:
        assert "does not speak to who holds the roles" in staffing
    for rule in framework.rules:
        assert rule.basis in ("article", "calibration")
        assert (
            f"{rule.id}: when {rule.when.describe()} -> {rule.then} (weight {rule.weight:g}, {rule.basis}"
            in out
        )
    assert framework.rules[0].citation.quote.split()[0] in out


def test_frameworks_graph_mermaid_and_dot(capsys: pytest.CaptureFixture[str]) -> None:
    """`frameworks graph` draws every node and edge of the rule graph as Mermaid or dot."""
    framework = rolemodel.builtin_frameworks()[2]
    graph = framework.graph
    code, out, _ = run(["frameworks", "graph", framework.id], capsys)
    assert code == 0 and out.startswith("flowchart")
    # Mermaid draws one arrow per value each rule reads (a rule reading nothing: from 'always').
    assert out.count("-->") == sum(max(1, len(rule.reads)) for rule in framework.rules)
    code, out, _ = run(["frameworks", "graph", framework.id, "--format", "dot"], capsys)
    assert code == 0 and out.startswith(f'digraph "{framework.id}"')
    assert out.count(" -> ") == graph.number_of_edges()
    for node in graph.nodes:
        assert f'"{node}" [label=' in out
    for option in framework.staffing_ids:
        assert f'"staffing:{option.value}" [label="{option.value}", shape=octagon]' in out


def test_frameworks_unknown_id(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown framework id exits 2 with a suggestion."""
    code, _, err = run(["frameworks", "show", "kotter-complexity"], capsys)
    assert code == 2 and "did you mean 'kotter-complexity-change'?" in err


# -- report ---------------------------------------------------------------------------------


def test_report_client(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """`report` with factor flags writes the client report, Markdown or HTML."""
    code, out, _ = run(["report", *ACME], capsys)
    assert code == 0 and "leadership" in out
    target = tmp_path / "acme.html"
    code, _, _ = run(["report", *ACME, "-o", str(target)], capsys)
    assert code == 0 and "<" in target.read_text(encoding="utf-8")


def test_report_portfolio(portfolio: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`report IN.csv` writes the portfolio report; bad rows make it exit 1."""
    target = tmp_path / "portfolio.md"
    code, _, _ = run(["report", str(portfolio), "-o", str(target)], capsys)
    assert code == 1 and "Acme" in target.read_text(encoding="utf-8")


def test_report_refuses_csv_and_flags_together(
    portfolio: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`report` takes a CSV or factor flags, not both (or says reports are missing)."""
    code, _, err = run(["report", str(portfolio), *ACME], capsys)
    assert code == 2
    assert "not both" in err or "reports are not available" in err


def test_python_dash_m(portfolio: Path) -> None:
    """`python -m rolemodel` runs the command and passes its exit status on."""
    done = subprocess.run(
        [sys.executable, "-m", "rolemodel", "batch", str(portfolio)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1 and done.stdout.startswith("client,")


@pytest.mark.parametrize("n", [0, 1, 2])
def test_recommend_reasons_caps_the_cited_reasons_per_answer(
    n: int, capsys: pytest.CaptureFixture[str]
) -> None:
    """--reasons N shows at most N cited reasons under each answer's why."""
    code, out, _ = run(["recommend", *ACME, "--reasons", str(n)], capsys)
    assert code == 0
    for block in out.split("\n\n"):
        if block.startswith(("Why leadership", "Why split")):
            assert block.count("\u201c") == n
