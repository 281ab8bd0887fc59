"""rolemodel lint: loader problems and semantic checks as located findings, never a traceback."""

from __future__ import annotations

import io
import json
import re
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rolemodel
from rolemodel._cli_lint import lint_main
from rolemodel._lint import CODES
from rolemodel._loader import builtin_framework_dir

ROOT = Path(__file__).resolve().parents[1]
BUILTIN = sorted(builtin_framework_dir().glob("*.yaml"))
QUOTE = (
    "Sales Management is the process of planning, organizing, directing, and controlling sales"
    " activities to achieve sales goals and objectives."
)
SOURCE = "004_0f3fc4c78feaeb55.txt"


def _specs(names: tuple[str, ...]) -> str:
    return "".join(f'  {n}:\n    says: {n} in our words\n    citation: {{quote: "{QUOTE}"}}\n' for n in names)


def framework(
    rules: str,
    *,
    factors: str = "[regulation, market_change, team_size, competition]",
    roles: tuple[str, ...] = ("management", "leadership"),
    staffing: tuple[str, ...] = (),
    extra: str = "",
    version: int = 2,
) -> str:
    """A small framework text around ``rules`` (YAML of the rules list, indented 2)."""
    staffing_text = f"staffing:\n{_specs(staffing)}" if staffing else ""
    return (
        f"format: rolemodel/framework\nversion: {version}\nid: tiny\ntitle: Tiny\nauthor: Me\n"
        f"source: {SOURCE}\nsummary: A tiny framework.\nroles:\n{_specs(roles)}{staffing_text}"
        f"factors: {factors}\nrules:\n{textwrap.indent(textwrap.dedent(rules).strip(), '  ')}\n"
        f"{extra}"
    )


def rule(
    rid: str, when: str, then: str, weight: float = 1.0, more: str = "", basis: str = "calibration"
) -> str:
    """One rule as YAML list item text (``basis=""``: without a basis, as in version 1)."""
    basis_text = f"  basis: {basis}\n" if basis else ""
    return (
        f"- id: {rid}\n  when: {when}\n  then: {then}\n  weight: {weight}\n{basis_text}  says: {rid}\n"
        f'  citation: {{quote: "{QUOTE}"}}\n{more}'
    )


def v1_rule(rid: str, when: str, then: str) -> str:
    """One version-1 rule (no basis)."""
    return rule(rid, when, then, basis="")


def codes_of(tmp_path: Path, text: str, sources: Path | None = None) -> list[str]:
    """Lint ``text`` written to a file; the codes found."""
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    return [f.code for f in rolemodel.lint(path, sources)]


GOOD_RULES = (
    rule("reg", "{factor: regulation, rising: [0.3, 0.8]}", "management")
    + rule("chg", "{factor: market_change, rising: [0.3, 0.8]}", "leadership")
    + rule("big", "{factor: team_size, rising: [8, 40]}", "management")
    + rule("cmp", "{factor: competition, rising: [0.3, 0.8]}", "leadership")
)
STAFFING_RULES = rule("small", "{factor: company_size, falling: [20, 200]}", "single") + rule(
    "large", "{factor: company_size, rising: [20, 200]}", "split"
)
STAFFED = {
    "factors": "[regulation, market_change, team_size, competition, company_size]",
    "staffing": ("single", "split"),
}
GOOD_V1 = framework(
    "".join(
        v1_rule(rid, when, then)
        for rid, when, then in [
            ("reg", "{factor: regulation, rising: [0.3, 0.8]}", "management"),
            ("chg", "{factor: market_change, rising: [0.3, 0.8]}", "leadership"),
            ("big", "{factor: team_size, rising: [8, 40]}", "management"),
            ("cmp", "{factor: competition, rising: [0.3, 0.8]}", "leadership"),
        ]
    ),
    version=1,
)


# -- the built-in frameworks -------------------------------------------------------------------


def test_builtins_lint_clean_against_their_sources(sources: Path) -> None:
    """The five built-in frameworks lint clean, quotes checked verbatim against the articles."""
    assert rolemodel.lint(BUILTIN, sources) == []


