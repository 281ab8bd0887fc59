"""The command line's files: no row lost on the way through a batch, bounded cells and lines,
atomic writes that never land on an input, exit codes for every failure, streaming memory."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rolemodel
from rolemodel import _csvio, _tabular
from rolemodel._cli import EXIT_INTERNAL, main
from rolemodel._csvio import batch_columns

HEADER = "client,company_size,team_size,market_change,regulation\n"
GOOD = "{name},300,25,high,low\n"
RESULTS = batch_columns([], rolemodel.builtin_frameworks())  # what a batch adds to a row


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """main(argv)'s exit status, stdout and stderr."""
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def read_csv(text: str) -> list[dict[str, str]]:
    """CSV text as dicts."""
    return list(csv.DictReader(io.StringIO(text)))


def write(path: Path, text: str) -> Path:
    """`text` into `path`, as is."""
    path.write_text(text, encoding="utf-8", newline="")
    return path


@pytest.fixture(params=["numpy", "no numpy"])
def numpy_or_not(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test twice: scored by recommend_table (numpy) and by recommend_many (without)."""
    if request.param == "numpy":
        pytest.importorskip("numpy")
    else:
        monkeypatch.setitem(sys.modules, "numpy", None)
    return str(request.param)


# -- no data lost -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
def test_result_named_input_columns_come_back_as_input_name(
    fmt: str, numpy_or_not: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Input columns named like result columns are kept, in place, as input_<name>
    (input_input_<name> when that is taken too), with a note on stderr."""
    src = write(
        tmp_path / "in.csv",
        "role,company_size,confidence,team_size,input_role,market_change,regulation,score_split,error,"
        "verdict_x,reason\n"
        "r,300,c,25,ir,high,low,s,e,v,why\n",
    )
    code, out, err = run(["batch", str(src), "--format", fmt], capsys)
    assert code == 0
    own = [
        "input_input_role",
        "company_size",
        "input_confidence",
        "team_size",
        "input_role",
        "market_change",
        "regulation",
        "input_score_split",
        "input_error",
        "input_verdict_x",
        "input_reason",
    ]
    if fmt == "csv":
        (row,) = read_csv(out)
        columns = out.splitlines()[0].split(",")
    else:
        row = json.loads(out)[0] if fmt == "json" else json.loads(out.splitlines()[0])
        columns = list(row)
    assert columns == [*own, *RESULTS]
    numbers = ("300", "25") if fmt == "csv" else (300, 25)  # JSON numbers as numbers
    expected = ["r", numbers[0], "c", numbers[1], "ir", "high", "low", "s", "e", "v", "why"]
    assert [row[c] for c in own] == expected
    assert row["role"] == "leadership" and row["error"] in ("", None)
    assert "input column(s) named like result columns kept as role as input_input_role" in err


def test_input_names_never_collide() -> None:
    """input_names gives every input column a distinct name that is not a result column."""
    header = ["role", "input_role", "input_input_role", "error", "x", "verdict_a"]
    names = _csvio.input_names(header)
    assert names == [
        "input_input_input_role",
        "input_role",
        "input_input_role",
        "input_error",
        "x",
        "input_verdict_a",
    ]
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("tail", ["", "\n"], ids=["no final newline", "final newline"])
def test_unclosed_quote_near_the_end_loses_no_row(
    tail: str, numpy_or_not: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A quote left open near the end is one bad row naming the line it opened on; the rows
    after it are read again and scored; as many rows out as in; exit 1."""
    text = (
        HEADER + GOOD.format(name="A") + '"B,40,6,high,low\n' + GOOD.format(name="C") + GOOD.format(name="D")
    )
    src = write(tmp_path / "in.csv", text.rstrip("\n") + tail)
    code, out, err = run(["batch", str(src)], capsys)
    assert code == 1 and "1 of 4 row(s) could not be scored" in err
    rows = read_csv(out)
    assert [r["client"] for r in rows] == ["A", "", "C", "D"]
    assert rows[1]["error"].startswith("line 3: a quote is not closed")
    assert [r["role"] for r in rows] == ["leadership", "", "leadership", "leadership"]


def test_quote_opened_inside_a_row_is_located_and_bounded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A quote that opens on a later line of a multi-line row, and runs past the bound of
    MAX_CELL_LINES lines, names that line; the rows after it come back."""
    good = "".join(GOOD.format(name=f"R{i}") for i in range(_tabular.MAX_CELL_LINES + 20))
    text = HEADER + '"two\nlines",300,25,high,"low\n' + good
    code, out, _ = run(["batch", str(write(tmp_path / "in.csv", text))], capsys)
    assert code == 1
    rows = read_csv(out)
    assert len(rows) == 1 + _tabular.MAX_CELL_LINES + 20
    assert rows[0]["error"].startswith("line 2: the quote opened on line 3 is not closed")
    assert f"{_tabular.MAX_CELL_LINES} lines" in rows[0]["error"]
    assert [r["client"] for r in rows[1:]] == [f"R{i}" for i in range(_tabular.MAX_CELL_LINES + 20)]
    assert all(r["error"] == "" for r in rows[1:])


def test_a_quoted_cell_may_hold_line_breaks_within_the_bounds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Line breaks inside a quoted cell are kept, and the row is scored."""
    note = "\n".join(f"note {i}" for i in range(50))
    src = write(
        tmp_path / "in.csv", HEADER.replace("client", "client,note") + f'A,"{note}",300,25,high,low\n'
    )
    code, out, _ = run(["batch", str(src)], capsys)
    assert code == 0
    (row,) = read_csv(out)
    assert row["note"] == note and row["role"] == "leadership"


def test_long_cell_and_long_line_are_located_row_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A cell over MAX_CELL characters and a line over MAX_LINE characters are each a row
    error naming its line (and the cell's column); the rows around them are scored."""
    text = (
        HEADER
        + GOOD.format(name="A")
        + GOOD.format(name="x" * (_tabular.MAX_CELL + 1))
        + "y" * (_tabular.MAX_LINE + 5)
        + ",1,1,1,1\n"
        + GOOD.format(name="D")
    )
    code, out, _ = run(["batch", str(write(tmp_path / "in.csv", text))], capsys)
    assert code == 1
    rows = read_csv(out)
    assert [r["error"] for r in rows] == [
        "",
        f"line 3: cell 'client' holds more than {_tabular.MAX_CELL:,} characters",
        f"line 4: longer than {_tabular.MAX_LINE:,} characters",
        "",
    ]
    assert rows[3]["client"] == "D" and rows[3]["role"] == "leadership"


def test_a_cell_at_the_bound_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A cell of exactly MAX_CELL characters is fine: the bound is inclusive."""
    src = write(tmp_path / "in.csv", HEADER + GOOD.format(name="x" * _tabular.MAX_CELL))
    code, out, _ = run(["batch", str(src)], capsys)
    assert code == 0 and read_csv(out)[0]["client"] == "x" * _tabular.MAX_CELL


cells = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(cells, cells), max_size=8))
def test_every_written_row_comes_back(
    rows: list[tuple[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Any cells (quotes, commas, line breaks, lone carriage returns) written by the csv module
    come back in the JSON and the CSV output, one output row per input row, in order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # "\r\n" line ends: the csv module then quotes a lone "\r"
    writer.writerow(["client", "note", "company_size", "team_size", "market_change", "regulation"])
    writer.writerows([a, b, 300, 25, "high", "low"] for a, b in rows)
    src = write(tmp_path / "in.csv", buffer.getvalue())
    code, out, _ = run(["batch", str(src), "--format", "json"], capsys)
    assert code == 0
    assert [(r["client"], r["note"]) for r in json.loads(out)] == rows
    code, out, _ = run(["batch", str(src), "--format", "csv"], capsys)
    back = list(csv.DictReader(io.StringIO(out, newline="")))
    assert code == 0 and [(r["client"], r["note"]) for r in back] == rows


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.text(st.sampled_from('ab,"\n\r1 '), max_size=30), max_size=12))
def test_any_text_gives_rows_or_row_errors_never_a_crash(
    lines: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Stray quotes, commas and line breaks after a good header never crash a batch: exit 0
    or 1, and every output row is either scored or names its line."""
    src = write(tmp_path / "in.csv", HEADER + "\n".join(lines))
    code, out, err = run(["batch", str(src), "--format", "json"], capsys)
    assert code in (0, 1), err
    for row in json.loads(out):
        assert row["error"] is None or row["error"].startswith("line ")


# -- atomic writes ------------------------------------------------------------------------------


@pytest.fixture
def portfolio(tmp_path: Path) -> Path:
    """A one-row portfolio."""
    return write(tmp_path / "in.csv", HEADER + GOOD.format(name="A"))


@pytest.mark.parametrize("how", ["same path", "symlink", "hard link", "other spelling"])
@pytest.mark.parametrize("command", ["batch", "report"])
def test_refuses_to_write_onto_its_input(
    how: str, command: str, portfolio: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """-o naming the input file (by path, a symlink, a hard link, another spelling) exits 2
    and leaves the input as it was."""
    before = portfolio.read_bytes()
    target = {
        "same path": portfolio,
        "symlink": tmp_path / "link.csv",
        "hard link": tmp_path / "hard.csv",
        "other spelling": tmp_path / "." / ".." / tmp_path.name / "in.csv",
    }[how]
    if how == "symlink":
        target.symlink_to(portfolio)
    elif how == "hard link":
        os.link(portfolio, target)
    argv = [
        command,
        str(portfolio),
        "-o",
        str(target),
        "--format",
        "csv" if command == "batch" else "markdown",
    ]
    code, out, err = run(argv, capsys)
    assert (code, out) == (2, "") and "refusing to write" in err and "input file" in err
    assert portfolio.read_bytes() == before


def test_refuses_to_write_onto_a_framework_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A framework file named by --framework is an input too."""
    ours = tmp_path / "ours.yaml"
    ours.write_text("not read", encoding="utf-8")
    src = write(tmp_path / "in.csv", HEADER + GOOD.format(name="A"))
    code, _, err = run(
        ["batch", str(src), "--framework", str(ours), "-o", str(ours), "--format", "csv"], capsys
    )
    assert code == 2 and "refusing to write" in err
    assert ours.read_text(encoding="utf-8") == "not read"


def test_output_onto_a_symlink_replaces_the_link_not_its_target(
    portfolio: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """-o onto a symlink replaces the link by a regular file; the file it pointed to is untouched."""
    elsewhere = tmp_path / "elsewhere.csv"
    elsewhere.write_text("precious\n", encoding="utf-8")
    link = tmp_path / "out.csv"
    link.symlink_to(elsewhere)
    code, _, _ = run(["batch", str(portfolio), "-o", str(link)], capsys)
    assert code == 0
    assert not link.is_symlink() and read_csv(link.read_text(encoding="utf-8"))[0]["role"] == "leadership"
    assert elsewhere.read_text(encoding="utf-8") == "precious\n"


def test_write_keeps_a_replaced_files_permissions_and_leaves_no_temporary(
    portfolio: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Replacing a file keeps its permission bits; no temporary file stays beside it."""
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    assert run(["batch", str(portfolio), "-o", str(target)], capsys)[0] == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.csv"]


def test_write_failure_under_a_file_size_limit_keeps_the_earlier_output(tmp_path: Path) -> None:
    """When the file size limit stops the write mid-way, the good earlier output stays whole,
    no temporary file is left, and the exit status is 2 with a message."""
    src = write(tmp_path / "in.csv", HEADER + "".join(GOOD.format(name=f"c{i}") for i in range(2000)))
    target = tmp_path / "scored.csv"
    assert main(["batch", str(src), "-o", str(target), "--no-progress"]) == 0
    good = target.read_bytes()
    script = textwrap.dedent(
        f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))
        from rolemodel._cli import main
        sys.exit(main(["batch", {str(src)!r}, "-o", {str(target)!r}, "--no-progress"]))
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 2, done.stderr
    assert f"cannot write {target}: File too large" in done.stderr and "Traceback" not in done.stderr
    assert target.read_bytes() == good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "scored.csv"]


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes anywhere")
def test_write_into_a_read_only_folder_exits_2_and_keeps_the_old_file(
    portfolio: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder that cannot be written to: exit 2 with a message, the old output untouched."""
    folder = tmp_path / "ro"
    folder.mkdir()
    target = folder / "out.md"
    target.write_text("old report\n", encoding="utf-8")
    folder.chmod(0o555)
    try:
        code, _, err = run(["report", str(portfolio), "-o", str(target)], capsys)
    finally:
        folder.chmod(0o755)
    assert code == 2 and f"cannot write {target}: Permission denied" in err
    assert target.read_text(encoding="utf-8") == "old report\n"


def test_an_error_while_scoring_leaves_no_output(
    portfolio: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An error half way through a streamed batch leaves the earlier output whole (exit 3)."""
    target = tmp_path / "out.csv"
    target.write_text("earlier\n", encoding="utf-8")

    def broken(*args: object, **kwargs: object) -> object:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(_csvio, "_score_block", broken)
    code, _, err = run(["batch", str(portfolio), "-o", str(target)], capsys)
    assert code == EXIT_INTERNAL and "boom" in err
    assert target.read_text(encoding="utf-8") == "earlier\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.csv"]


def test_output_to_a_device_is_written_through(portfolio: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A device (/dev/null) cannot be replaced: it is written straight into."""
    assert run(["batch", str(portfolio), "-o", os.devnull, "--format", "csv"], capsys)[0] == 0


# -- exit codes ---------------------------------------------------------------------------------


def test_internal_error_exits_3_with_a_hint_and_no_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unexpected exception is exit 3: a short message saying to report it, no traceback;
    --debug adds the traceback."""
    from rolemodel import _cli

    def broken(args: object) -> int:
        raise KeyError("oops")

    monkeypatch.setattr(_cli, "_recommend", broken)
    argv = [
        "recommend",
        "--company-size",
        "3",
        "--team-size",
        "1",
        "--market-change",
        "1",
        "--regulation",
        "1",
    ]
    code, out, err = run(argv, capsys)
    assert (code, out) == (3, "")
    assert "rolemodel recommend: error: internal error: KeyError: 'oops'" in err
    assert "report it" in err and "--debug" in err and "Traceback" not in err
    code, _, err = run([*argv, "--debug"], capsys)
    assert code == 3 and "Traceback" in err
    code, _, err = run(["--debug", *argv], capsys)
    assert code == 3 and "Traceback" in err


@pytest.mark.parametrize(
    ("argv", "status"),
    [
        (["batch", "{dir}"], 2),  # a folder is not a CSV
        (["batch", "{bad_utf8}"], 2),
        (["batch", "{unclosed_header}"], 2),
        (["batch", "{good}", "-o", "{dir}/", "--format", "csv"], 2),
        (["batch", "{good}", "--frobnicate"], 2),
        (["batch", "{good}"], 0),
        (["batch", "{bad_row}"], 1),
    ],
)
def test_exit_codes(argv: list[str], status: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """0 all rows scored, 1 some rows failed, 2 usage or input-file error; never a traceback."""
    files = {
        "dir": str(tmp_path),
        "bad_utf8": str(tmp_path / "latin.csv"),
        "unclosed_header": str(write(tmp_path / "h.csv", '"client,company_size\n')),
        "good": str(write(tmp_path / "good.csv", HEADER + GOOD.format(name="A"))),
        "bad_row": str(write(tmp_path / "bad.csv", HEADER + "A,300,25,hgh,low\n")),
    }
    (tmp_path / "latin.csv").write_bytes(HEADER.encode() + "Zoë,1,1,1,1\n".encode("latin-1"))
    code, _, err = run([a.format(**files) for a in argv], capsys)
    assert code == status, err
    assert "Traceback" not in err and "internal error" not in err


# -- streaming ----------------------------------------------------------------------------------


def test_blocks_keep_rows_and_errors_in_order(
    numpy_or_not: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Scored in blocks of 3, a batch writes the same output as in one block: rows and
    errors in order."""
    lines = [GOOD.format(name=f"c{i}") if i % 4 else f"c{i},300,25,hgh,low\n" for i in range(20)]
    src = write(tmp_path / "in.csv", HEADER + "".join(lines))
    for fmt in ("csv", "json", "jsonl"):
        _, whole, _ = run(["batch", str(src), "--format", fmt], capsys)
        monkeypatch.setattr(_csvio, "BLOCK", 3)
        code, blocked, _ = run(["batch", str(src), "--format", fmt], capsys)
        monkeypatch.setattr(_csvio, "BLOCK", 10_000)
        assert code == 1 and blocked == whole
    rows = read_csv(run(["batch", str(src)], capsys)[1])
    assert [r["client"] for r in rows] == [f"c{i}" for i in range(20)]
    assert [r["error"].split(":")[0] for r in rows if r["error"]] == [
        f"line {i + 2}" for i in range(0, 20, 4)
    ]


def test_json_lines_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """.jsonl writes one JSON object per row, the same objects as the JSON array."""
    src = write(tmp_path / "in.csv", HEADER + GOOD.format(name="A") + "B,1,1,hgh,low\n")
    target = tmp_path / "out.jsonl"
    assert run(["batch", str(src), "-o", str(target)], capsys)[0] == 1
    lines = target.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == json.loads(
        run(["batch", str(src), "--format", "json"], capsys)[1]
    )


def _peak_rss_kib(tmp_path: Path, rows: int, numpy: bool, block: int) -> int:
    """Peak RSS (KiB) of `rolemodel batch` over a generated CSV of `rows` rows, scored in
    blocks of `block` rows, in a child process."""
    src = tmp_path / f"in{rows}.csv"
    with src.open("w", encoding="utf-8") as f:
        f.write(HEADER)
        f.writelines(f"c{i},{100 + i % 5000},{1 + i % 50},{(i % 10) / 10},low\n" for i in range(rows))
    hide = "" if numpy else "sys.modules['numpy'] = None; "
    batch = (
        f"import sys; {hide}from rolemodel import _csvio; _csvio.BLOCK = {block}; "
        "from rolemodel._cli import main; sys.exit(main(sys.argv[1:]))"
    )
    measure = (
        "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:]); "
        "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    argv = ["batch", str(src), "-o", str(tmp_path / "out.csv"), "--no-progress"]
    done = subprocess.run(
        [sys.executable, "-c", measure, sys.executable, "-c", batch, *argv],
        capture_output=True,
        text=True,
        check=True,
    )
    code, peak = done.stdout.split()
    assert code == "0", done.stderr
    return int(peak)


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss is in KiB on Linux")
@pytest.mark.parametrize(
    ("numpy", "small", "big", "block"),
    # without numpy, scoring is slower: smaller files, and blocks small enough that both span several
    [(True, 20_000, 200_000, _csvio.BLOCK), (False, 4_000, 40_000, 1_000)],
    ids=["numpy", "no numpy"],
)
def test_batch_memory_does_not_grow_with_the_rows(
    numpy: bool, small: int, big: int, block: int, tmp_path: Path
) -> None:
    """Peak memory of a batch ten times longer stays about the same (streamed in blocks)."""
    if numpy:
        pytest.importorskip("numpy")
    low = _peak_rss_kib(tmp_path, small, numpy, block)
    high = _peak_rss_kib(tmp_path, big, numpy, block)
    assert high < 1.5 * low + 30 * 1024, (low, high)
    assert high - low < 15 * 1024, (low, high)  # streamed: a few MB at most, not ~1.4 KB a row
