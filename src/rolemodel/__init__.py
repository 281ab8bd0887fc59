"""rolemodel: recommend sales management, leadership or a converged Growth Leader.

Five articles by experienced sales executives, each encoded as a YAML rule graph, give their
verdicts on a company profile; rolemodel combines them and explains every answer with
the rules that fired and verbatim citations.

>>> import rolemodel
>>> rec = rolemodel.recommend(company_size=300, team_size=25, market_change="high", regulation="low")
>>> rec.staffing
<Staffing.SPLIT: 'split'>
"""

from rolemodel._api import recommend
from rolemodel._batch import RowResult, recommend_many, recommend_table
from rolemodel._compare import Comparison, compare
from rolemodel._errors import FrameworkError, Problem, ProfileError, RoleModelError
from rolemodel._explain import Contribution, Explanation, FrameworkExplanation, Input, RoleCase
from rolemodel._lint import ExampleResult, Finding, lint, run_examples
from rolemodel._loader import builtin_frameworks, load_framework, loads_framework
from rolemodel._model import Citation, Example, Framework, Role, Staffing, Stage
from rolemodel._profile import FACTORS, LEVELS, FactorSpec, Profile
from rolemodel._report import client_report, portfolio_report
from rolemodel._result import Recommendation, Verdict
from rolemodel._whatif import Counterfactual, PhaseMap, Robustness, Sensitivity, phase_map

__all__ = [  # noqa: RUF022 - plain sorted(), checked by tests/test_public_api.py
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
    "Input",
    "LEVELS",
    "PhaseMap",
    "Problem",
    "Profile",
    "ProfileError",
    "Recommendation",
    "Robustness",
    "Role",
    "RoleCase",
    "RoleModelError",
    "RowResult",
    "Sensitivity",
    "Staffing",
    "Stage",
    "Verdict",
    "builtin_frameworks",
    "client_report",
    "compare",
    "lint",
    "load_framework",
    "loads_framework",
    "phase_map",
    "portfolio_report",
    "recommend",
    "recommend_many",
    "recommend_table",
    "run_examples",
]

__version__ = "0.1.0"