def test_builtins_lint_clean_without_sources() -> None:
    """Without --sources the built-ins are clean too (semantic checks only)."""
    assert rolemodel.lint(builtin_framework_dir()) == []


def test_docs_example_lints_clean(sources: Path) -> None:
    """The tutorial's sample framework lints clean, its quotes verbatim."""
    assert rolemodel.lint(ROOT / "docs" / "examples", sources) == []


def test_small_clean_framework(tmp_path: Path) -> None:
    """The helper framework is itself clean, so each check below isolates one code."""
    assert codes_of(tmp_path, framework(GOOD_RULES)) == []


def test_small_clean_framework_with_staffing(tmp_path: Path) -> None:
    """With staffing options each reached by a rule on company_size, it is still clean."""
    assert codes_of(tmp_path, framework(GOOD_RULES + STAFFING_RULES, **STAFFED)) == []


# -- one sample per code -----------------------------------------------------------------------

SEMANTIC: dict[str, str] = {
    "RM101": framework(GOOD_RULES, roles=("management", "leadership", "growth_leader")),
    "RM101 staffing": framework(
        GOOD_RULES + STAFFING_RULES, **{**STAFFED, "staffing": ("single", "split", "converged")}
    ),
    "RM102": framework(
        GOOD_RULES, factors="[regulation, market_change, team_size, competition, customer_focus]"
    ),
    "RM103": framework(
        GOOD_RULES + rule("c", "{factor: competition, rising: [0.2, 0.4]}", "pressure"),
        extra=f'concepts:\n  - id: pressure\n    says: p\n    citation: {{quote: "{QUOTE}"}}\n',
    ),
    "RM201": framework(
        GOOD_RULES
        + rule(
            "never",
            "{all: [{factor: competition, rising: [0.7, 0.9]}, {factor: competition, falling: [0.2, 0.5]}]}",
            "leadership",
        )
    ),
    "RM202": framework(
        GOOD_RULES + rule("zero", "{factor: competition, rising: [0.2, 0.9]}", "leadership", 0)
    ),
    "RM203": framework(
        GOOD_RULES + rule("cmp-too", "{factor: competition, rising: [0.2, 0.6]}", "management")
    ),
    "RM203 staffing": framework(
        GOOD_RULES
        + STAFFING_RULES
        + rule("large-too", "{factor: company_size, rising: [50, 500]}", "single"),
        **STAFFED,
    ),
    "RM204": GOOD_V1,
    "RM301": framework(
        GOOD_RULES + rule("cmp-low", "{factor: competition, falling: [0.1, 0.2]}", "leadership")
    ),
    "RM301 staffing": framework(
        GOOD_RULES + STAFFING_RULES + rule("huge", "{factor: company_size, rising: [5000, 9000]}", "single"),
        **STAFFED,
    ),
    "RM302": framework(
        GOOD_RULES + rule("reg-lowers", "{factor: regulation, falling: [0.1, 0.2]}", "management")
    ),
}


@pytest.mark.parametrize("name", sorted(SEMANTIC))
def test_semantic_check_finds_its_code(tmp_path: Path, name: str) -> None:
    """Each semantic sample yields its own code (and only findings of the checks it trips)."""
    code = name.split()[0]
    found = codes_of(tmp_path, SEMANTIC[name])
    assert code in found, found


def test_unreachable_staffing_option_is_named(tmp_path: Path) -> None:
    """A listed staffing option no rule reaches is RM101, located at its key under staffing."""
    text = SEMANTIC["RM101 staffing"]
    (finding,) = rolemodel.lint(_write(tmp_path, text))
    assert finding.code == "RM101" and "staffing option 'converged'" in finding.message
    assert text.splitlines()[finding.line - 1].strip() == "converged:"


def test_factor_read_only_into_staffing_influences_something(tmp_path: Path) -> None:
    """A factor whose only rules lead to staffing options is not RM102: staffing is an answer."""
    assert "RM102" not in codes_of(tmp_path, framework(GOOD_RULES + STAFFING_RULES, **STAFFED))


