"""mkdocs hook: one page per built-in framework, generated from its YAML at build time, and the
scenario check, generated from ``tests/scenarios.yaml``.

The pages are never written by hand: ``on_config`` fills the nav's ``Frameworks`` section,
``on_files`` adds ``frameworks/index.md``, ``frameworks/<id>.md`` and
``explanation/scenarios.md`` (the scenario set run through rolemodel: expected against got, the
confidence of clear and contested cases, and its plot) as generated files, and
``on_page_content`` turns the Sphinx roles left in docstrings (``:class:`Profile```) into
links to the API reference.

The rendering functions (:func:`framework_page`, :func:`index_page`, :func:`mermaid`) are
pure: ``tests/test_docs.py`` imports this file and checks them without running mkdocs.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import rolemodel
from rolemodel import FACTORS, Framework, Role, Staffing
from rolemodel._scenarios import CASES, QUESTIONS, ScenarioReport, check_scenarios

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

#: The nav section the framework pages go into, and the folder they live in.
NAV_SECTION = "Frameworks"
FOLDER = "frameworks"
#: The scenario set and the page generated from it.
SCENARIOS = Path(__file__).resolve().parents[2] / "tests" / "scenarios.yaml"
SCENARIO_PAGE = "explanation/scenarios.md"

#: Headings for the descriptive items, in the order the pages show them.
ITEM_HEADINGS = {
    "definition": "Definitions",
    "difference": "Differences",
    "similarity": "Similarities",
    "pro": "Pros",
    "con": "Cons",
    "situation": "Situations",
    "question": "Questions",
    "practice": "Practices",
    "stage": "Stages",
    "caveat": "Caveats",
}


# -- rendering (pure) ---------------------------------------------------------------------------


def text(value: str) -> str:
    """Plain text made safe for Markdown: no HTML, no emphasis, no table breaks."""
    value = html.escape(" ".join(value.split()), quote=False)
    for char in "\\`*_[]|#":
        value = value.replace(char, "\\" + char)
    return value


def quote(citation: rolemodel.Citation) -> str:
    """A citation as inline Markdown: the verbatim quote and its source file."""
    return f"\u201c{text(citation.quote)}\u201d \u2014 `{citation.source}`"


def page_path(framework: Framework) -> str:
    """Where a framework's page lives in the docs."""
    return f"{FOLDER}/{framework.id}.md"


def _node(name: str) -> str:
    """A Mermaid node id: prefixed, so that no id is a Mermaid keyword (``end``, ``class``)."""
    return "n_" + re.sub(r"[^A-Za-z0-9_]", "_", name)


def mermaid(framework: Framework) -> str:
    """The framework's rule graph (factors -> concepts -> roles and staffing) as a Mermaid flowchart."""
    graph = framework.graph
    lines = ["flowchart LR"]
    shapes = {
        "factor": ("([", "])"),
        "always": ("((", "))"),
        "concept": ("{{", "}}"),
        "role": ("[[", "]]"),
        "staffing": ("[/", "/]"),
    }
    for node, data in graph.nodes(data=True):
        left, right = shapes.get(data["kind"], ("[", "]"))
        lines.append(f'    {_node(node)}{left}"{data["label"]}"{right}')
        lines.append(f"    class {_node(node)} {data['kind']}")
    for source, target, data in graph.edges(data=True):
        label = "<br>".join(f"{rule} \u00d7{framework.rule(rule).weight:g}" for rule in data["rules"])
        lines.append(f'    {_node(source)} -->|"{label}"| {_node(target)}')
    lines += [
        "    classDef factor fill:#e3f2fd,stroke:#1565c0",
        "    classDef always fill:#eceff1,stroke:#546e7a",
        "    classDef concept fill:#fff8e1,stroke:#f9a825",
        "    classDef role fill:#e8f5e9,stroke:#2e7d32",
        "    classDef staffing fill:#f3e5f5,stroke:#6a1b9a",
    ]
    return "\n".join(lines)


