"""The manager-style instrument (cited data, safe loading, located errors) and assess()."""

from __future__ import annotations

import json
import math
import pickle
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import rolemodel
from rolemodel import Assessment, RoleModelError
from rolemodel._instrument import (
    AnswerError,
    InstrumentError,
    builtin_instrument_path,
    load_instrument,
    loads_instrument,
)
from rolemodel._loader import builtin_framework_dir

INSTRUMENT = rolemodel.manager_style()
ITEMS = {i.id: i for i in INSTRUMENT.items}
TEXT = builtin_instrument_path().read_text(encoding="utf-8")


def _citations() -> list[tuple[str, rolemodel.Citation]]:
    out = [(f"dimensions.{d.id}", d.citation) for d in INSTRUMENT.dimensions]
    out += [(f"items.{i.id}", i.citation) for i in INSTRUMENT.items]
    out += [(f"needs.{n.seat}/{n.role}", n.citation) for n in INSTRUMENT.needs]
    out += [(f"prescriptions.{p.id}", p.citation) for p in INSTRUMENT.prescriptions]
    return [*out, ("readiness", INSTRUMENT.readiness.citation)]


# -- the instrument as data -------------------------------------------------------------------


def test_every_quote_is_verbatim_in_its_source(sources: Path) -> None:
    """Every citation of the instrument is an exact excerpt of its article (whitespace aside)."""
    missing = []
    for where, citation in _citations():
        text = " ".join((sources / citation.source).read_text(encoding="utf-8").split())
        if " ".join(citation.quote.split()) not in text:
            missing.append(f"{where}: {citation.quote!r}")
    assert missing == []


def test_quotes_are_short_and_sources_are_the_five_articles(sources: Path) -> None:
    """Quotes are citations, not copies (one line, <= 300 characters), from the indexed articles."""
    index = (sources / "README.md").read_text(encoding="utf-8")
    for where, citation in _citations():
        assert len(citation.quote) <= 300 and "\n" not in citation.quote, where
        assert citation.source in index, where


def test_the_instrument_draws_on_what_the_issue_names() -> None:
    """003's seven questions, 004's seven differences (+ 000's problem-solving), 001's tell and
    sell vs ask and listen, and manage-lead-coach are all items or dimensions."""
    assert [d.id for d in INSTRUMENT.dimensions] == [
        "focus",
        "decision_making",
        "motivation",
        "communication",
        "adaptability",
        "problem_solving",
        "conflict_resolution",
        "development",
    ]
    quotes = " ".join(i.citation.quote for i in INSTRUMENT.items)
    for asked in (
        "Is the forecast accurate?",
        "Is the pipeline hygiene clean?",
        "Are we adhering to the rules of engagement?",
        "Is the comp plan being administered correctly?",
        'How can I coach this "B-player" to become an "A-player"?',
        "What barriers are in my team's way that I can remove?",
        "What is the market telling us that our current strategy isn't seeing?",
        "Managers both tell and sell, whereas leaders ask and listen",
        "You can’t coach a process, but you can coach someone through a process.",  # noqa: RUF001
    ):
        assert asked in quotes, asked
    sources = {i.citation.source[:3] for i in INSTRUMENT.items}
    assert sources == {"000", "001", "003", "004"}


def test_each_item_has_id_dimension_and_two_distinct_poles() -> None:
    """Every item has a unique id, a declared dimension and scale, and two different poles that
    its scale takes."""
    assert len(ITEMS) == len(INSTRUMENT.items) >= 20
    dims = {d.id for d in INSTRUMENT.dimensions}
    for item in INSTRUMENT.items:
        assert item.dimension in dims
        assert item.poles.management != item.poles.leadership
        assert item.read(item.poles.management) == item.poles.management
        assert item.position(item.poles.management) == 0.0
        assert item.position(item.poles.leadership) == 1.0
        if item.scale.kind == "forced_choice":
            assert set(item.choices) == set(item.scale.options) == {"a", "b"}
    kinds = {i.scale.kind for i in INSTRUMENT.items}
    assert kinds == {"likert", "forced_choice"}
    assert any(i.coaching for i in INSTRUMENT.items)


def test_the_instrument_ships_beside_the_builtin_frameworks() -> None:
    """The file sits in the frameworks folder (packaged whole), and the framework discovery
    (a flat glob) does not pick it up."""
    assert builtin_instrument_path().parent == builtin_framework_dir() / "instruments"
    assert builtin_instrument_path().is_file()
    assert len(rolemodel.builtin_frameworks()) == 5
    assert rolemodel.manager_style() is rolemodel.manager_style()
    assert load_instrument(builtin_instrument_path()) == INSTRUMENT