def test_same_condition_into_a_role_and_a_staffing_option_is_no_overlap(tmp_path: Path) -> None:
    """A rule into a role and one into a staffing option on one condition answer different
    questions: no RM203."""
    text = framework(
        GOOD_RULES + STAFFING_RULES + rule("big-split", "{factor: team_size, rising: [10, 30]}", "split"),
        **STAFFED,
    )
    assert codes_of(tmp_path, text) == []


def test_two_unconditional_rules_are_no_unsaid_overlap(tmp_path: Path) -> None:
    """Two 'always' rules into different roles say themselves that they always fire: no RM203."""
    text = framework(
        GOOD_RULES
        + rule("both-m", "always", "management", 0.3)
        + rule("lead-wins", "always", "leadership", 0.5)
    )
    assert "RM203" not in codes_of(tmp_path, text)


def test_version_1_rules_without_basis_are_warned_one_by_one(tmp_path: Path) -> None:
    """Each rule of a version-1 file is an RM204 warning at the rule, saying what to do."""
    findings = rolemodel.lint(_write(tmp_path, GOOD_V1))
    assert [(f.code, f.severity) for f in findings] == [("RM204", "warning")] * 4
    lines = GOOD_V1.splitlines()
    assert [lines[f.line - 1].strip() for f in findings] == [
        f"- id: {r}" for r in ("reg", "chg", "big", "cmp")
    ]
    assert findings[3].message == (
        "rules[3].basis: expected article or calibration, found none (version 1 has no basis: move"
        " the file to version 2 and say whether each rule's numbers are the article's or calibration)"
    )


def test_out_of_range_ramp_never_fires(tmp_path: Path) -> None:
    """A ramp that starts at or above 1 on a graded factor can never fire (RM201)."""
    text = framework(GOOD_RULES + rule("hi", "{factor: competition, rising: [1.0, 2.0]}", "leadership"))
    assert "RM201" in codes_of(tmp_path, text)


def test_disjoint_stages_never_fire(tmp_path: Path) -> None:
    """all: of two stage conditions that share no stage is contradictory (RM201)."""
    text = framework(
        GOOD_RULES
        + rule(
            "st",
            "{all: [{factor: stage, is: [startup]}, {factor: stage, is: [mature]}]}",
            "leadership",
        ),
        factors="[regulation, market_change, team_size, competition, stage]",
    )
    assert "RM201" in codes_of(tmp_path, text)


def test_contrast_silences_the_overlap(tmp_path: Path) -> None:
    """Saying 'contrast: other-rule' on either rule marks the overlap as meant: no RM203."""
    text = framework(
        GOOD_RULES
        + rule(
            "cmp-too",
            "{factor: competition, rising: [0.2, 0.6]}",
            "management",
            more="  contrast: cmp\n",
        )
    )
    assert "RM203" not in codes_of(tmp_path, text)


def test_contrast_must_name_a_rule(tmp_path: Path) -> None:
    """A contrast naming no rule of the framework is a loader error (RM008) with a hint."""
    text = framework(
        GOOD_RULES
        + rule(
            "cmp-too",
            "{factor: competition, rising: [0.2, 0.6]}",
            "management",
            more="  contrast: cpm\n",
        )
    )
    findings = rolemodel.lint(_write(tmp_path, text))
    assert [f.code for f in findings] == ["RM008"]
    assert "did you mean 'cmp'" in findings[0].message


def test_guarantee_also_broken_by_raising_another_role(tmp_path: Path) -> None:
    """More market_change raising management takes share from leadership: RM302."""
    text = framework(
        GOOD_RULES
        + rule(
            "chg-mgmt",
            "{factor: market_change, rising: [0.5, 0.9]}",
            "management",
            more="  contrast: chg\n",
        )
    )
    findings = [f for f in rolemodel.lint(_write(tmp_path, text)) if f.code == "RM302"]
    assert findings and "takes share from leadership" in findings[0].message


