"""The public surface is exactly what __all__ says, sorted, and nothing private leaks."""

from __future__ import annotations

import types

import rolemodel

PUBLIC = {
    "FACTORS",
    "LEVELS",
    "Citation",
    "Contribution",
    "Explanation",
    "FactorSpec",
    "Framework",
    "FrameworkError",
    "FrameworkExplanation",
    "Input",
    "Problem",
    "Profile",
    "ProfileError",
    "Recommendation",
    "Role",
    "RoleCase",
    "RoleModelError",
    "Stage",
    "Verdict",
    "builtin_frameworks",
    "load_framework",
    "loads_framework",
    "recommend",
    "Comparison",
    "Counterfactual",
    "PhaseMap",
    "Robustness",
    "Sensitivity",
    "Staffing",
    "compare",
    "phase_map",
    "Example",
    "ExampleResult",
    "Finding",
    "lint",
    "run_examples",
    "client_report",
    "portfolio_report",
    "RowResult",
    "recommend_many",
    "recommend_table",
}


def test_all_is_exactly_the_public_api() -> None:
    """__all__ lists the public names, no more, no less."""
    assert set(rolemodel.__all__) == PUBLIC


def test_all_is_sorted_and_resolvable() -> None:
    """__all__ is sorted and every name in it exists."""
    assert rolemodel.__all__ == sorted(rolemodel.__all__)
    for name in rolemodel.__all__:
        assert getattr(rolemodel, name) is not None


def test_no_other_public_names() -> None:
    """Every non-underscore module attribute is in __all__ (submodules and dunders aside)."""
    extra = {
        n
        for n in dir(rolemodel)
        if not n.startswith("_")
        and n not in PUBLIC
        and not isinstance(getattr(rolemodel, n), types.ModuleType)
    }
    assert extra == set()


def test_error_family() -> None:
    """Every rolemodel error is a RoleModelError, and that is a ValueError."""
    assert issubclass(rolemodel.RoleModelError, ValueError)
    assert issubclass(rolemodel.FrameworkError, rolemodel.RoleModelError)
    assert issubclass(rolemodel.ProfileError, rolemodel.RoleModelError)
