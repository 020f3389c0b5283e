"""The benchmark's adapter to the exercise widgets: open one on a saved plan, change it.

The widgets ship no benchmark or test hooks; what the benchmark (``bench/interaction.py``,
``bench/figures.py``) and the tests need from them is here:

- :func:`demo` opens an exercise on a copy of the example plan saved at a path, as a
  learner's own plan (saved as it changes);
- :func:`step` makes the ``i``-th of a cycle of typical changes to an open exercise,
  one change per call, through its controls (as a learner would), chosen by the
  exercise's class in :data:`STEPS`.

Each change is the one the benchmark figures have always measured, so figures stay
comparable from one report to the next.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from alliancelab.lifecycle import EXIT_SIGNALS
from alliancelab.perception import SURVEY_ITEMS
from alliancelab.portfolio import PURPOSES
from alliancelab.resources import RESOURCE_CATEGORIES
from alliancelab.widgets import (
    CapabilityExercise,
    DealDesignExercise,
    HealthCheckExercise,
    PilotCharterExercise,
    PortfolioExercise,
    ResourceMapExercise,
    RiskMatrixExercise,
    ScorecardExercise,
    SteeringCommitteeExercise,
    TwoSidedHealthExercise,
)
from alliancelab.workbook import example_workbook, save_workbook

__all__ = ["STEPS", "demo", "step"]


def demo(cls: type, path: str | os.PathLike[str]) -> Any:
    """Save the example plan at ``path`` and open exercise ``cls`` on it, as one's own plan."""
    path = Path(path)
    save_workbook(example_workbook(), path)
    return cls.for_workbook(path)


def _scorecard(ex: ScorecardExercise, i: int) -> None:
    """Move the first criterion's slider through 1-5."""
    first = next(iter(ex.sliders))
    ex.sliders[first].value = i % 5 + 1


def _resource_map(ex: ResourceMapExercise, i: int) -> None:
    """Toggle one need in the execution stage."""
    box = ex.needs["execution"][RESOURCE_CATEGORIES[i % 4]]
    box.value = not box.value


def _risk_matrix(ex: RiskMatrixExercise, i: int) -> None:
    """Move the first risk's likelihood through 1-5."""
    first = next(iter(ex.likelihood))
    ex.likelihood[first].value = i % 5 + 1


def _deal_design(ex: DealDesignExercise, i: int) -> None:
    """Move the opportunism-hazard slider through 1-5."""
    ex.factors["opportunism_hazard"].value = i % 5 + 1


def _health_check(ex: HealthCheckExercise, i: int) -> None:
    """Toggle one exit signal."""
    box = ex.signals[EXIT_SIGNALS[i % len(EXIT_SIGNALS)].name]
    box.value = not box.value


def _portfolio(ex: PortfolioExercise, i: int) -> None:
    """Flip the selected alliance between exploration and exploitation."""
    ex.purpose.value = PURPOSES[i % 2]


def _capability(ex: CapabilityExercise, i: int) -> None:
    """Move the number of alliances done through 0-9."""
    ex.done.value = i % 10


def _two_sided_health(ex: TwoSidedHealthExercise, i: int) -> None:
    """Move one corporate answer."""
    slider = ex.answers["corporate"][SURVEY_ITEMS[i % len(SURVEY_ITEMS)].key]
    slider.value = 1 + (slider.value % 5)


def _pilot_charter(ex: PilotCharterExercise, i: int) -> None:
    """Change the payment terms."""
    ex.boxes["payment_days"].value = str(30 + 15 * (i % 6))


def _steering_committee(ex: SteeringCommitteeExercise, i: int) -> None:
    """Change how often the committee meets."""
    ex.boxes["meets_every_weeks"].value = str(4 + (i % 10))


#: Exercise class to its typical change (``change(exercise, i)``); extend it for others.
STEPS: dict[type, Callable[[Any, int], None]] = {
    ScorecardExercise: _scorecard,
    ResourceMapExercise: _resource_map,
    RiskMatrixExercise: _risk_matrix,
    DealDesignExercise: _deal_design,
    HealthCheckExercise: _health_check,
    PortfolioExercise: _portfolio,
    CapabilityExercise: _capability,
    TwoSidedHealthExercise: _two_sided_health,
    PilotCharterExercise: _pilot_charter,
    SteeringCommitteeExercise: _steering_committee,
}


def step(widget: Any, i: int) -> None:
    """Make the ``i``-th of a cycle of typical changes to ``widget`` (one change per call).

    The change is the one :data:`STEPS` holds for the widget's class (or the nearest
    class it derives from); a widget with none raises TypeError.
    """
    for cls in type(widget).__mro__:
        change = STEPS.get(cls)
        if change is not None:
            change(widget, i)
            return
    raise TypeError(f"bench/steps.py has no typical change for {type(widget).__name__}")