def test_a_custom_instrument_loads_from_a_path(tmp_path: Path) -> None:
    """manager_style(path) loads another instrument file."""
    path = tmp_path / "ours.yaml"
    path.write_text(TEXT.replace("id: manager-style", "id: ours"), encoding="utf-8")
    assert rolemodel.manager_style(path).id == "ours"


# -- a malformed instrument -------------------------------------------------------------------


def _problems(text: str) -> list[rolemodel.Problem]:
    with pytest.raises(InstrumentError) as info:
        loads_instrument(text, "bad.yaml")
    assert isinstance(info.value, RoleModelError) and isinstance(info.value, rolemodel.FrameworkError)
    assert "in instrument" in str(info.value)
    return list(info.value.problems)


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_an_unknown_dimension_is_located_with_a_suggestion() -> None:
    """An item on an undeclared dimension: file, line, column, field, expected, found, hint."""
    text = TEXT.replace(
        "dimension: motivation\n    scale: agree5", "dimension: motivaton\n    scale: agree5", 1
    )
    [problem] = _problems(text)
    assert problem.file == "bad.yaml"
    assert problem.line == _line_of(text, "dimension: motivaton")
    assert problem.column == 16
    assert problem.path.endswith(".dimension") and problem.path.startswith("items[")
    assert "motivation" in problem.expected and problem.found == "'motivaton'"
    assert "did you mean 'motivation'" in problem.hint
    assert f"bad.yaml:{problem.line}:16: {problem.path}:" in str(problem)


def test_every_problem_of_a_file_is_reported_at_once() -> None:
    """A pole off the scale, a duplicate id and an unknown field are all reported, in file order."""
    text = TEXT.replace("    management: 5\n    leadership: 1\n", "    management: 6\n    leadership: 1\n", 1)
    text = text.replace("id: focus-vision", "id: focus-forecast", 1)
    text = text.replace("    coaching: true\n", "    coachin: true\n", 1)
    problems = _problems(text)
    found = {(p.path.split(".")[-1], p.found) for p in problems}
    assert ("management", "'6'") in found
    assert ("id", "'focus-forecast' again") in found
    assert any(p.path.endswith("coachin") and "unknown" in p.found for p in problems)
    assert [p.line for p in problems] == sorted(p.line for p in problems)
    assert all(p.line > 0 and p.column > 0 for p in problems)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("format: rolemodel/instrument", "format: rolemodel/framework"), "'rolemodel/instrument'"),
        (("version: 1", "version: 7"), "a supported version (1)"),
        (("kind: forced_choice", "kind: forced"), "one of likert, forced_choice"),
        (("band: [0.0, 0.4]", "band: [0.4, 0.0]"), "low <= high"),
        (
            ("toward: management\n    seats: [both, leader]", "toward: managment\n    seats: [both, leader]"),
            "one of management, leadership",
        ),
        (("full_at: 0.5", "full_at: 0"), "a number above 0 and at most 1"),
        (('title: "Manager', 'title: &t "Manager'), "plain YAML"),
        (("id: manager-style", "id: [manager-style]"), "a string"),
    ],
)
def test_malformed_instruments_raise_located_errors(change: tuple[str, str], expected: str) -> None:
    """Each kind of mistake is a RoleModelError naming the line, the column and what was expected."""
    old, new = change
    assert old in TEXT
    problems = _problems(TEXT.replace(old, new, 1))
    assert any(expected in p.expected for p in problems), problems
    assert all(p.line > 0 for p in problems)


def test_unreadable_and_hostile_files_are_refused(tmp_path: Path) -> None:
    """A missing file, a folder, bad YAML, a binary file and an empty one each raise InstrumentError."""
    with pytest.raises(InstrumentError, match="readable instrument file"):
        load_instrument(tmp_path / "nope.yaml")
    with pytest.raises(InstrumentError, match="a directory"):
        load_instrument(tmp_path)
    for text in ("items: [", b"\x00\x01", "", "- a list\n"):
        with pytest.raises(InstrumentError):
            loads_instrument(text)


# -- assess -----------------------------------------------------------------------------------