def test_monotonicity_through_a_concept(tmp_path: Path) -> None:
    """A falling ramp on a concept fed by regulation lowers management: RM302, via the concept."""
    concept = f'concepts:\n  - id: load\n    says: l\n    citation: {{quote: "{QUOTE}"}}\n'
    text = framework(
        GOOD_RULES
        + rule("reg-load", "{factor: regulation, rising: [0.2, 0.4]}", "load")
        + rule("load-mgmt", "{concept: load, falling: [0.1, 0.5]}", "management"),
        extra=concept,
    )
    assert "RM302" in codes_of(tmp_path, text)


def _write(tmp_path: Path, text: str, name: str = "f.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- quotes against the sources ----------------------------------------------------------------


def test_quote_not_verbatim(tmp_path: Path, sources: Path) -> None:
    """A quote changed by one character is not verbatim (RM401), and the message says where."""
    text = framework(GOOD_RULES).replace("controlling sales", "controling sales", 1)
    findings = rolemodel.lint(_write(tmp_path, text), sources)
    assert [f.code for f in findings] == ["RM401"]
    assert "then differs" in findings[0].message
    assert (
        findings[0].line
        == text.splitlines().index(next(line for line in text.splitlines() if "controling" in line)) + 1
    )


def test_quote_after_source_end(tmp_path: Path, sources: Path) -> None:
    """A quote from after source_end (page chrome) is refused (RM402)."""
    text = framework(GOOD_RULES).replace(
        "summary:", 'source_end: "achieve sales goals and objectives."\nsummary:'
    )
    text = text.replace(QUOTE, "Leave a Comment", 1)
    assert "RM402" in codes_of(tmp_path, text, sources)


def test_missing_source_file(tmp_path: Path, sources: Path) -> None:
    """A citation whose source is not a file of the sources folder: RM403."""
    text = framework(GOOD_RULES).replace(
        f'{{quote: "{QUOTE}"}}', f'{{source: nope.txt, quote: "{QUOTE}"}}', 1
    )
    assert "RM403" in codes_of(tmp_path, text, sources)


def test_source_end_not_in_source(tmp_path: Path, sources: Path) -> None:
    """A source_end that the article does not contain: RM404."""
    text = framework(GOOD_RULES).replace("summary:", 'source_end: "No such ending."\nsummary:')
    assert "RM404" in codes_of(tmp_path, text, sources)


def test_missing_sources_folder(tmp_path: Path) -> None:
    """--sources pointing nowhere is itself a finding (RM403), not a crash."""
    codes = [f.code for f in rolemodel.lint(_write(tmp_path, framework(GOOD_RULES)), tmp_path / "none")]
    assert codes == ["RM403"]


# -- loader problems as findings ---------------------------------------------------------------

GOOD = framework(GOOD_RULES)
LOADER: dict[str, str | bytes] = {
    "RM001": b"\xff\xfe not utf-8",
    "RM002": "format: [unclosed\n",
    "RM003": GOOD.replace("version: 2", "version: 7"),
    "RM004": GOOD.replace("title: Tiny", "title: Tiny\ncolour: blue"),
    "RM005": GOOD.replace("author: Me\n", ""),
    "RM006": GOOD.replace("author: Me", "author: [Me]"),
    "RM007": GOOD.replace("rising: [8, 40]", "rising: [40, 8]"),
    "RM008": GOOD.replace("then: leadership", "then: leadersip", 1),
    "RM009": GOOD.replace("id: chg", "id: reg"),
    "RM010": GOOD.replace(QUOTE, QUOTE * 3, 1),
    "RM011": framework(
        GOOD_RULES
        + rule("ab", "{concept: a, rising: [0.1, 0.2]}", "b")
        + rule("ba", "{concept: b, rising: [0.1, 0.2]}", "a"),
        extra="concepts:\n"
        + "".join(f"  - id: {c}\n    says: s\n    citation: {{quote: q}}\n" for c in "ab"),
    ),
    "RM012": GOOD + "examples:\n  - name: e\n    profile: {company_size: 10, team_size: 3,"
    " market_change: sky, regulation: low}\n"
    "    expect: management\n    citation: {quote: q}\n",
    "RM013": GOOD.replace("title: Tiny\n", "extends: seven-diferences\n"),
    "RM014": GOOD.replace("    basis: calibration\n", "", 1),
    "RM014 value": GOOD.replace("basis: calibration", "basis: calibrated", 1),
    "RM015": framework(GOOD_RULES + STAFFING_RULES, **STAFFED).replace("  split:\n", "  shared:\n"),
    "RM015 item": GOOD
    + f'items:\n  - {{kind: situation, staffing: alone, says: s, citation: {{quote: "{QUOTE}"}}}}\n',
    "RM016": framework(GOOD_RULES + STAFFING_RULES, **{**STAFFED, "staffing": ("single",)}),
    "RM016 role": GOOD.replace("then: leadership", "then: growth_leader", 1),
    "RM017": framework(
        GOOD_RULES,
        extra=f'concepts:\n  - id: converged\n    says: c\n    citation: {{quote: "{QUOTE}"}}\n',
    ),
}


@pytest.mark.parametrize("name", sorted(LOADER))
def test_loader_problem_gets_its_code(tmp_path: Path, name: str) -> None:
    """Each malformed sample is refused by the loader and reported under its own code."""
    code = name.split()[0]
    path = tmp_path / "f.yaml"
    data = LOADER[name]
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    with pytest.raises(rolemodel.FrameworkError):
        rolemodel.load_framework(path)
    assert code in [f.code for f in rolemodel.lint(path)]


def test_every_code_has_a_sample() -> None:
    """The samples above cover every code in the catalogue (the RM4xx ones by their own tests)."""
    quotes = {"RM401", "RM402", "RM403", "RM404"}
    assert {n.split()[0] for n in [*LOADER, *SEMANTIC]} | quotes == set(CODES)


@pytest.mark.parametrize(
    ("name", "needle"),
    [
        ("RM014", "rules[0]: expected the field 'basis'"),
        ("RM014 value", "did you mean 'calibration'"),
        ("RM015", "staffing.shared"),
        ("RM016", "rules[5].then: expected a role or staffing option this framework lists"),
        ("RM017", "found the answer name 'converged'"),
    ],
)
def test_version_2_loader_findings_say_what_is_wrong(tmp_path: Path, name: str, needle: str) -> None:
    """The version-2 loader findings carry the loader's located message."""
    findings = rolemodel.lint(_write(tmp_path, str(LOADER[name])))
    code = name.split()[0]
    assert any(f.code == code and needle in f.message and f.line > 0 for f in findings), findings


def test_unreadable_path_is_a_finding(tmp_path: Path) -> None:
    """A path that does not exist gives RM001 at that path."""
    (finding,) = rolemodel.lint(tmp_path / "missing.yaml")
    assert (finding.code, finding.path, finding.severity) == (
        "RM001",
        str(tmp_path / "missing.yaml"),
        "error",
    )


def test_loader_problems_carry_their_code(tmp_path: Path) -> None:
    """The loader codes each problem where it finds it; the lint reports that code as is."""
    path = _write(tmp_path, "format: rolemodel/framework\nversion: 7\n")
    with pytest.raises(rolemodel.FrameworkError) as info:
        rolemodel.load_framework(path)
    (problem,) = info.value.problems
    assert problem.code == "RM003"
    assert [f.code for f in rolemodel.lint(path)] == ["RM003"]


def test_code_is_not_part_of_a_problems_text() -> None:
    """A problem's code leaves its str() unchanged and survives pickling."""
    import pickle

    plain = rolemodel.Problem("f", 1, 2, "x", "a number", "'a'")
    coded = rolemodel.Problem("f", 1, 2, "x", "a number", "'a'", code="RM006")
    assert str(coded) == str(plain) == "f:1:2: x: expected a number, found 'a'"
    assert pickle.loads(pickle.dumps(coded)) == coded
    error = rolemodel.FrameworkError([coded])
    assert pickle.loads(pickle.dumps(error)).problems == (coded,)


def test_wrongly_coded_problems_are_fixed(tmp_path: Path) -> None:
    """An item's unlisted staffing option is RM016 and an extension reusing a base rule id
    RM013 (both were RM007 when codes were guessed from the message's English)."""
    item = "items:\n  - {kind: situation, staffing: converged, says: x, citation: {quote: q}}\n"
    assert "RM016" in codes_of(tmp_path, framework(GOOD_RULES, extra=item))
    base_rule = rolemodel.builtin_frameworks()[0].rules[0]
    extension = (
        "format: rolemodel/framework\nversion: 2\nid: mine\n"
        f"extends: {rolemodel.builtin_frameworks()[0].id}\nrules:\n"
        + textwrap.indent(rule(base_rule.id, "always", "leadership"), "  ")
    )
    assert "RM013" in codes_of(tmp_path, extension)


def test_findings_are_located(tmp_path: Path) -> None:
    """A finding points at the rule's line and column, like a compiler."""
    text = SEMANTIC["RM202"]
    (finding,) = [f for f in rolemodel.lint(_write(tmp_path, text)) if f.code == "RM202"]
    lines = text.splitlines()
    assert lines[finding.line - 1].strip() == "- id: zero"
    assert str(finding).startswith(f"{tmp_path / 'f.yaml'}:{finding.line}:{finding.column}: RM202 ")


def test_extending_framework_findings_point_into_the_right_file(tmp_path: Path) -> None:
    """Extending a built-in: a zero override is reported at the override, its fallout at extends."""
    text = (
        "format: rolemodel/framework\nversion: 2\nid: mine\nextends: seven-differences\n"
        "overrides:\n  competition-needs-leadership: {weight: 0}\n"
    )
    found = [(f.code, f.path, f.line) for f in rolemodel.lint(_write(tmp_path, text))]
    assert found == [("RM102", str(tmp_path / "f.yaml"), 4), ("RM202", str(tmp_path / "f.yaml"), 6)]


def test_rules_inherited_from_a_version_1_base_are_warned_at_extends(tmp_path: Path) -> None:
    """A version-2 file extending a version-1 base: each inherited rule without a basis is an
    RM204 at this file's extends line, naming the base."""
    _write(tmp_path, GOOD_V1, "base.yaml")
    text = "format: rolemodel/framework\nversion: 2\nid: mine\nextends: base.yaml\n"
    findings = rolemodel.lint(_write(tmp_path, text))
    assert [(f.code, f.line) for f in findings] == [("RM204", 4)] * 4
    assert findings[0].message.startswith("rule 'reg' of the base 'tiny' has no basis")


# -- the command -------------------------------------------------------------------------------


def run(argv: list[str]) -> tuple[int, str]:
    """lint_main with captured output."""
    out = io.StringIO()
    return lint_main(argv, out=out), out.getvalue()


def test_cli_clean_exit_0() -> None:
    """`rolemodel lint` on the built-ins prints nothing and exits 0."""
    assert run([str(builtin_framework_dir())]) == (0, "")


def test_cli_findings_exit_1_one_per_line(tmp_path: Path) -> None:
    """Findings exit 1, one `path:line:col: CODE message` per line."""
    code, out = run([str(_write(tmp_path, SEMANTIC["RM203"]))])
    assert code == 1
    assert all(re.match(r"^.+:\d+:\d+: RM\d{3} .+$", line) for line in out.splitlines())


def test_cli_json(tmp_path: Path) -> None:
    """--format json gives a list of findings with every field."""
    code, out = run([str(_write(tmp_path, SEMANTIC["RM202"])), "--format", "json"])
    data = json.loads(out)
    assert code == 1
    assert set(data[0]) == {"path", "line", "column", "code", "message", "severity"}


@pytest.mark.parametrize("argv", [[], ["--format", "xml", "x.yaml"], ["--nope", "x.yaml"]])
def test_cli_usage_error_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """A usage error exits 2."""
    assert run(argv)[0] == 2
    assert "usage" in capsys.readouterr().err


def test_lint_and_test_are_rolemodel_commands(capsys: pytest.CaptureFixture[str]) -> None:
    """`rolemodel lint` and `rolemodel test` run through the one CLI entry point."""
    from rolemodel._cli import main

    sample = str(Path(__file__).resolve().parents[1] / "docs" / "examples" / "our-playbook.yaml")
    assert main(["lint", sample]) == 0
    assert main(["test", sample]) == 0
    assert "passed" in capsys.readouterr().out
    assert main(["lint"]) == 2


# -- never a traceback -------------------------------------------------------------------------

BUILTIN_TEXTS = [
    p.read_text(encoding="utf-8") for p in [*BUILTIN, ROOT / "docs" / "examples" / "our-playbook.yaml"]
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=400))
def test_random_text_never_raises(tmp_path: Path, text: str) -> None:
    """Lint of any text returns findings (or none), never raises; a clean result loads."""
    path = _write(tmp_path, text)
    findings = rolemodel.lint(path)
    assert all(f.code in CODES for f in findings)
    if not findings:
        rolemodel.load_framework(path)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A built-in (or the extending sample) with a few lines deleted, moved or garbled."""
    lines = draw(st.sampled_from(BUILTIN_TEXTS)).splitlines()
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "garble", "swap", "dedent"]))
        if action == "delete":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "garble":
            line = lines[i]
            j = draw(st.integers(0, max(0, len(line) - 1)))
            lines[i] = (
                line[:j]
                + draw(st.sampled_from([":", "[", "-", "0", "x", "'", "{", " ", "&a", "*a"]))
                + line[j + 1 :]
            )
        elif action == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            lines[i] = lines[i].lstrip()
        if not lines:
            break
    return "\n".join(lines)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutated())
def test_mutated_builtins_never_raise(tmp_path: Path, text: str) -> None:
    """Lint of a mutated built-in never raises; when it finds nothing, the file loads."""
    path = _write(tmp_path, text)
    findings = rolemodel.lint(path)
    assert all(f.code in CODES and f.line >= 0 for f in findings)
    if not findings:
        rolemodel.load_framework(path)


def test_catalogue_documents_every_code() -> None:
    """docs/reference/errors.md has a section for every code in CODES, and for no other code."""
    text = (ROOT / "docs" / "reference" / "errors.md").read_text(encoding="utf-8")
    assert set(re.findall(r"^## (RM\d{3})$", text, re.MULTILINE)) == set(CODES)


def test_every_code_emitted_is_catalogued_and_every_catalogued_code_emitted() -> None:
    """The codes the loader and the lint write where they report are exactly those of CODES."""
    import rolemodel._extends
    import rolemodel._lint_checks
    import rolemodel._lint_quotes
    import rolemodel._sections
    import rolemodel._semantics
    import rolemodel._yamlread

    modules = [
        rolemodel._yamlread,
        rolemodel._sections,
        rolemodel._semantics,
        rolemodel._extends,
        rolemodel._loader,
        rolemodel._lint,
        rolemodel._lint_checks,
        rolemodel._lint_quotes,
    ]
    emitted = set()
    for module in modules:
        emitted |= set(re.findall(r'"(RM\d{3})"', Path(str(module.__file__)).read_text(encoding="utf-8")))
    assert emitted == set(CODES)


def test_an_instrument_file_is_linted_as_an_instrument(tmp_path: Path) -> None:
    """``format: rolemodel/instrument`` files get the instrument loader's located problems (not
    a framework's), and the built-in one is clean."""
    builtin = Path(__file__).resolve().parents[1] / "frameworks" / "instruments" / "manager-style.yaml"
    assert rolemodel.lint(builtin) == []
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: rolemodel/instrument\nversion: 1\nid: x\n", encoding="utf-8")
    found = rolemodel.lint(bad)
    assert found and all(f.path == str(bad) for f in found)
    assert any("'items'" in f.message for f in found)


def test_an_instrument_quote_is_checked_against_its_source(tmp_path: Path, sources: Path) -> None:
    builtin = Path(__file__).resolve().parents[1] / "frameworks" / "instruments" / "manager-style.yaml"
    assert rolemodel.lint(builtin, sources=sources) == []
    text = builtin.read_text(encoding="utf-8")
    changed = text.replace("Sales managers make decisions based on", "Sales managers make choices based on")
    assert changed != text
    bad = tmp_path / "style.yaml"
    bad.write_text(changed, encoding="utf-8")
    (found,) = rolemodel.lint(bad, sources=sources)
    assert found.code == "RM401" and "choices" in found.message
