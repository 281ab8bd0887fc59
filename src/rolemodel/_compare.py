"""The articles side by side: what each framework says on one dimension, every cell cited.

A *dimension* is an aspect of the work the articles contrast: ``focus``, ``decision_making``,
``motivation`` ... A ``difference`` item gives both poles of a dimension (its management and its
leadership side); other items (pros, cons, practices, situations ...) that name a dimension count
as well, whether they are about a role or (format version 2) about a staffing option: who holds
the roles (``single``, ``split``, ``converged``). :func:`compare` gathers them into a
:class:`Comparison`, a small table that displays itself in notebooks (HTML, Markdown) and gives
its rows as data.

The table renderers at the end are deliberately small and escape everything they print.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from rolemodel._errors import RoleModelError, did_you_mean
from rolemodel._loader import builtin_frameworks
from rolemodel._model import Citation, Framework, Item, Role

__all__ = ["DIMENSIONS", "Comparison", "compare"]

#: The standard dimensions of the framework format (docs/format.md), in reading order.
DIMENSIONS: tuple[str, ...] = (
    "focus",
    "decision_making",
    "motivation",
    "communication",
    "adaptability",
    "conflict_resolution",
    "development",
    "problem_solving",
    "structure",
    "change",
    "marketing",
)

_DETAIL_COLUMNS = ("framework", "kind", "name", "management", "leadership", "says", "citation")


@attrs.frozen(repr=False)
class Comparison:
    """The articles side by side, as a table.

    With a ``dimension``, one row per item on it: ``framework``, ``kind``, ``name``, the
    ``management`` and ``leadership`` cells (a difference's two poles; a pro, con or practice of
    one role under that role), ``says`` (what fits neither pole) and its ``citation``. An item
    about the Growth Leader or about a staffing option stays in its article's row, labelled
    with what it is about: ``(growth_leader) ...``, ``(staffing: single) ...``.
    Without one (``dimension is None``), one row per dimension: how many items each framework
    has on it, and how many frameworks speak to it.

    ``rows`` are plain mappings keyed by ``columns``; :meth:`to_dict` is JSON-ready.
    """

    dimension: str | None
    frameworks: tuple[str, ...]
    columns: tuple[str, ...]
    rows: tuple[Mapping[str, Any], ...]

    def __repr__(self) -> str:
        what = repr(self.dimension) if self.dimension is not None else "all dimensions"
        return f"<Comparison {what} rows={len(self.rows)} frameworks={len(self.frameworks)}>"

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def title(self) -> str:
        """A heading for the table."""
        if self.dimension is None:
            return "Which frameworks speak to which dimension (items per framework)"
        return f"{self.dimension.replace('_', ' ').capitalize()}: the frameworks side by side"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: dimension, frameworks, columns, rows (citations as mappings)."""
        return {
            "dimension": self.dimension,
            "frameworks": list(self.frameworks),
            "columns": list(self.columns),
            "rows": [{k: _jsonable(v) for k, v in row.items()} for row in self.rows],
        }

    def __str__(self) -> str:
        return text_table(
            self.columns, [[_plain(r[c]) for c in self.columns] for r in self.rows], title=self.title
        )

    def _repr_html_(self) -> str:
        cells = [[_html_cell(r[c]) for c in self.columns] for r in self.rows]
        return html_table(self.columns, cells, title=self.title, raw=True)

    def _repr_markdown_(self) -> str:
        return markdown_table(
            self.columns, [[_plain(r[c]) for c in self.columns] for r in self.rows], title=self.title
        )

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None
    ) -> dict[str, str]:
        bundle = {
            "text/plain": repr(self),
            "text/html": self._repr_html_(),
            "text/markdown": self._repr_markdown_(),
        }
        if include is not None:
            bundle = {k: v for k, v in bundle.items() if k in set(include)}
        if exclude is not None:
            bundle = {k: v for k, v in bundle.items() if k not in set(exclude)}
        return bundle


def compare(dimension: str | None = None, frameworks: Iterable[Framework] | None = None) -> Comparison:
    """The frameworks side by side on ``dimension``, or a summary over every dimension.

    ``dimension`` is a name like ``"focus"`` or ``"decision making"`` (spaces and hyphens read
    as underscores); an unknown one raises :class:`RoleModelError` with a "did you mean" hint.
    ``frameworks`` defaults to the five built-in articles.
    """
    chosen = builtin_frameworks() if frameworks is None else tuple(frameworks)
    for framework in chosen:
        if not isinstance(framework, Framework):
            raise RoleModelError(f"frameworks: expected Framework objects, found {framework!r}")
    ids = tuple(f.id for f in chosen)
    known = _dimensions(chosen)
    if dimension is None:
        return _summary(chosen, known)
    if not isinstance(dimension, str):
        raise RoleModelError(f"dimension: expected a name, found {dimension!r}")
    name = dimension.strip().lower().replace("-", "_").replace(" ", "_")
    if name not in known and name not in DIMENSIONS:
        choices = list(dict.fromkeys([*known, *DIMENSIONS]))
        hint = did_you_mean(name, choices)
        raise RoleModelError(
            f"dimension: expected one of {', '.join(choices)}, found {dimension!r}"
            + (f" ({hint})" if hint else "")
        )
    found: list[tuple[bool, int, int, Framework, Item]] = []
    for f_index, framework in enumerate(chosen):
        for i_index, item in enumerate(framework.items):
            if item.dimension == name:
                found.append((item.kind != "difference", f_index, i_index, framework, item))
    found.sort(key=lambda t: t[:3])
    rows = tuple(_detail_row(framework, item) for *_, framework, item in found)
    return Comparison(dimension=name, frameworks=ids, columns=_DETAIL_COLUMNS, rows=rows)


