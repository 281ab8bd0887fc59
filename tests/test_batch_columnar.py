"""``rolemodel batch`` writes, for varied client files, the very bytes it wrote when its fixture
was made (before the columnar CSV path): every value form, every bad row with all its errors,
every reading and writing option, in blocks of any size, with numpy or without. And the
columnar reading of cells agrees with the exact coercion, cell by cell.

The fixture (``tests/data/batch_columnar.json``) keeps each case's command line, exit status,
stderr and output file. Rewrite it only for an intended change of output:
``python tests/test_batch_columnar.py``.
"""

from __future__ import annotations

import contextlib
import csv
import difflib
import io
import json
import math
import random
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rolemodel import FACTORS
from rolemodel._cli import main

FIXTURE = Path(__file__).resolve().parent / "data" / "batch_columnar.json"

HEADER = [
    "Client",
    "Employees",
    "Sales reps",
    "market_change",
    "Regulated?",
    "stage",
    "innovation_need",
    "competition",
    "notes",
    "role",
    "short_term_presure",
]
NAMES = [
    "Acme",
    "Zoë GmbH",
    "=1+1",
    "+44 20 7946",
    "-5",
    "@home",
    "Smith, Jones & Co",
    'The "Best" Ltd',
    "",
    "  padded  ",
    "tab\there",
    "-0.5",
    "1e3",
    "Ünïcødé ☃",
]
PLAIN_GRADED = ["0.1", "0.25", "0.7", "low", "medium", "high", "1", "0", "yes", "no", "partly", "80%", "0.5"]
TRICKY_COUNT = [
    "0", "-5", "5,000", "1,234,567", "5 000", "1,50", "300.0", "300.5", "1e3", "1_000", " 42 ", "007",
    "", "   ", "abc", "nan", "inf", "-inf", "99999999999999999999999", "+7", "3.", ".5e1", "12,34,567",
    "10000000", "10000001", "1.234,5", "0x10", "\u0663\u0660\u0660", "1" * 101, "True", "yes", "4.0e0",
    "  9  ",
]  # fmt: skip
TRICKY_GRADED = [
    "0", "1", "0.30000000000000004", ".5", "1.", "80 %", "120%", "-0", "-0.0", "0.0", "Low", " HIGH ",
    "Partially", "Y", "n", "true", "False", "somewhat", "", "  ", "hgh", "1.5", "2", "50", "1e-1", "nan",
    "0,5", "5,000", "-0.1", "x" * 120, "\u0661", "0.7 ", "½", "100%", "0%", "50.5%", "%", "1e400", "+0.5",
    ".", "0.", "00.5", "1_0", "0.123456789012345678", "inf", "yes!", "medium-high",
]  # fmt: skip
TRICKY_STAGE = ["", "startup", "growth", "mature", "Mature", " growth ", "grwth", "1", "Startup ", "x" * 101]
NOTES = ["", "call back", "likes a, b and c", 'says "no"', "=HYPERLINK(1)", "-", "@x", "+1", "multi word"]


def _graded(rng: random.Random, tricky: bool) -> str:
    if tricky and rng.random() < 0.4:
        return rng.choice(TRICKY_GRADED)
    if rng.random() < 0.3:
        return f"{rng.random():.{rng.randint(1, 6)}f}"
    return rng.choice(PLAIN_GRADED)


def _row(rng: random.Random, i: int) -> list[str]:
    tricky = rng.random() < 0.3
    company = (
        rng.choice([1, 2, 49, 50, 250, 251, 1000, 5000, 200_000])
        if rng.random() < 0.3
        else rng.randint(1, 20_000)
    )
    team = rng.randint(1, min(company, 300)) if rng.random() < 0.9 else company + 1
    cells = [
        rng.choice(NAMES) if rng.random() < 0.2 else f"c{i}",
        rng.choice(TRICKY_COUNT) if tricky and rng.random() < 0.3 else str(company),
        rng.choice(TRICKY_COUNT) if tricky and rng.random() < 0.3 else str(team),
        _graded(rng, tricky),
        _graded(rng, tricky),
        rng.choice(TRICKY_STAGE)
        if tricky and rng.random() < 0.4
        else rng.choice(["", "", "startup", "mature"]),
        _graded(rng, tricky) if rng.random() < 0.5 else "",
        _graded(rng, tricky) if rng.random() < 0.3 else "",
        rng.choice(NOTES),
        rng.choice(["", "r", "=role"]),
        rng.choice(["", "0.4", "high"]),
    ]
    return cells


