"""Hypothesis strategies for rolemodel's inputs."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from rolemodel import FACTORS, Stage

graded = st.one_of(
    st.floats(min_value=0.0, max_value=1.0, allow_nan=False),
    st.sampled_from(["low", "medium", "high"]),
)
OPTIONAL_GRADED = [n for n, s in FACTORS.items() if s.kind == "graded" and not s.required]


@st.composite
def profiles(draw: st.DrawFn) -> dict[str, Any]:
    """A valid profile as a mapping: required factors always, optional ones sometimes."""
    company = draw(st.integers(min_value=1, max_value=200_000))
    data: dict[str, Any] = {
        "company_size": company,
        "team_size": draw(st.integers(min_value=1, max_value=min(company, 5_000))),
        "market_change": draw(graded),
        "regulation": draw(graded),
    }
    for name in OPTIONAL_GRADED:
        if draw(st.booleans()):
            data[name] = draw(graded)
    if draw(st.booleans()):
        data["stage"] = draw(st.sampled_from([s.value for s in Stage]))
    return data
