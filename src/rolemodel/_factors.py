"""The factor catalogue: every factor a profile can carry, the words a graded one is read from,
the bounds of a value, and how a client file's header is matched to a factor."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Literal

import attrs

__all__ = ["ANSWERS", "FACTORS", "LEVELS", "MAX_COUNT", "MAX_TEXT", "FactorSpec", "fold", "near_misses"]

#: What the words ``low``, ``medium`` and ``high`` mean for a graded factor.
LEVELS: Mapping[str, float] = {"low": 0.2, "medium": 0.5, "high": 0.8}

#: What yes/no answers mean for a graded factor (the library's calibration): "Regulated? yes"
#: is a regulated industry (1), "no" is not (0), "partly" is half way. ``True``/``False``
#: read as yes/no.
ANSWERS: Mapping[str, float] = {
    "yes": 1.0,
    "y": 1.0,
    "true": 1.0,
    "no": 0.0,
    "n": 0.0,
    "false": 0.0,
    "partly": 0.5,
    "partially": 0.5,
    "somewhat": 0.5,
}

#: The largest count (``company_size``, ``team_size``) a profile takes: the library's bound,
#: as no company has more employees (the largest employers have about two million).
MAX_COUNT = 10_000_000
#: The longest text a count, a level or a stage is read from; longer text is refused unread.
MAX_TEXT = 100


@attrs.frozen
class FactorSpec:
    """One input a profile can carry."""

    name: str
    kind: Literal["count", "graded", "stage"]
    required: bool
    says: str
    #: Other names a client file's header may give the factor, folded (see :func:`fold`):
    #: ``Employees``, ``Headcount`` and ``# of employees`` all read as ``company_size``.
    synonyms: tuple[str, ...] = ()


FACTORS: Mapping[str, FactorSpec] = {
    spec.name: spec
    for spec in (
        FactorSpec(
            "company_size",
            "count",
            True,
            "employees in the company",
            synonyms=(
                "employees",
                "headcount",
                "company_headcount",
                "number_of_employees",
                "no_of_employees",
                "of_employees",
                "staff",
                "fte",
                "ftes",
                "company_employees",
            ),
        ),
        FactorSpec(
            "team_size",
            "count",
            True,
            "people in the sales team",
            synonyms=(
                "sales_reps",
                "reps",
                "sales_team",
                "sales_team_size",
                "salespeople",
                "sales_people",
                "sales_headcount",
                "number_of_reps",
                "of_reps",
                "sellers",
                "account_executives",
            ),
        ),
        FactorSpec(
            "market_change",
            "graded",
            True,
            "how fast the market, product and customers change",
            synonyms=(
                "volatility",
                "market_volatility",
                "market_change_rate",
                "pace_of_change",
                "rate_of_change",
                "market_dynamics",
                "change",
            ),
        ),
        FactorSpec(
            "regulation",
            "graded",
            True,
            "how regulated the industry is",
            synonyms=("regulated", "regulatory", "regulation_level", "regulated_industry", "compliance"),
        ),
        FactorSpec(
            "stage",
            "stage",
            False,
            "startup, growth or mature; derived from company_size when absent",
            synonyms=("company_stage", "lifecycle", "lifecycle_stage", "growth_stage", "business_stage"),
        ),
        FactorSpec(
            "competition",
            "graded",
            False,
            "how competitive the industry is",
            synonyms=("competitiveness", "competitive_pressure", "competitive"),
        ),
        FactorSpec(
            "short_term_pressure",
            "graded",
            False,
            "how crucial short-term targets are",
            synonyms=("short_term_targets", "quota_pressure", "target_pressure", "pressure"),
        ),
        FactorSpec(
            "innovation_need",
            "graded",
            False,
            "how much the team must innovate",
            synonyms=("innovation", "need_for_innovation"),
        ),
        FactorSpec(
            "customer_focus",
            "graded",
            False,
            "how critical strong customer relationships are",
            synonyms=("customer_relationships", "relationship_focus", "customer_relationship"),
        ),
        FactorSpec(
            "efficiency_priority",
            "graded",
            False,
            "how much efficiency is the priority",
            synonyms=("efficiency", "efficiency_focus"),
        ),
        FactorSpec(
            "structure_need",
            "graded",
            False,
            "how much the team needs structure and process",
            synonyms=("structure", "need_for_structure", "process_need"),
        ),
        FactorSpec(
            "development_priority",
            "graded",
            False,
            "how much long-term growth of the people matters",
            synonyms=("development", "people_development", "team_development"),
        ),
        FactorSpec(
            "process_complexity",
            "graded",
            False,
            "the weight of forecasts, pipeline, rules of engagement, comp plans",
            synonyms=("complexity", "sales_process_complexity"),
        ),
        FactorSpec(
            "team_seasoning",
            "graded",
            False,
            "how seasoned and experienced the sales team is",
            synonyms=("seasoning", "team_experience", "experience", "seasoned_team"),
        ),
        FactorSpec(
            "process_maturity",
            "graded",
            False,
            "how established and refined the sales processes are",
            synonyms=("process_maturity_level", "sales_process_maturity", "maturity_of_processes"),
        ),
        FactorSpec(
            "leadership_time",
            "graded",
            False,
            "share of the managers' time spent on leadership",
            synonyms=("leadership_share", "time_on_leadership", "leadership_time_share"),
        ),
        FactorSpec(
            "manager_readiness",
            "graded",
            False,
            "whether the sales manager has the aptitude to also lead",
            synonyms=("readiness", "manager_aptitude", "manager_ready", "ready_to_lead"),
        ),
    )
}

_FOLD = re.compile(r"[^0-9a-z]+")


def fold(name: str) -> str:
    """A header as the library compares it: lower case, every run of spaces and punctuation
    one ``_``, none at the ends (``"Sales reps"`` -> ``"sales_reps"``, ``"Regulated?"`` ->
    ``"regulated"``)."""
    return _FOLD.sub("_", name.strip().lower()).strip("_")


def near_misses(names: Iterable[object]) -> list[tuple[str, str]]:
    """``(name, factor)`` for each name that is no factor yet reads like one: equal once folded
    (``Innovation Need``), or close in spelling to a factor or one of its synonyms."""
    import difflib

    index = _synonym_index()
    found: list[tuple[str, str]] = []
    for name in names:
        if not isinstance(name, str) or name in FACTORS or len(name) > MAX_TEXT:
            continue
        folded = fold(name)
        if folded in index:
            found.append((name, index[folded]))
            continue
        close = difflib.get_close_matches(folded, list(index), n=1, cutoff=0.85)
        if close:
            found.append((name, index[close[0]]))
    return found


def _synonym_index() -> dict[str, str]:
    """Every folded name and synonym of a factor, to the factor it names."""
    index: dict[str, str] = {}
    for name, spec in FACTORS.items():
        index[name] = name
        for synonym in spec.synonyms:
            index.setdefault(synonym, name)
    return index