def _quote(cell: str, delimiter: str) -> str:
    if any(c in cell for c in (delimiter, '"', "\n", "\r")):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def varied(rows: int = 200, seed: int = 12, delimiter: str = ",", newline: str = "\n") -> str:
    """A client file of ``rows`` generated rows (most plain, some with tricky cells), with
    blank lines, short and long rows and quoted line breaks among them."""
    rng = random.Random(seed)
    lines = [delimiter.join(_quote(h, delimiter) for h in HEADER)]
    for i in range(rows):
        cells = _row(rng, i)
        if i % 97 == 13:
            lines.append("")  # a blank line
        if i % 89 == 21:
            cells = cells[:5]  # too few fields
        if i % 83 == 30:
            cells = [*cells, "extra"]  # too many
        if i % 101 == 44:
            cells[8] = "two\nlines"  # a quoted line break
        lines.append(delimiter.join(_quote(c, delimiter) for c in cells))
    lines.append("   ")  # a row of one blank field
    return newline.join(lines) + newline


def plain(
    rows: int = 400,
    seed: int = 2,
    delimiter: str = ",",
    pad: str = "",
    newline: str = "\n",
    bad: float = 0.03,
) -> str:
    """A client file as most are: no quotes, every row well formed, values of every form the
    coercion accepts, a few bad ones (``bad``: about that share of cells); cells padded with
    ``pad``."""
    rng = random.Random(seed)
    lines = [
        delimiter.join(
            ["Company", "Headcount", "Reps", "Volatility", "Compliance", "stage", "competition", "note"]
        )
    ]
    graded = [
        "0.1",
        "0.25",
        "0.7",
        "low",
        "medium",
        "high",
        "1",
        "0",
        "yes",
        "no",
        "partly",
        "80%",
        "High",
        "",
        "TRUE",
    ]
    required = graded if bad else [g for g in graded if g]  # a required factor left blank is bad
    for i in range(rows):
        company = rng.randint(1, 20_000)
        cells = [
            rng.choice([f"c{i}", "=cmd", "-3", "+x", "@a", "Zoë", f"c{i}"]),
            str(company) if rng.random() >= bad else rng.choice(["0", "abc", "1e3", ""]),
            str(rng.randint(1, min(company, 300))) if rng.random() >= bad else str(company + 1),
            rng.choice(required) if rng.random() < 0.7 else f"{rng.random():.{rng.randint(1, 5)}f}",
            rng.choice(required) if rng.random() >= bad else "hgh",
            rng.choice(["", "", "startup", "growth", "mature", "Mature"]),
            rng.choice(graded) if rng.random() < 0.5 else "",
            rng.choice(["", "x", "note one"]),
        ]
        lines.append(delimiter.join(pad + c + pad for c in cells))
    return newline.join(lines) + newline


def decimal_commas(rows: int = 80, seed: int = 5) -> str:
    """A semicolon file with decimal commas (0,7 and 1.234,5) as a European Excel writes it."""
    rng = random.Random(seed)
    lines = ["Client;company_size;team_size;market_change;regulation;competition"]
    good = ["0,7", "0,25", "80,5%", "80,5 %", "0.7", "high", "", "1", "0,5", ",5"]
    bad = ["1.234,5", "5.000", "1,5", "1.000.000", "0,", "0,5,5"]
    for i in range(rows):
        company = rng.choice(["300", "5.000", "1.234", "12", "300", "1.234,5", "2,0", "12.000"])
        team = rng.choice(["1", "25", "7", "7", "2.000", "3,0"])
        graded = [rng.choice(bad if rng.random() < 0.1 else good) for _ in range(3)]
        lines.append(";".join([f"c{i}", company, team, *graded]))
    return "\n".join(lines) + "\n"