#: 001's "tell and sell" forecaster, written from the articles: forecast and pipeline first,
#: directive, comp plan and bonuses, rules of engagement, rescues deals, manages activities.
TELL_AND_SELL = {
    "focus-forecast": 5,
    "focus-vision": 2,
    "focus-week": "a",
    "focus-barriers": 2,
    "decision-pipeline": 5,
    "decision-market": 2,
    "decision-basis": "a",
    "motivation-comp-plan": 5,
    "motivation-levers": "a",
    "motivation-follow": 2,
    "communication-tell-or-ask": "a",
    "communication-what-how": 5,
    "communication-why": 2,
    "communication-ideas": 1,
    "adaptability-rules": 5,
    "adaptability-status-quo": "a",
    "adaptability-change": "a",
    "problem-anticipate": "a",
    "problem-rescue": 5,
    "conflict-approach": "a",
    "development-b-player": 1,
    "development-talents": "a",
    "development-coach-through": "a",
    "development-activities": 5,
    "development-one-to-ones": 5,
}
#: A coach who asks and listens (001, 003's leadership questions, 004's leader).
ASK_AND_LISTEN = {
    "focus-forecast": 2,
    "focus-vision": 5,
    "focus-week": "b",
    "focus-barriers": 5,
    "decision-pipeline": 2,
    "decision-market": 5,
    "decision-basis": "b",
    "motivation-comp-plan": 2,
    "motivation-levers": "b",
    "motivation-follow": 5,
    "communication-tell-or-ask": "b",
    "communication-what-how": 1,
    "communication-why": 5,
    "communication-ideas": 4,
    "adaptability-rules": 2,
    "adaptability-status-quo": "b",
    "adaptability-change": "b",
    "problem-anticipate": "b",
    "problem-rescue": 1,
    "conflict-approach": "b",
    "development-b-player": 5,
    "development-talents": "b",
    "development-coach-through": "b",
    "development-activities": 1,
    "development-one-to-ones": 1,
}


def test_a_tell_and_sell_forecaster_scores_near_the_management_pole() -> None:
    """The forecaster who tells and sells sits near 0 overall, on communication, and coaches little."""
    a = rolemodel.assess(TELL_AND_SELL, person="Forecaster")
    assert a.overall < 0.15 and a.lean == "management"
    assert a.dimensions["communication"] is not None and a.dimensions["communication"] < 0.15
    assert a.coaching is not None and a.coaching < 0.1
    assert a.balance < 0.3 and a.completeness == 1.0 and a.unanswered == ()


def test_a_coach_who_asks_and_listens_scores_near_the_leadership_pole() -> None:
    """The coach who asks and listens sits near 1 overall and coaches much."""
    a = rolemodel.assess(ASK_AND_LISTEN, person="Coach")
    assert a.overall > 0.85 and a.lean == "leadership"
    assert a.coaching is not None and a.coaching > 0.9
    assert a.balance < 0.3


def test_positions_are_worked_out_by_hand() -> None:
    """One likert item at 3 of 5 is the middle; a dimension is the mean of its items; overall the
    mean of the answered dimensions; balance 1 - 2|overall - 0.5|."""
    a = rolemodel.assess({"focus-forecast": 3, "focus-week": "b", "decision-basis": "a"})
    assert a.dimensions["focus"] == pytest.approx(0.75)
    assert a.dimensions["decision_making"] == 0.0
    assert a.overall == pytest.approx(0.375)
    assert a.balance == pytest.approx(0.75)
    assert a.coaching is None
    assert a.dimensions["motivation"] is None
    assert a.completeness == pytest.approx(3 / 25)
    assert len(a.unanswered) == 22 and "focus-forecast" not in a.unanswered


def test_answers_are_read_in_their_many_spellings() -> None:
    """'4', 4.0, numpy's int64, a label, ' B ' all read; None, '' and NaN mean not answered."""
    numpy = pytest.importorskip("numpy")
    a = rolemodel.assess(
        {
            "focus-forecast": "4",
            "focus-vision": 4.0,
            "focus-barriers": numpy.int64(4),
            "decision-pipeline": "Agree",
            "focus-week": " B ",
            "decision-market": None,
            "decision-basis": "",
            "motivation-comp-plan": float("nan"),
            "person": "Ann",
        }
    )
    assert a.person == "Ann"
    assert a.answers == {
        "focus-forecast": 4,
        "focus-vision": 4,
        "focus-barriers": 4,
        "focus-week": "b",
        "decision-pipeline": 4,
    }
    assert {"decision-market", "decision-basis", "motivation-comp-plan"} <= set(a.unanswered)


@pytest.mark.parametrize("bad", [0, 6, 2.5, True, "five", "a", [1], "9" * 500])
def test_an_answer_off_the_scale_names_person_item_and_allowed(bad: object) -> None:
    """An answer a likert item does not take is an AnswerError naming all three."""
    with pytest.raises(AnswerError) as info:
        rolemodel.assess({"focus-forecast": bad, "focus-week": "a"}, person="Ann")
    exc = info.value
    assert (exc.person, exc.item) == ("Ann", "focus-forecast")
    assert "a whole number from 1 to 5" in exc.allowed
    assert "person 'Ann'" in str(exc) and "focus-forecast" in str(exc) and len(str(exc)) < 400
    again = pickle.loads(pickle.dumps(exc))
    assert (again.person, again.item, again.allowed, str(again)) == (
        exc.person,
        exc.item,
        exc.allowed,
        str(exc),
    )


