"""Frozen values that describe a framework: roles, citations, conditions, rules, items.

Nothing here does I/O. The loader builds these values from YAML; the engine reads them.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING, Literal

import attrs

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.axes import Axes

    from rolemodel._engine import Plan
    from rolemodel._profile import Profile

__all__ = [
    "FORMAT",
    "ITEM_KINDS",
    "SUPPORTED_VERSIONS",
    "AllOf",
    "Always",
    "AnyOf",
    "Citation",
    "Concept",
    "Condition",
    "Example",
    "Framework",
    "Item",
    "Ramp",
    "Role",
    "RoleSpec",
    "Rule",
    "Staffing",
    "StaffingSpec",
    "Stage",
    "StageIs",
]

FORMAT = "rolemodel/framework"
SUPPORTED_VERSIONS = (1, 2)
BASES = ("article", "calibration")
ITEM_KINDS = (
    "definition",
    "difference",
    "similarity",
    "pro",
    "con",
    "situation",
    "question",
    "practice",
    "stage",
    "caveat",
)


class Role(enum.StrEnum):
    """What the sales organisation needs most now (who holds the roles is :class:`Staffing`)."""

    MANAGEMENT = "management"
    LEADERSHIP = "leadership"
    GROWTH_LEADER = "growth_leader"


class Staffing(enum.StrEnum):
    """Who holds the roles: one person, a leader plus a dedicated manager, or one Growth Leader.

    ``single``: one person holds both roles, as the owner of a small or young company does;
    ``split``: a sales leader plus a dedicated sales manager; ``converged``: one Growth Leader,
    by design, in a mature company (002's converged role).
    """

    SINGLE = "single"
    SPLIT = "split"
    CONVERGED = "converged"


class Stage(enum.StrEnum):
    """A company's stage of growth (002's lifecycle)."""

    STARTUP = "startup"
    GROWTH = "growth"
    MATURE = "mature"


@attrs.frozen
class Citation:
    """Where a claim comes from: a source file and a short verbatim quote of it."""

    source: str
    quote: str

    def __str__(self) -> str:
        return f"{self.source}: \u201c{self.quote}\u201d"


# -- conditions ------------------------------------------------------------------------------


@attrs.frozen
class Ramp:
    """A graded condition on a factor or concept: 0 -> 1 between ``low`` and ``high``.

    ``rising`` ramps up with the value; otherwise the ramp falls.
    """

    source: Literal["factor", "concept"]
    name: str
    low: float
    high: float
    rising: bool = True

    def describe(self) -> str:
        direction = "rising" if self.rising else "falling"
        return f"{self.name} {direction} {_num(self.low)}..{_num(self.high)}"


@attrs.frozen
class StageIs:
    """Membership of the company's stage in ``stages`` (fuzzy when the stage is derived)."""

    stages: tuple[Stage, ...]

    def describe(self) -> str:
        return "stage is " + " or ".join(s.value for s in self.stages)


@attrs.frozen
class AllOf:
    """Fuzzy AND: the smallest degree of its conditions."""

    conditions: tuple[Condition, ...]

    def describe(self) -> str:
        return " and ".join(f"({c.describe()})" for c in self.conditions)


@attrs.frozen
class AnyOf:
    """Fuzzy OR: the largest degree of its conditions."""

    conditions: tuple[Condition, ...]

    def describe(self) -> str:
        return " or ".join(f"({c.describe()})" for c in self.conditions)


@attrs.frozen
class Always:
    """The article's unconditional claim: degree 1."""

    def describe(self) -> str:
        return "always"


Condition = Ramp | StageIs | AllOf | AnyOf | Always


def walk_condition(condition: Condition) -> Iterator[Condition]:
    """Every condition inside ``condition``, itself first."""
    yield condition
    if isinstance(condition, AllOf | AnyOf):
        for inner in condition.conditions:
            yield from walk_condition(inner)


def condition_reads(condition: Condition) -> tuple[tuple[str, str], ...]:
    """The ``(kind, name)`` pairs a condition reads, kind ``factor`` or ``concept``, in order."""
    seen: dict[tuple[str, str], None] = {}
    for c in walk_condition(condition):
        if isinstance(c, Ramp):
            seen[(c.source, c.name)] = None
        elif isinstance(c, StageIs):
            seen[("factor", "stage")] = None
    return tuple(seen)


def _num(x: float) -> str:
    return f"{x:g}"


# -- framework parts ----------------------------------------------------------------------------


@attrs.frozen
class RoleSpec:
    """A role as one article sees it, with the evidence it has before any rule fires."""

    role: Role
    baseline: float
    says: str
    citation: Citation


@attrs.frozen
class StaffingSpec:
    """A staffing option as one article sees it, with its evidence before any rule fires."""

    staffing: Staffing
    baseline: float
    says: str
    citation: Citation


@attrs.frozen
class Concept:
    """An intermediate idea of an article (Kotter's complexity, change ...)."""

    id: str
    says: str
    citation: Citation