def bounds(seed: int = 3) -> str:
    """Rows at and past the reader's bounds: a cell past MAX_CELL, a line past MAX_LINE, a quote
    left open, a multi-line cell within bounds."""
    from rolemodel._tabular import MAX_CELL, MAX_LINE

    head = "client,company_size,team_size,market_change,regulation\n"
    good = "".join(f"g{i},{300 + i},{1 + i},high,low\n" for i in range(8))
    return (
        head
        + good
        + "long," + "9" * (MAX_CELL + 1) + ",25,high,low\n"
        + "y" * (MAX_LINE + 5) + "\n"
        + good
        + '"multi\nline name",300,25,0.5,0.5\n'
        + good
        + 'open,300,25,"high,low\n'
        + good
    )  # fmt: skip


def jsonl(rows: int = 40, seed: int = 8) -> str:
    """JSON Lines with typed values: numbers, booleans, text, null, nested values."""
    rng = random.Random(seed)
    values: list[Any] = [
        0.5,
        1,
        0,
        True,
        False,
        None,
        "high",
        "80%",
        2,
        "x",
        0.30000000000000004,
        [1],
        {"a": 1},
    ]
    out = []
    for i in range(rows):
        item = {
            "client": f"j{i}",
            "company_size": rng.choice([300, "300", 300.0, 0, "5,000", True, None, 12.5]),
            "team_size": rng.choice([25, "25", 1, 400]),
            "market_change": rng.choice(values),
            "regulation": rng.choice(values),
        }
        out.append(json.dumps(item))
    return "\n".join(out) + "\n"


#: name -> (input file name, its text, its encoding, the arguments after the input path)
CASES: dict[str, tuple[str, str, str, list[str]]] = {
    "varied": ("varied.csv", varied(), "utf-8", []),
    "varied_digits2": ("varied.csv", varied(rows=50), "utf-8", ["--digits", "2"]),
    "varied_digits0": ("varied.csv", varied(rows=60), "utf-8", ["--digits", "0"]),
    "varied_digits9": ("varied.csv", varied(rows=60), "utf-8", ["--digits", "9"]),
    "varied_excel": ("varied.csv", varied(rows=80), "utf-8", ["--excel"]),
    "varied_json": ("varied.csv", varied(rows=12), "utf-8", ["--format", "json"]),
    "varied_jsonl": ("varied.csv", varied(rows=12), "utf-8", ["--format", "jsonl"]),
    "varied_markdown": ("varied.csv", varied(rows=40), "utf-8", ["--format", "markdown"]),
    "tab_crlf_bom": ("tab.tsv", "\ufeff" + varied(rows=60, seed=7, delimiter="\t", newline="\r\n"), "utf-8",
                     []),
    "pipe_cp1252": ("pipe.csv", varied(rows=40, seed=9, delimiter="|").replace("☃", "?"), "cp1252",
                    ["--encoding", "cp1252", "--delimiter", "|"]),
    "decimal_comma": ("eu.csv", decimal_commas(), "utf-8", ["--decimal", ","]),
    "no_decimal_flag": ("eu.csv", decimal_commas(rows=15), "utf-8", []),
    "mapped": ("m.csv", varied(rows=50, seed=4).replace("Employees", "Size", 1).replace("Client", "Account"),
               "utf-8", ["--map", "Size=company_size", "--id-column", "Account"]),
    "strict_columns": ("s.csv", varied(rows=5), "utf-8", ["--strict-columns"]),
    "bounds": ("b.csv", bounds(), "utf-8", []),
    "plain": ("p.csv", plain(rows=200), "utf-8", []),
    "clean": ("c.csv", plain(rows=120, seed=8, bad=0), "utf-8", []),
    "plain_excel": ("p.csv", plain(rows=80, seed=3), "utf-8", ["--excel", "--digits", "3"]),
    "plain_semicolon_crlf": ("p.csv", plain(rows=80, seed=4, delimiter=";", newline="\r\n"), "utf-8", []),
    "plain_padded": ("p.csv", plain(rows=80, seed=5, pad=" "), "utf-8", []),
    "plain_tab_decimal": ("p.tsv", plain(rows=60, seed=6, delimiter="\t").replace("0.", "0,"), "utf-8",
                          ["--decimal", ","]),
    "jsonl_input": ("in.jsonl", jsonl(), "utf-8", []),
}  # fmt: skip


