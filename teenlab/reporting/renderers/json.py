"""``teenlab bilan --format json``: the figures exactly as spec/indicators.md shapes them."""

from __future__ import annotations

import json
from dataclasses import fields
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy

from teenlab.reporting.bilan import Bilan, Figures
from teenlab.reporting.renderers.base import Renderer

# The keys of the JSON, in the spec's order: the attributes of Figures.
KEYS = tuple(item.name for item in fields(Figures))


def bilan_json_data(bilan: Bilan) -> dict[str, Any]:
    """The figures as JSON values: money and hours become ints when whole, else numbers with
    cents; keys in the spec's order. ``trainee_hours.by_trainee`` only when the bilan was built
    with it (``bilan_build(trainees=True)``: ``teenlab bilan --trainees``)."""
    return figures_json_data(bilan.figures)


def figures_json_data(figures: Figures) -> dict[str, Any]:
    """``bilan_json_data`` from the figures alone."""
    data = {key: _plain(value) for key, value in figures.as_dict().items()}
    hours = data.get("trainee_hours")
    if isinstance(hours, dict) and hours.get("by_trainee") is None:
        hours.pop("by_trainee", None)
    return data


def render_json(bilan: Bilan) -> str:
    """The JSON text (UTF-8; codes, not labels: the same in every language)."""
    return figures_json(bilan.figures)


def figures_json(figures: Figures) -> str:
    """``render_json`` from the figures alone (``bilan_figures``: what the command computes)."""
    return json.dumps(figures_json_data(figures), ensure_ascii=False, indent=2) + "\n"


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, Decimal):
        return number(value)
    return value


def number(value: Decimal) -> int | float:
    """``350000`` for 350000.00, ``1234.5`` for 1234.50: an int when whole, else to the cent."""
    if value == value.to_integral_value():
        return int(value)
    return float(value.quantize(Decimal("0.01")))


class JsonRenderer(Renderer):
    """The figures of spec/indicators.md: codes, not labels, the same in every language."""

    name, media_type, binary = "json", "application/json", False
    label = gettext_lazy("Données JSON")

    figures_only = True

    def render(self, bilan: Bilan, language: str) -> bytes:
        return render_json(bilan).encode("utf-8")

    def render_figures(self, figures: Figures, language: str) -> bytes:
        return figures_json(figures).encode("utf-8")