def _dimensions(frameworks: Sequence[Framework]) -> tuple[str, ...]:
    """Every dimension the frameworks' items name: the standard ones first, in their order."""
    named = {item.dimension for f in frameworks for item in f.items if item.dimension}
    return tuple(d for d in DIMENSIONS if d in named) + tuple(sorted(named - set(DIMENSIONS)))


def _summary(frameworks: Sequence[Framework], dimensions: Sequence[str]) -> Comparison:
    ids = tuple(f.id for f in frameworks)
    rows = []
    for dim in dimensions:
        counts = {f.id: sum(1 for item in f.items if item.dimension == dim) for f in frameworks}
        differences = sum(
            1 for f in frameworks for item in f.items if item.dimension == dim and item.kind == "difference"
        )
        rows.append(
            {
                "dimension": dim,
                "frameworks": sum(1 for n in counts.values() if n),
                "differences": differences,
                **counts,
            }
        )
    columns = ("dimension", "frameworks", "differences", *ids)
    return Comparison(dimension=None, frameworks=ids, columns=columns, rows=tuple(rows))


def _detail_row(framework: Framework, item: Item) -> dict[str, Any]:
    """One item as a row: a difference's two poles; a management or leadership item under its
    role; anything else under ``says``. What an item is about besides the two poles (the
    Growth Leader, a staffing option) labels its text."""
    management = leadership = says = ""
    label = _label(item)
    if item.kind == "difference":
        management, leadership = item.management, item.leadership
        says = label.strip()
    elif item.role is Role.MANAGEMENT:
        management = label + item.says
    elif item.role is Role.LEADERSHIP:
        leadership = label + item.says
    else:
        says = label + item.says
    return {
        "framework": framework.id,
        "kind": item.kind,
        "name": item.name,
        "management": _squash(management),
        "leadership": _squash(leadership),
        "says": _squash(says),
        "citation": item.citation,
    }


def _label(item: Item) -> str:
    """What an item is about besides the two poles: ``(growth_leader) ``, ``(staffing: single) ``."""
    about = []
    if item.role is not None and item.role not in (Role.MANAGEMENT, Role.LEADERSHIP):
        about.append(item.role.value)
    if item.staffing is not None:
        about.append(f"staffing: {item.staffing.value}")
    return f"({'; '.join(about)}) " if about else ""


def _squash(text: str) -> str:
    return " ".join(text.split())


def _jsonable(value: Any) -> Any:
    if isinstance(value, Citation):
        return {"source": value.source, "quote": value.quote}
    return value


def _plain(value: Any) -> str:
    if isinstance(value, Citation):
        return f"\u201c{value.quote}\u201d ({value.source})"
    if isinstance(value, float):
        return f"{value:.3g}"
    return "" if value is None else str(value)


def _html_cell(value: Any) -> str:
    if isinstance(value, Citation):
        return f"<q>{html.escape(value.quote)}</q><br><cite>{html.escape(value.source)}</cite>"
    return html.escape(_plain(value))


# -- small table renderers (escaped) ------------------------------------------------------------


def html_table(
    columns: Sequence[str], rows: Sequence[Sequence[str]], *, title: str = "", raw: bool = False
) -> str:
    """An HTML table. Cells are escaped unless ``raw`` says the caller escaped them already."""

    def cell(text: str) -> str:
        return text if raw else html.escape(text)

    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>"
        + "".join(f'<td style="text-align:left;vertical-align:top">{cell(v)}</td>' for v in row)
        + "</tr>"
        for row in rows
    )
    caption = f"<caption>{html.escape(title)}</caption>" if title else ""
    return f'<table class="rolemodel">{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def markdown_table(columns: Sequence[str], rows: Sequence[Sequence[str]], *, title: str = "") -> str:
    """A GitHub-flavoured Markdown table; pipes, newlines and markup characters escaped."""

    def cell(text: str) -> str:
        text = " ".join(text.split())
        for ch in "\\|*_`<>[]&":
            text = text.replace(ch, "\\" + ch)
        return text

    lines = [f"**{cell(title)}**", ""] if title else []
    lines.append("| " + " | ".join(cell(c) for c in columns) + " |")
    lines.append("|" + "---|" * len(columns))
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def text_table(
    columns: Sequence[str], rows: Sequence[Sequence[str]], *, title: str = "", width: int = 48
) -> str:
    """A plain-text table; long cells cut to ``width`` characters."""

    def cut(text: str) -> str:
        text = " ".join(text.split())
        return text if len(text) <= width else text[: width - 1] + "\u2026"

    cells = [[cut(c) for c in columns], *[[cut(v) for v in row] for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(columns))]
    out = [title] if title else []
    for n, row in enumerate(cells):
        out.append("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)
