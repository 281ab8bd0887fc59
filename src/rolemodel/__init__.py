"""rolemodel: recommend sales management, leadership or a converged Growth Leader, and who
should hold those roles.

Five articles by experienced sales executives, each encoded as a YAML rule graph, give their
verdicts on a company profile, or abstain when nothing in it speaks to them; rolemodel combines
them and explains every answer with the rules that fired and verbatim citations.

>>> import rolemodel
>>> rec = rolemodel.recommend(company_size=300, team_size=25, market_change="high", regulation="low")
>>> rec.staffing
<Staffing.SPLIT: 'split'>

``import rolemodel`` loads the knowledge and the engine only. The faces (batch scoring, reports,
what-if analyses, lint, compare) load on first use of one of their names (PEP 562).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from rolemodel._api import recommend
from rolemodel._errors import FrameworkError, Problem, ProfileError, RoleModelError, RoleModelWarning
from rolemodel._explain import Contribution, Explanation, FrameworkExplanation, Input, RoleCase
from rolemodel._loader import builtin_frameworks, load_framework, loads_framework
from rolemodel._model import Citation, Example, Framework, Role, Staffing, Stage
from rolemodel._profile import FACTORS, LEVELS, FactorSpec, Profile
from rolemodel._result import Recommendation, Verdict

if TYPE_CHECKING:
    from rolemodel._assess import Assessment, assess
    from rolemodel._audit import TeamAudit, TimeAudit, audit, team_audit
    from rolemodel._batch import RowResult, recommend_many, recommend_table
    from rolemodel._compare import Comparison, compare
    from rolemodel._counterfactual import Counterfactual
    from rolemodel._gap import Gap, Shortfall, gap
    from rolemodel._growth import GrowthPath, Period, Transition, growth_path
    from rolemodel._instrument import Instrument, InstrumentItem, manager_style
    from rolemodel._lint import ExampleResult, Finding, lint, run_examples
    from rolemodel._mbos import MBOPlan, mbos
    from rolemodel._phasemap import PhaseMap, phase_map
    from rolemodel._report import client_report, portfolio_report
    from rolemodel._rhythm import Rhythm, rhythm
    from rolemodel._whatif import Robustness, Sensitivity

__version__ = "0.2.0.dev0"

#: The names of the faces, by the module that defines them: imported on first use.
_LAZY: dict[str, str] = {
    "MBOPlan": "rolemodel._mbos",
    "Rhythm": "rolemodel._rhythm",
    "TeamAudit": "rolemodel._audit",
    "TimeAudit": "rolemodel._audit",
    "audit": "rolemodel._audit",
    "mbos": "rolemodel._mbos",
    "rhythm": "rolemodel._rhythm",
    "team_audit": "rolemodel._audit",
    "GrowthPath": "rolemodel._growth",
    "Period": "rolemodel._growth",
    "Transition": "rolemodel._growth",
    "growth_path": "rolemodel._growth",
    "Assessment": "rolemodel._assess",
    "assess": "rolemodel._assess",
    "Gap": "rolemodel._gap",
    "Shortfall": "rolemodel._gap",
    "gap": "rolemodel._gap",
    "Instrument": "rolemodel._instrument",
    "InstrumentItem": "rolemodel._instrument",
    "manager_style": "rolemodel._instrument",
    "RowResult": "rolemodel._batch",
    "recommend_many": "rolemodel._batch",
    "recommend_table": "rolemodel._batch",
    "Comparison": "rolemodel._compare",
    "compare": "rolemodel._compare",
    "ExampleResult": "rolemodel._lint",
    "Finding": "rolemodel._lint",
    "lint": "rolemodel._lint",
    "run_examples": "rolemodel._lint",
    "client_report": "rolemodel._report",
    "portfolio_report": "rolemodel._report",
    "Counterfactual": "rolemodel._counterfactual",
    "PhaseMap": "rolemodel._phasemap",
    "Robustness": "rolemodel._whatif",
    "Sensitivity": "rolemodel._whatif",
    "phase_map": "rolemodel._phasemap",
}

__all__ = [  # noqa: RUF022 - plain sorted(), checked by tests/test_public_api.py
    "Assessment",
    "Citation",
    "Comparison",
    "Contribution",
    "Counterfactual",
    "Example",
    "ExampleResult",
    "Explanation",
    "FACTORS",
    "FactorSpec",
    "Finding",
    "Framework",
    "FrameworkError",
    "FrameworkExplanation",
    "Gap",
    "GrowthPath",
    "Input",
    "Instrument",
    "InstrumentItem",
    "LEVELS",
    "MBOPlan",
    "Period",
    "PhaseMap",
    "Problem",
    "Profile",
    "ProfileError",
    "Recommendation",
    "Rhythm",
    "Robustness",
    "Role",
    "RoleCase",
    "RoleModelError",
    "RoleModelWarning",
    "RowResult",
    "Sensitivity",
    "Shortfall",
    "Staffing",
    "Stage",
    "TeamAudit",
    "TimeAudit",
    "Transition",
    "Verdict",
    "assess",
    "audit",
    "builtin_frameworks",
    "client_report",
    "compare",
    "gap",
    "growth_path",
    "lint",
    "load_framework",
    "loads_framework",
    "manager_style",
    "mbos",
    "phase_map",
    "portfolio_report",
    "recommend",
    "recommend_many",
    "recommend_table",
    "rhythm",
    "run_examples",
    "team_audit",
]


def __getattr__(name: str) -> Any:
    """A face's public name, imported on first use and then cached in this module."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'rolemodel' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
