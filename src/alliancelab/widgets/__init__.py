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
from .portfolio import PortfolioExercise
from .resources import ResourceMapExercise
from .risks import RiskMatrixExercise
from .scorecard import ScorecardExercise

#: Exercise id (the notebook's name) to its widget class.
EXERCISES: dict[str, type[ExerciseWidget]] = {
    "01-partner-scorecard": ScorecardExercise,
    "02-resource-map": ResourceMapExercise,
    "03-risk-matrix": RiskMatrixExercise,
    "04-deal-design": DealDesignExercise,
    "05-health-check-and-exit": HealthCheckExercise,
    "06-portfolio-review": PortfolioExercise,
    "07-capability-plan": CapabilityExercise,
}

__all__ = [
    "EXERCISES",
    "CapabilityExercise",
    "DealDesignExercise",
    "ExerciseWidget",
    "HealthCheckExercise",
    "PortfolioExercise",
    "ResourceMapExercise",
    "RiskMatrixExercise",
    "ScorecardExercise",
    "cached_figure_html",
    "clear_figure_cache",
    "figure_html",
    "figure_to_png",
    "table_html",
]