def _answers(specs: list[tuple[str, Any]], silent: list[str], silence: str) -> list[str]:
    """Bullets for the answers a framework lists, then what it is silent on."""
    out = []
    for name, spec in specs:
        out += [
            f"- **`{name}`** (baseline {spec.baseline:g}): {text(spec.says)}  ",
            f"  {quote(spec.citation)}",
        ]
    if silent:
        out += ["", silence.format(names=", ".join(f"`{s}`" for s in silent))]
    return out


def _roles(framework: Framework) -> list[str]:
    return _answers(
        [(spec.role.value, spec) for spec in framework.roles],
        [r.value for r in Role if r not in framework.role_ids],
        "The article does not speak of {names}: the framework is *silent* on it, scores it 0\n"
        "in its own verdict, and is left out when that role's combined score is computed.",
    )


def _staffing(framework: Framework) -> list[str]:
    if not framework.staffing:
        return [
            "The article says nothing about who should hold the roles: the framework never gives",
            "a staffing verdict.",
        ]
    return _answers(
        [(spec.staffing.value, spec) for spec in framework.staffing],
        [s.value for s in Staffing if s not in framework.staffing_ids],
        "The article does not speak of {names}: the framework is silent on it.",
    )


def _factors(framework: Framework) -> list[str]:
    out = ["| factor | kind | meaning |", "|---|---|---|"]
    for name in framework.factors:
        spec = FACTORS[name]
        kind = spec.kind + (", required" if spec.required else "")
        out.append(f"| `{name}` | {kind} | {text(spec.says)} |")
    return out


def _rules(framework: Framework) -> list[str]:
    out: list[str] = []
    for rule in framework.rules:
        out += [
            f"### `{rule.id}`",
            "",
            f"**when** `{rule.when.describe()}` **then** `{rule.then}` **weight** {rule.weight:g}"
            + f" *({_basis(rule)})*"
            + (
                " — a standing claim: it reads nothing of the profile, so it is never evidence"
                if rule.stance
                else ""
            ),
            "",
            text(rule.says),
            "",
            f"> {quote(rule.citation)}",
            "",
        ]
    return out


def _basis(rule: Any) -> str:
    if rule.basis == "article":
        return "numbers from the article"
    if rule.basis == "calibration":
        return "numbers are the library's calibration"
    return "basis not stated"


def _items(framework: Framework) -> list[str]:
    by_kind: dict[str, list[Any]] = defaultdict(list)
    for item in framework.items:
        by_kind[item.kind].append(item)
    out: list[str] = []
    for kind, heading in ITEM_HEADINGS.items():
        items = by_kind.get(kind, [])
        if not items:
            continue
        out += [f"### {heading}", ""]
        if kind == "difference":
            out += ["| dimension | management | leadership | citation |", "|---|---|---|---|"]
            for item in items:
                name = f" ({text(item.name)})" if item.name else ""
                out.append(
                    f"| `{item.dimension}`{name} | {text(item.management)} | "
                    f"{text(item.leadership)} | {quote(item.citation)} |"
                )
            out.append("")
            continue
        for item in items:
            tags = [f"`{item.role.value}`"] if item.role is not None else []
            if item.staffing is not None:
                tags.append(f"staffing `{item.staffing.value}`")
            if item.dimension:
                tags.append(f"dimension `{item.dimension}`")
            head = f"**{text(item.name)}**" if item.name else ""
            tagged = f" ({', '.join(tags)})" if tags else ""
            lead = f"{head}{tagged}: " if head or tagged else ""
            out.append(f"- {lead}{text(item.says)}  ")
            out.append(f"  {quote(item.citation)}")
        out.append("")
    return out


