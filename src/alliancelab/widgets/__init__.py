"""Thin ipywidgets front-ends for the course exercises, one class per exercise.

Each class maps controls onto the pure functions of the core modules and shows
their returned tables and figures. State can be driven and read in tests without
a browser: set a control's ``.value`` and read ``.workbook``, ``.error.value`` or
the output widgets.

Every exercise opens three ways: ``for_case(name)`` or ``for_example()`` (the
worked example, never saved) and ``for_workbook(path)`` (the learner's own plan,
saved as they go).

This is the only part of alliancelab that needs ipywidgets; importing it without
ipywidgets installed fails with a message saying how to install it.
"""

try:
    import ipywidgets  # noqa: F401
except ImportError as exc:  # fail loudly, with the fix
    raise ImportError(
        "alliancelab.widgets needs ipywidgets: pip install 'alliancelab[widgets]'"
    ) from exc

from ._base import (
    ExerciseWidget,
    cached_figure_html,
    clear_figure_cache,
    figure_html,
    figure_to_png,
    table_html,
)
from .capability import CapabilityExercise
from .deal import DealDesignExercise
from .health import HealthCheckExercise
from .partnering import PilotCharterExercise, SteeringCommitteeExercise, TwoSidedHealthExercise
from .portfolio import PortfolioExercise
from .resources import ResourceMapExercise
from .risks import RiskMatrixExercise
from .scorecard import ScorecardExercise

#: The tools of working with the corporation (book/part2/working-with-corporations), by
#: name: the three parts of exercise 8, for the chapter and the app.
PARTNERING: dict[str, type[ExerciseWidget]] = {
    "two-sided-health-check": TwoSidedHealthExercise,
    "pilot-charter": PilotCharterExercise,
    "steering-committee": SteeringCommitteeExercise,
}

#: Exercise id (the notebook's name) to its widget class. Exercise 8 shows three widgets,
#: one entry each: the notebook's name, a dot and the widget's name in PARTNERING.
EXERCISES: dict[str, type[ExerciseWidget]] = {
    "01-partner-scorecard": ScorecardExercise,
    "02-resource-map": ResourceMapExercise,
    "03-risk-matrix": RiskMatrixExercise,
    "04-deal-design": DealDesignExercise,
    "05-health-check-and-exit": HealthCheckExercise,
    "06-portfolio-review": PortfolioExercise,
    "07-capability-plan": CapabilityExercise,
    "08-working-with-the-corporation.pilot-charter": PilotCharterExercise,
    "08-working-with-the-corporation.steering-committee": SteeringCommitteeExercise,
    "08-working-with-the-corporation.two-sided-health-check": TwoSidedHealthExercise,
}

__all__ = [
    "EXERCISES",
    "PARTNERING",
    "CapabilityExercise",
    "DealDesignExercise",
    "ExerciseWidget",
    "HealthCheckExercise",
    "PilotCharterExercise",
    "PortfolioExercise",
    "ResourceMapExercise",
    "RiskMatrixExercise",
    "ScorecardExercise",
    "SteeringCommitteeExercise",
    "TwoSidedHealthExercise",
    "cached_figure_html",
    "clear_figure_cache",
    "figure_html",
    "figure_to_png",
    "table_html",
]
