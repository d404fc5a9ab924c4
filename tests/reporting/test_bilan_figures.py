"""The typed bilan: frozen figures in the JSON's shape, read by path for verify."""

import dataclasses
import json
from decimal import Decimal

import pytest

from teenlab.reporting.bilan import Figures
from teenlab.reporting.renderers.json import KEYS, render_json

from .render_fixtures import FIGURES, cohort_bilan, teenlab_bilan


def test_the_figures_are_frozen():
    figures = teenlab_bilan().figures

    with pytest.raises(dataclasses.FrozenInstanceError):
        figures.events = 3  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        figures.funnel.completed = 3  # type: ignore[misc]


def test_the_json_shape_round_trips_through_the_dataclasses():
    figures = Figures.from_json(FIGURES)

    assert list(figures.as_dict()) == list(KEYS) == list(FIGURES)
    assert json.loads(render_json(teenlab_bilan())) == json.loads(
        json.dumps(
            FIGURES, default=lambda amount: int(amount) if amount % 1 == 0 else float(amount)
        )
    )
    assert isinstance(figures.budget.planned_total_eur, Decimal)
    assert isinstance(figures.training_hours["fablab"], Decimal)


def test_a_path_reads_a_figure_a_missing_code_is_zero_and_a_missing_section_none():
    bilan = teenlab_bilan()

    assert bilan.figure("funnel", "youth_recruited") == FIGURES["funnel"]["youth_recruited"]
    assert bilan.figure("funnel", "recruited_by_gender", "f") == 11
    assert bilan.figure("funnel", "recruited_by_gender", "x") == 0
    assert bilan.figure("budget", "planned_total_eur") == Decimal("350000")
    assert cohort_bilan().figure("budget", "planned_total_eur") is None
    assert cohort_bilan().figure("funnel", "youth_received") is None


@pytest.mark.parametrize(
    "path", [("nope",), ("funnel",), ("funnel", "recruited_by_gender"), ("funnel", "x", "y")]
)
def test_a_path_that_names_no_number_is_a_key_error(path):
    with pytest.raises(KeyError):
        teenlab_bilan().figure(*path)


def test_a_breakdown_is_read_by_its_path():
    bilan = teenlab_bilan()

    assert (
        bilan.breakdown("budget", "planned_by_category") == FIGURES["budget"]["planned_by_category"]
    )
    assert bilan.breakdown("funnel", "recruited_by_gender") == {"f": 11, "m": 28}
    assert bilan.breakdown("funnel", "youth_recruited") is None  # a number
    assert bilan.breakdown("exchanges", "by_direction_and_kind") is None  # mappings of mappings
    assert bilan.breakdown("nope") is None
    assert cohort_bilan().breakdown("budget", "planned_by_category") is None