def framework_page(framework: Framework) -> str:
    """The Markdown page of one framework, from the framework alone."""
    file = framework.path.rsplit("/", 1)[-1] if framework.path else f"{framework.id}.yaml"
    lines = [
        f"# {text(framework.title)}",
        "",
        f"**Framework** `{framework.id}` · **author** {text(framework.author)} · "
        f"**source** `{framework.source}` · {len(framework.rules)} rules · "
        f"{len(framework.items)} descriptive items",
        "",
        f'!!! info "Generated from `frameworks/{file}`"',
        "    This page is built from the framework file each time the documentation is built;",
        "    the summary and the *says* texts are the encoders' words, the quotes are the article's.",
        "",
        "## Summary",
        "",
        text(framework.summary),
        "",
        "## Roles",
        "",
        *_roles(framework),
        "",
        "## Staffing",
        "",
        *_staffing(framework),
        "",
        "## Factors it reads",
        "",
        *_factors(framework),
        "",
        "## Rule graph",
        "",
        "Factors (left; `always` for the article's unconditional claims) feed concepts, roles",
        "and staffing options; each arrow is labelled with the rules on it and their weights.",
        "",
        "```mermaid",
        mermaid(framework),
        "```",
        "",
    ]
    if framework.concepts:
        lines += ["## Concepts", ""]
        for concept in framework.concepts:
            lines += [
                f"- **`{concept.id}`**: {text(concept.says)}  ",
                f"  {quote(concept.citation)}",
            ]
        lines.append("")
    lines += ["## Rules", "", *_rules(framework)]
    if framework.items:
        lines += ["## Descriptive items", "", *_items(framework)]
    return "\n".join(lines).rstrip() + "\n"


def index_page(frameworks: tuple[Framework, ...]) -> str:
    """The Frameworks section's index: one row per framework."""
    lines = [
        "# The frameworks",
        "",
        "One framework per source article, each generated from its YAML file. A role a",
        "framework does not list is one its article is silent on.",
        "",
        "| framework | article | author | source | roles | staffing | factors | rules | items |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for fw in frameworks:
        roles = ", ".join(f"`{r.value}`" for r in fw.role_ids)
        staffing = ", ".join(f"`{s.value}`" for s in fw.staffing_ids) or "—"
        lines.append(
            f"| [`{fw.id}`]({fw.id}.md) | {text(fw.title)} | {text(fw.author)} | "
            f"`{fw.source}` | {roles} | {staffing} | {len(fw.factors)} | {len(fw.rules)} | {len(fw.items)} |"
        )
    return "\n".join(lines) + "\n"


def confidence_plot(report: ScenarioReport) -> str:
    """An inline SVG: each scenario's confidence as a dot, one strip per question and case, the
    means marked, and the targets (clear >= 0.5, contested <= 0.3) drawn as dashed lines."""
    width, left, right, row = 640, 190, 20, 34
    rows = [(q, c) for q in QUESTIONS for c in CASES]
    height = 30 + row * len(rows) + 30
    span = width - left - right

    def x(value: float) -> float:
        return left + span * value

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="Confidence of clear and contested scenarios" '
        'font-family="sans-serif" font-size="12">'
    ]
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        parts.append(f'<text x="{x(tick):.1f}" y="{height - 10}" text-anchor="middle">{tick:g}</text>')
    for target, label in ((0.3, "contested ≤ 0.3"), (0.5, "clear ≥ 0.5")):
        parts.append(
            f'<line x1="{x(target):.1f}" y1="20" x2="{x(target):.1f}" y2="{height - 25}" '
            'stroke="#888" stroke-dasharray="4 3"/>'
        )
        parts.append(f'<text x="{x(target):.1f}" y="14" text-anchor="middle" fill="#555">{label}</text>')
    for i, (question, case) in enumerate(rows):
        y = 30 + row * i + row / 2
        colour = "#2e7d32" if case == "clear" else "#c62828"
        parts.append(f'<text x="{left - 10}" y="{y + 4:.1f}" text-anchor="end">{question}, {case}</text>')
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#ddd"/>')
        chosen = [o for o in report.outcomes if o.scenario.case[question] == case]
        for o in chosen:
            wrong = not o.right(question)
            parts.append(
                f'<circle cx="{x(o.confidence(question)):.1f}" cy="{y:.1f}" r="4" fill="{colour}" '
                f'fill-opacity="0.45" stroke="{"#000" if wrong else "none"}">'
                f"<title>{html.escape(o.scenario.id)}: {o.confidence(question):.2f}</title></circle>"
            )
        mean = report.summary(question, case)["mean_confidence"]
        if chosen:
            parts.append(
                f'<line x1="{x(mean):.1f}" y1="{y - 11:.1f}" x2="{x(mean):.1f}" y2="{y + 11:.1f}" '
                f'stroke="{colour}" stroke-width="3"/>'
            )
    parts.append("</svg>")
    return "".join(parts)


