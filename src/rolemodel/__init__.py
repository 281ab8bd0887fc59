"""rolemodel: recommend sales management, leadership or a converged Growth Leader.

Five articles by experienced sales executives, each encoded as a YAML rule graph, give their
verdicts on a company profile; rolemodel combines them and explains every answer with
the rules that fired and verbatim citations.

>>> import rolemodel
>>> rec = rolemodel.recommend(company_size=300, team_size=25, market_change="high", regulation="low")
>>> rec.role
<Role.LEADERSHIP: 'leadership'>
"""

from rolemodel._api import recommend
from rolemodel._batch import RowResult, recommend_many, recommend_table
from rolemodel._errors import FrameworkError, Problem, ProfileError, RoleModelError
from rolemodel._explain import Contribution, Explanation, FrameworkExplanation, Input, RoleCase
from rolemodel._loader import builtin_frameworks, load_framework, loads_framework
from rolemodel._model import Citation, Framework, Role, Stage
from rolemodel._profile import FACTORS, LEVELS, FactorSpec, Profile
from rolemodel._result import Recommendation, Verdict

__all__ = [  # noqa: RUF022 - plain sorted(), checked by tests/test_public_api.py
    "Citation",
    "Contribution",
    "Explanation",
    "FACTORS",
    "FactorSpec",
    "Framework",
    "FrameworkError",
    "FrameworkExplanation",
    "Input",
    "LEVELS",
    "Problem",
    "Profile",
    "ProfileError",
    "Recommendation",
    "Role",
    "RoleCase",
    "RoleModelError",
    "RowResult",
    "Stage",
    "Verdict",
    "builtin_frameworks",
    "load_framework",
    "loads_framework",
    "recommend",
    "recommend_many",
    "recommend_table",
]

__version__ = "0.1.0"