@attrs.frozen
class Rule:
    """When ``when`` holds to some degree, add ``weight * degree`` to ``then``."""

    id: str
    when: Condition
    then: str
    weight: float
    says: str
    citation: Citation
    contrast: tuple[str, ...] = ()
    """Rules this one deliberately pushes against on the same condition (see the lint, RM203)."""
    basis: str | None = None
    """Whose numbers the rule's weight and ramps are: ``"article"`` (the article gives them, as
    003's 50/50 split) or ``"calibration"`` (the library's choice); ``None`` in a version-1 file."""

    @property
    def stance(self) -> bool:
        """True for an unconditional rule: the article's standing claim, not evidence."""
        return isinstance(self.when, Always)

    @property
    def reads(self) -> tuple[tuple[str, str], ...]:
        """The ``(kind, name)`` pairs the rule's condition reads."""
        return condition_reads(self.when)


@attrs.frozen
class Item:
    """One descriptive item of an article: a difference, pro, con, situation, practice ..."""

    kind: str
    says: str
    citation: Citation
    role: Role | None = None
    name: str = ""
    dimension: str = ""
    management: str = ""
    leadership: str = ""
    staffing: Staffing | None = None
    """The staffing option the item is about (version 2), where it is about one."""


@attrs.frozen
class Example:
    """A scenario that lives with the rules: this profile should give ``expect``.

    ``expect`` is the role the framework's own verdict should give (``None``: it should
    abstain), ``expect_staffing`` the same for staffing; ``checks`` names which of the two
    questions (``"role"``, ``"staffing"``) the example checks. ``citation`` is the article's own
    situation the example comes from; ``min_confidence`` is the least confidence the verdict
    (the framework evaluated alone) must reach on each question checked.
    """

    name: str
    profile: Profile
    expect: Role | None
    citation: Citation
    min_confidence: float = 0.0
    expect_staffing: Staffing | None = None
    checks: tuple[str, ...] = ("role",)


@attrs.frozen(repr=False)
class Framework:
    """One article's model: its roles, the factors it reads, its rules and descriptive items.

    Build one with :func:`rolemodel.load_framework` or :func:`rolemodel.builtin_frameworks`.
    ``graph`` is its rule graph (factors -> concepts -> roles) as a ``networkx.DiGraph``.
    """

    id: str
    title: str
    author: str
    source: str
    summary: str
    roles: tuple[RoleSpec, ...]
    factors: tuple[str, ...]
    concepts: tuple[Concept, ...]
    rules: tuple[Rule, ...]
    items: tuple[Item, ...] = ()
    source_end: str = ""
    version: int = 1
    path: str = attrs.field(default="", eq=False)
    examples: tuple[Example, ...] = ()
    extends: str = ""
    """The id of the framework this one extends ("" when it stands alone)."""
    staffing: tuple[StaffingSpec, ...] = ()
    """The staffing options the article speaks to (none: it never gives a staffing verdict)."""

    def __repr__(self) -> str:
        return f"<Framework {self.id!r} rules={len(self.rules)} items={len(self.items)}>"

    @property
    def role_ids(self) -> tuple[Role, ...]:
        """The roles this article speaks to."""
        return tuple(spec.role for spec in self.roles)

    @property
    def staffing_ids(self) -> tuple[Staffing, ...]:
        """The staffing options this article speaks to."""
        return tuple(spec.staffing for spec in self.staffing)

    def rule(self, rule_id: str) -> Rule:
        """The rule called ``rule_id`` (``KeyError`` when there is none)."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def to_mermaid(self) -> str:
        """The rule graph as Mermaid ``flowchart LR`` text, edges labelled by rule and weight."""
        from rolemodel._display import framework_mermaid

        return framework_mermaid(self)

    def draw(self, ax: Axes | None = None, *, edge_labels: bool = False) -> Axes:
        """Draw the rule graph left to right with matplotlib (``rolemodel[plot]``)."""
        from rolemodel._plot import draw_framework

        return draw_framework(self, ax, edge_labels=edge_labels)

    def _repr_mimebundle_(
        self, include: Collection[str] | None = None, exclude: Collection[str] | None = None
    ) -> dict[str, str]:
        from rolemodel._display import mimebundle

        return mimebundle(self, include, exclude)

    def _repr_html_(self) -> str:
        from rolemodel._display import framework_html

        return framework_html(self)

    def _repr_markdown_(self) -> str:
        from rolemodel._display import framework_markdown

        return framework_markdown(self)

    @functools.cached_property
    def graph(self) -> nx.DiGraph[str]:
        """The rule graph: nodes ``factor:x``, ``concept:c``, ``role:r``; edges carry rules."""
        from rolemodel._graph import build_graph

        return build_graph(self)

    @functools.cached_property
    def _plan(self) -> Plan:
        from rolemodel._engine import compile_framework

        return compile_framework(self)