def scenario_page(report: ScenarioReport | None = None) -> str:
    """The scenario check: the summary, the plot and every scenario, expected against got."""
    report = check_scenarios(SCENARIOS) if report is None else report
    return "\n".join(
        [
            "# Confidence, checked on the scenarios",
            "",
            f"This page is generated at build time from `tests/scenarios.yaml`: {len(report.outcomes)}",
            "company profiles written from the five articles, each with the role and staffing a careful",
            "reader expects and the passages behind them. On each question a scenario is *clear* when",
            "every article that speaks to the profile agrees, and *contested* otherwise. The tests",
            "(`tests/test_scenarios.py`) require, on each question, at least 90% of the clear",
            "scenarios right, a mean confidence of at least 0.5 on the clear ones and at most 0.3",
            "on the contested ones. The set was written from the articles, not from the framework",
            "files, and committed before the engine it judges.",
            "",
            report.summary_markdown(),
            "",
            "Each dot is one scenario's confidence (a black ring: the answer differs from the",
            "expected one); the thick tick is the mean. Contested scenarios have no single right",
            "answer: what matters there is that the confidence is low.",
            "",
            confidence_plot(report),
            "",
            "## Every scenario",
            "",
            "✗ marks an answer that differs from the expected one.",
            "",
            report.to_markdown(),
            "",
        ]
    )


def pages(frameworks: tuple[Framework, ...] | None = None) -> dict[str, str]:
    """Every generated page, by its path under ``docs/``."""
    chosen = rolemodel.builtin_frameworks() if frameworks is None else frameworks
    out = {f"{FOLDER}/index.md": index_page(chosen)}
    for framework in chosen:
        out[page_path(framework)] = framework_page(framework)
    if frameworks is None:
        out[SCENARIO_PAGE] = scenario_page()
    return out


# -- the mkdocs hooks ---------------------------------------------------------------------------


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Fill the nav's Frameworks section with the index and one entry per framework."""
    entries: list[Any] = [f"{FOLDER}/index.md"]
    entries += [{fw.id: page_path(fw)} for fw in rolemodel.builtin_frameworks()]
    for entry in config.nav or []:
        if isinstance(entry, dict) and NAV_SECTION in entry:
            entry[NAV_SECTION] = entries
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated framework pages to the site."""
    from mkdocs.structure.files import File

    for path, content in pages().items():
        files.append(File.generated(config, path, content=content))
    _DOCUMENTED.clear()
    for file in files.documentation_pages():
        if file.abs_src_path and file.src_uri.startswith("reference/"):
            with open(file.abs_src_path, encoding="utf-8") as source:
                for name in _DIRECTIVE.findall(source.read()):
                    _DOCUMENTED.setdefault(name, file.url)
    return files


_ROLE = re.compile(r":(?:class|func|meth|attr|exc|data|obj|mod):<code>(~?)([\w.]+)</code>")
_DIRECTIVE = re.compile(r"^::: rolemodel\.(\w+)\s*$", re.MULTILINE)
#: Public name -> the URL of the reference page that renders it (filled by ``on_files``).
_DOCUMENTED: dict[str, str] = {}


def on_page_content(html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Docstrings' Sphinx roles (``:class:`Profile```) -> code, linked where it is documented."""
    from mkdocs.utils import get_relative_url

    def link(match: re.Match[str]) -> str:
        tilde, target = match.groups()
        shown = target.rsplit(".", 1)[-1] if tilde else target
        url = _DOCUMENTED.get(target.removeprefix("rolemodel."))
        if url is None:
            return f"<code>{shown}</code>"
        href = get_relative_url(url, page.url) + "#" + "rolemodel." + target.removeprefix("rolemodel.")
        return f'<a href="{href}"><code>{shown}</code></a>'

    return _ROLE.sub(link, html_text)
