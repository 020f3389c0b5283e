"""Alliance Lab: tools for start-ups building alliances with large corporations.

The package has two layers. The core modules hold small data classes and pure
functions that return pandas DataFrames and matplotlib figures; they never import
ipywidgets. The :mod:`alliancelab.widgets` module holds thin ipywidgets front-ends
for the course exercises.

Core modules, one tool each:

- :mod:`~alliancelab.scorecard`: partner scorecards, ranking and weak links.
- :mod:`~alliancelab.resources`: resource maps (complementarity, gaps, dependence).
- :mod:`~alliancelab.risks`: risk registers and the likelihood × impact matrix.
- :mod:`~alliancelab.governance`: the governance continuum and its recommender.
- :mod:`~alliancelab.lifecycle`: the five-step life cycle, exit signals and triggers.
- :mod:`~alliancelab.portfolio`: alliance portfolios and the experience curve.
- :mod:`~alliancelab.capability`: the path of alliance capability.
- :mod:`~alliancelab.pilot`, :mod:`~alliancelab.steering` and :mod:`~alliancelab.perception`
  (figures in :mod:`~alliancelab.perception_plots` and
  :mod:`~alliancelab.steering_plots`): working with the corporation, the
  pilot charter, the steering committee and escalation ladder, the two-sided health check.
- :mod:`~alliancelab.workbook`: the learner's plan, saved and merged across exercises.
- :mod:`~alliancelab.report` and :mod:`~alliancelab.export`: the plan as a document
  (PDF, HTML, Markdown; ``python -m alliancelab.export WORKBOOK -o plan.pdf``).
- :mod:`~alliancelab.cases` and :mod:`~alliancelab.casework`: the case data.
- :mod:`~alliancelab.workshops`, :mod:`~alliancelab.worksheets`,
  :mod:`~alliancelab.pooling`: the instructor kit.

The most used names are importable from the package itself.

Examples
--------
>>> import alliancelab as al
>>> al.rank_candidates([al.Scorecard("Acme", {"reputation": 4, "stability": 2,
...     "complementarity": 5, "cultural similarity": 4})])["weak_link"].item()
True
"""

from importlib.metadata import PackageNotFoundError, version

from .capability import CapabilityProfile, assess_capability, plot_capability_path
from .cases import list_cases, load_case
from .casework import case_workbook
from .governance import GOVERNANCE_MODES, GovernanceFactors, recommend_governance
from .lifecycle import EXIT_SIGNALS, LIFE_CYCLE_STEPS, ExitTrigger, check_triggers, health_check
from .perception import SURVEY_ITEMS, PerceptionSurvey, SurveyRound, perception_gaps, talk_first
from .pilot import PilotCharter, check_pilot
from .portfolio import Alliance, plot_portfolio, review_portfolio
from .report import export_plan, to_html, to_markdown, to_pdf, write_plan
from .resources import RESOURCE_CATEGORIES, ResourceMap, plot_resource_map
from .risks import STANDARD_RISKS, RiskRegister, plot_risk_matrix, risk_table
from .scorecard import SELECTION_FACTORS, Criterion, Scorecard, rank_candidates
from .steering import Member, Rung, SteeringCommittee, check_steering
from .workbook import (
    Workbook,
    WorkbookError,
    example_workbook,
    load_workbook,
    save_workbook,
    workbook_json,
)

try:
    __version__ = version("alliancelab")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0"

__all__ = [
    "EXIT_SIGNALS",
    "GOVERNANCE_MODES",
    "LIFE_CYCLE_STEPS",
    "RESOURCE_CATEGORIES",
    "SELECTION_FACTORS",
    "STANDARD_RISKS",
    "SURVEY_ITEMS",
    "Alliance",
    "CapabilityProfile",
    "Criterion",
    "ExitTrigger",
    "GovernanceFactors",
    "Member",
    "PerceptionSurvey",
    "PilotCharter",
    "ResourceMap",
    "RiskRegister",
    "Rung",
    "Scorecard",
    "SteeringCommittee",
    "SurveyRound",
    "Workbook",
    "WorkbookError",
    "__version__",
    "assess_capability",
    "case_workbook",
    "check_pilot",
    "check_steering",
    "check_triggers",
    "example_workbook",
    "export_plan",
    "health_check",
    "list_cases",
    "load_case",
    "load_workbook",
    "perception_gaps",
    "plot_capability_path",
    "plot_portfolio",
    "plot_resource_map",
    "plot_risk_matrix",
    "rank_candidates",
    "recommend_governance",
    "review_portfolio",
    "risk_table",
    "save_workbook",
    "talk_first",
    "to_html",
    "to_markdown",
    "to_pdf",
    "workbook_json",
    "write_plan",
]