def run_case(name: str, folder: Path) -> dict[str, Any]:
    """The case's command run in ``folder``: its argv (as shown), status, stderr and output."""
    filename, text, encoding, extra = CASES[name]
    src = folder / filename
    src.write_bytes(text.encode(encoding))
    target = folder / "out.txt"
    target.unlink(missing_ok=True)
    argv = ["batch", str(src), "-o", str(target), "--no-progress", *extra]
    if "--format" not in extra:
        argv += ["--format", "csv"]
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(argv)
    output = target.read_bytes().decode("utf-8") if target.exists() else None
    shown = [a.replace(str(folder), "<tmp>") for a in argv]
    return {
        "argv": shown,
        "status": status,
        "stderr": err.getvalue().replace(str(folder), "<tmp>"),
        "output": output,
    }


def _expected() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return data


def _assert_same(got: dict[str, Any], expected: dict[str, Any]) -> None:
    if got == expected:
        return
    for key in ("argv", "status", "stderr"):
        assert got[key] == expected[key], key
    diff = difflib.unified_diff(
        (expected["output"] or "").splitlines(),
        (got["output"] or "").splitlines(),
        "fixture",
        "now",
        lineterm="",
        n=0,
    )
    pytest.fail("output differs from the fixture:\n" + "\n".join(list(diff)[:40]))


@pytest.fixture(params=["numpy", "no numpy"])
def numpy_or_not(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test twice: scored by recommend_table (numpy) and by recommend_many (without)."""
    if request.param == "numpy":
        pytest.importorskip("numpy")
    else:
        monkeypatch.setitem(sys.modules, "numpy", None)
    return str(request.param)


@pytest.mark.parametrize("name", list(CASES))
def test_batch_writes_the_fixtures_bytes(name: str, tmp_path: Path) -> None:
    """Each case's status, stderr and output bytes are the fixture's."""
    if name == "xlsx_input":  # pragma: no cover - kept for symmetry with optional readers
        pytest.importorskip("openpyxl")
    _assert_same(run_case(name, tmp_path), _expected()[name])


@pytest.mark.parametrize("block", [1, 7, 64])
@pytest.mark.parametrize(
    "name",
    [
        "varied",
        "tab_crlf_bom",
        "bounds",
        "decimal_comma",
        "varied_excel",
        "plain",
        "plain_excel",
        "plain_padded",
        "clean",
    ],
)
def test_any_block_size_writes_the_same_bytes(
    name: str, block: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Scored in blocks of 1, 7 or 64 rows, a batch writes the fixture's bytes: no row, error
    or line number moves at a block's edge, wherever the slow rows fall."""
    from rolemodel import _csvio

    monkeypatch.setattr(_csvio, "BLOCK", block)
    _assert_same(run_case(name, tmp_path), _expected()[name])


@pytest.mark.parametrize("name", ["bounds", "jsonl_input", "strict_columns"])
def test_without_numpy_the_same_bytes(name: str, numpy_or_not: str, tmp_path: Path) -> None:
    """With numpy (columnar) and without (row by row), the output is the fixture's. (Where a
    bad cell is a number, the row-by-row route quotes it as read, ``got 10`` for ``'1_0'``;
    the cases here have none.)"""
    _assert_same(run_case(name, tmp_path), _expected()[name])


# -- the columnar reading of cells agrees with the exact coercion -------------------------------

_COUNT_CHARS = st.sampled_from(list("0123456789.,+-e% _")) | st.characters(codec="utf-8")
_CELLS = st.one_of(
    st.sampled_from([*TRICKY_COUNT, *TRICKY_GRADED, *PLAIN_GRADED, *TRICKY_STAGE]),
    st.integers(min_value=-5, max_value=20_000_000).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.floats(min_value=0, max_value=1).map(lambda x: f"{x:.{3}f}"),
    st.floats(min_value=0, max_value=120).map(lambda x: f"{x}%"),
    st.text(_COUNT_CHARS, max_size=12),
)


def _row_by_row(name: str, cell: str | None) -> tuple[float, bool]:
    """What the row-by-row path makes of one cell: (its number, NaN if not given; whether the
    row is refused for it)."""
    from rolemodel._csvio import _cell
    from rolemodel._errors import RoleModelError
    from rolemodel._model import Stage
    from rolemodel._profile import _count, _graded, _stage

    spec = FACTORS[name]
    convert: Any = (
        _count(name)
        if spec.kind == "count"
        else _graded(name, spec.required)
        if spec.kind == "graded"
        else _stage
    )
    if cell is None:
        return math.nan, spec.required
    try:
        value = convert(_cell(cell))
    except RoleModelError:
        return math.nan, True
    if isinstance(value, Stage):
        return float(list(Stage).index(value)), False
    return (math.nan if value is None else float(value)), False


def _same_float(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))