def test_every_bad_answer_of_a_person_is_named() -> None:
    """Two bad answers: both items are named, with what each allows."""
    with pytest.raises(AnswerError) as info:
        rolemodel.assess({"focus-week": "c", "focus-forecast": 9})
    message = str(info.value)
    assert "'focus-forecast'" in message and "'focus-week'" in message and "'a' or 'b'" in message
    assert len(info.value.more) == 1


def test_unknown_items_and_empty_answers_are_refused() -> None:
    """A typo in an item id says "did you mean"; no answer at all, or not a mapping, is refused."""
    with pytest.raises(RoleModelError, match="did you mean 'focus-forecast'"):
        rolemodel.assess({"focus-forcast": 3})
    with pytest.raises(RoleModelError, match="no item answered"):
        rolemodel.assess({"focus-forecast": None})
    with pytest.raises(RoleModelError, match="expected a mapping"):
        rolemodel.assess([("focus-forecast", 3)])
    with pytest.raises(RoleModelError, match="expected an Instrument"):
        rolemodel.assess({"focus-forecast": 3}, instrument="manager-style")  # type: ignore[arg-type]


def test_a_pandas_row_is_assessed() -> None:
    """A row of a DataFrame (a Series) works, its NaN cells unanswered."""
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame([{"person": "Ann", "focus-forecast": 5, "focus-week": None}])
    a = rolemodel.assess(frame.iloc[0])
    assert a.person == "Ann" and a.answers == {"focus-forecast": 5} and "focus-week" in a.unanswered


# -- properties -------------------------------------------------------------------------------


def _answer(item: rolemodel.InstrumentItem) -> st.SearchStrategy[object]:
    if item.scale.kind == "likert":
        return st.one_of(st.none(), st.integers(1, item.scale.points))
    return st.one_of(st.none(), st.sampled_from(item.scale.options))


answer_sets = st.fixed_dictionaries({i.id: _answer(i) for i in INSTRUMENT.items}).filter(
    lambda d: any(v is not None for v in d.values())
)


def _step(item: rolemodel.InstrumentItem, answer: object, pole: str) -> object:
    """The answer one step nearer ``pole`` (the same answer when it is at the pole)."""
    target = getattr(item.poles, pole)
    if item.scale.kind == "forced_choice":
        return target
    assert isinstance(answer, int) and isinstance(target, int)
    return answer + (target > answer) - (target < answer)


@given(answer_sets, st.data(), st.sampled_from(["management", "leadership"]))
def test_moving_one_answer_toward_a_pole_never_moves_the_score_away(
    answers: dict[str, object], data: st.DataObject, pole: str
) -> None:
    """Moving one answer toward a pole moves its dimension and the overall position toward that
    pole or leaves them; every other dimension stays where it was."""
    answered = sorted(k for k, v in answers.items() if v is not None)
    chosen = data.draw(st.sampled_from(answered))
    item = ITEMS[chosen]
    before = rolemodel.assess(answers)
    after = rolemodel.assess({**answers, chosen: _step(item, answers[chosen], pole)})
    sign = 1 if pole == "leadership" else -1
    assert sign * (after.overall - before.overall) >= -1e-12
    moved = after.dimensions[item.dimension]
    was = before.dimensions[item.dimension]
    assert moved is not None and was is not None and sign * (moved - was) >= -1e-12
    for dim, value in before.dimensions.items():
        if dim != item.dimension:
            assert after.dimensions[dim] == value
    if item.coaching:
        assert after.coaching is not None and before.coaching is not None
        assert sign * (after.coaching - before.coaching) >= -1e-12


@given(answer_sets)
def test_positions_stay_in_the_unit_interval_and_round_trip(answers: dict[str, object]) -> None:
    """Every position, balance, coaching and completeness is in [0, 1]; balance follows its
    formula; unanswered items are exactly those given as None; to_dict/from_dict round-trips
    through JSON."""
    a = rolemodel.assess(answers)
    values = [a.overall, a.balance, a.completeness, *(v for v in a.dimensions.values() if v is not None)]
    assert all(0.0 <= v <= 1.0 for v in values)
    assert a.balance == pytest.approx(1 - 2 * abs(a.overall - 0.5))
    assert set(a.unanswered) == {k for k, v in answers.items() if v is None}
    assert a.completeness == pytest.approx(1 - len(a.unanswered) / len(ITEMS))
    assert Assessment.from_dict(json.loads(json.dumps(a.to_dict()))) == a
    assert not math.isnan(a.overall)