@given(
    cells=st.lists(_CELLS, min_size=1, max_size=40),
    name=st.sampled_from(["company_size", "team_size", "market_change", "competition", "stage"]),
)
def test_columnar_cells_agree_with_the_row_by_row_coercion(cells: list[str], name: str) -> None:
    """A column read at once gives, cell by cell, the number (to the bit) and the verdict that
    the row-by-row path gives each cell alone."""
    np = pytest.importorskip("numpy")
    from rolemodel._columns import factor_values

    stripped = [c.strip() or None for c in cells]
    values, unsure = factor_values(np, name, stripped)
    for cell, value, refused in zip(stripped, values.tolist(), unsure.tolist(), strict=True):
        number, expected = _row_by_row(name, cell)
        assert refused == expected, cell
        if not refused:
            assert _same_float(value, number), (cell, value, number)


_FLOATS = st.floats(min_value=-1e9, max_value=1e9) | st.just(math.nan)


@given(
    values=st.lists(
        st.one_of(_FLOATS, st.floats(0, 1), st.sampled_from([0.0, -0.0, 1.0, 0.5, 0.00005, 0.99995])),
        max_size=30,
    ),
    digits=st.one_of(st.none(), st.integers(0, 15)),
)
def test_float_texts_are_the_csv_modules(values: list[float], digits: int | None) -> None:
    """A float column's texts are those the csv module writes for it once rounded by numpy, as
    the row-by-row path rounds it: the table of texts for [0, 1] and the general way alike."""
    np = pytest.importorskip("numpy")
    from rolemodel._columns import float_texts
    from rolemodel._csvio import _plain_column

    column = np.array(values, dtype=np.float64)
    line = io.StringIO()
    csv.writer(line, lineterminator="\n").writerow(
        ["x", *("" if v is None else v for v in _plain_column(column, digits))]
    )
    assert ",".join(["x", *float_texts(np, column, digits)]) + "\n" == line.getvalue()


_PIECES = st.sampled_from(
    ['"', ",", ";", "\t", "|", "\r", "\n", "\r\n", " ", "a", "1", "x y", '""', "\x00", "é", "\ufeff", "\x1c"]
)


@given(
    text=st.lists(_PIECES, max_size=60).map("".join),
    delimiter=st.sampled_from([",", ";", "\t", "|", "x"]),
    sizes=st.lists(st.integers(1, 6), min_size=1, max_size=5),
    by_column=st.booleans(),
)
def test_rows_read_at_once_are_those_read_one_by_one(
    text: str, delimiter: str, sizes: list[int], by_column: bool
) -> None:
    """Whatever the text (quotes left open or closing on a later line, blank lines, carriage
    returns, lines and cells past the bounds), rows taken many at a time (as rows, or by
    column) are the rows read one by one: the same lines, cells and errors."""
    from rolemodel import _tabular

    def read(at_once: bool) -> list[tuple[int, Any, Any]]:
        rows = _tabular.CsvRows(io.StringIO("h1,h2\n" + text, newline=""), "t.csv", False, delimiter, "UTF-8")
        if not at_once:
            return list(rows.rows())
        width = len(rows.header) if by_column else None
        out: list[tuple[int, Any, Any]] = []
        k = 0
        while True:
            got = rows.take(sizes[k % len(sizes)], width)
            k += 1
            if not got.lines:
                return out
            cells = got.cells
            if got.columns is not None:  # every row of the header's width
                cells = [list(row) for row in zip(*got.columns, strict=True)]
                assert got.text == "\n".join(delimiter.join(row) for row in cells)
            out += zip(got.lines, cells, got.errors, strict=True)

    with pytest.MonkeyPatch.context() as patch:  # small bounds, so that text meets them
        patch.setattr(_tabular, "MAX_CELL", 6)
        patch.setattr(_tabular, "MAX_LINE", 12)
        patch.setattr(_tabular, "MAX_CELL_LINES", 2)
        assert read(True) == read(False)