def test_from_dict_refuses_what_to_dict_did_not_write() -> None:
    """A foreign dict, a missing field or a position off [0, 1] is a RoleModelError."""
    good = rolemodel.assess(TELL_AND_SELL).to_dict()
    for bad in (
        {},
        {**good, "version": 9},
        {k: v for k, v in good.items() if k != "overall"},
        {**good, "overall": 1.5},
        {**good, "dimensions": [1]},
        "text",
    ):
        with pytest.raises(RoleModelError):
            Assessment.from_dict(bad)  # type: ignore[arg-type]


# -- display ----------------------------------------------------------------------------------


def test_an_assessment_displays_itself() -> None:
    """Jupyter gets text, HTML (a strip chart per dimension) and Markdown; a hostile name is escaped."""
    a = rolemodel.assess(TELL_AND_SELL, person="<script>x</script>")
    bundle = a._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html", "text/markdown"}
    html = bundle["text/html"]
    assert "<svg" in html and html.count("<circle") == len(INSTRUMENT.dimensions) + 1
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<script>" not in bundle["text/markdown"]
    assert "Communication style" in str(a) and "completeness 100%" in str(a)
    assert repr(a).startswith("<Assessment '<script>x</script>' overall=0.")


def test_unanswered_dimensions_show_as_not_answered() -> None:
    """A dimension with no answer is drawn without a dot and said "not answered", never guessed."""
    a = rolemodel.assess({"focus-forecast": 1})
    assert a._repr_html_().count("<circle") == 2  # focus and overall
    assert str(a).count("not answered") >= 7


# -- hostile input ----------------------------------------------------------------------------

_ANY = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@given(st.dictionaries(st.sampled_from([*ITEMS, "person", "nope"]), _ANY, max_size=6))
def test_any_answers_either_work_or_raise_a_rolemodel_error(answers: dict[str, object]) -> None:
    """Whatever the cells hold, assess() returns an assessment or raises a RoleModelError."""
    try:
        a = rolemodel.assess(answers)
    except RoleModelError:
        return
    assert 0.0 <= a.overall <= 1.0 and set(a.answers) <= set(ITEMS)


@given(st.data())
def test_a_mangled_instrument_is_loaded_or_refused_with_located_problems(data: st.DataObject) -> None:
    """Cutting or splicing the file's text never escapes as anything but an InstrumentError."""
    lines = TEXT.splitlines(keepends=True)
    start = data.draw(st.integers(0, len(lines) - 1))
    end = data.draw(st.integers(start, min(len(lines), start + 4)))
    insert = data.draw(st.sampled_from(["", "  - x\n", "items: 3\n", ": :\n", "    scale: choice\n", "\t\n"]))
    text = "".join(lines[:start]) + insert + "".join(lines[end:])
    try:
        loads_instrument(text, "mangled.yaml")
    except InstrumentError as exc:
        assert exc.problems and all(p.file == "mangled.yaml" for p in exc.problems)


def test_the_instrument_displays_its_items_with_poles_and_citations() -> None:
    """In Jupyter the instrument is a table: every item, both poles in words, every quote."""
    html, markdown = INSTRUMENT._repr_html_(), INSTRUMENT._repr_markdown_()
    for item in INSTRUMENT.items:
        assert item.id in html and item.id in markdown
    assert "5 (strongly agree)" in markdown and "a) I tell the team what is changing" in markdown
    assert repr(ITEMS["focus-week"]) == (
        "<InstrumentItem 'focus-week' focus forced_choice management='a' leadership='b'>"
    )


def test_an_assessment_draws_a_radar() -> None:
    """plot() draws one spoke per dimension, the person's line and the band; an unanswered
    dimension is a gap (NaN), never a guessed point."""
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ax = rolemodel.assess({"focus-forecast": 1, "focus-week": "b"}, person="Ann").plot(band=(0.35, 0.65))
    try:
        [line] = ax.get_lines()
        ys = list(line.get_ydata())
        assert len(ys) == len(INSTRUMENT.dimensions) + 1 and ys[0] == 1.0
        assert sum(1 for y in ys if math.isnan(y)) == len(INSTRUMENT.dimensions) - 1
        assert ax.get_xticklabels()[0].get_text() == "Focus"
        assert ax.collections, "the band is shaded"
    finally:
        plt.close(ax.figure)