_SPACED_CELLS = st.sampled_from(
    ["", " ", "  7 ", "0,5", "1.234,5", " low", "x", "é ", "\x1c1", "1,0 %", "\u00a0"]
)


@given(
    rows=st.lists(st.lists(_SPACED_CELLS, min_size=6, max_size=6), min_size=1, max_size=30),
    decimal=st.sampled_from([".", ","]),
    size=st.integers(1, 12),
)
def test_cells_taken_at_once_are_the_rows_cells(
    rows: list[list[str]], decimal: str, size: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A client file's blocks hold the cells its rows hold one by one: stripped, blank ones
    None, decimal commas rewritten in the factors alone; and their text, where given, is the
    cells as written."""
    from rolemodel._clientfile import ReadOptions, factor_columns, open_client_file

    src = tmp_path_factory.mktemp("cells") / "in.csv"
    src.write_text(
        "name;company_size;team_size;market_change;Regulated?;note\n"
        + "".join(";".join(r) + "\n" for r in rows),
        "utf-8",
    )
    options = ReadOptions(decimal=decimal, delimiter=";")
    with open_client_file(str(src), factor_columns(), options) as table:
        expected = [(row.line, row.values, row.error) for row in table.rows()]
    got = []
    with open_client_file(str(src), factor_columns(), options) as table:
        while (block := table.take(size)) is not None:
            for i, line in enumerate(block.lines):
                got.append((line, {name: block.columns[name][i] for name in table.names}, block.errors[i]))
            if block.text is not None:
                cells = [[block.columns[name][i] or "" for name in table.names] for i in range(len(block))]
                assert block.text == "\n".join(",".join(row) for row in cells)
    assert got == expected


def test_memory_does_not_grow_with_the_rows(tmp_path: Path) -> None:
    """The columnar path holds a block at a time: the most memory Python holds while it reads,
    scores and writes 25,000 rows is about what it holds for 5,000 (in blocks of 500)."""
    import tracemalloc

    pytest.importorskip("numpy")
    from rolemodel import _csvio
    from rolemodel._api import choose_frameworks
    from rolemodel._clientfile import factor_columns, open_client_file

    frameworks, _ = choose_frameworks(None, None, "batch")

    class Discard(io.StringIO):
        def write(self, text: str) -> int:
            return len(text)

    def peak(rows: int) -> int:
        src = tmp_path / f"in{rows}.csv"
        src.write_text(
            "client,company_size,team_size,market_change,regulation\n"
            + "".join(f"c{i},{100 + i % 5000},{1 + i % 50},{(i % 10) / 10},low\n" for i in range(rows)),
            "utf-8",
        )
        with open_client_file(str(src), factor_columns()) as table:
            blocks = _csvio.score_blocks(table, frameworks=frameworks, digits=4)
            columns = _csvio.batch_columns(table.names, frameworks)
            tracemalloc.start()
            try:
                _csvio.write_rows(blocks, columns, "csv", Discard(), _csvio.Style())
                return tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_csvio, "BLOCK", 500)
        peak(500)  # the caches of a first run
        small, big = peak(5_000), peak(25_000)
    assert big < 1.25 * small + 512 * 1024, (small, big)


def _write_fixture() -> None:  # pragma: no cover - run by hand
    import tempfile

    data = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in CASES:
            data[name] = run_case(name, Path(tmp))
    FIXTURE.parent.mkdir(exist_ok=True)
    FIXTURE.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {FIXTURE} ({FIXTURE.stat().st_size:,} bytes)")


if __name__ == "__main__":  # pragma: no cover
    _write_fixture()
