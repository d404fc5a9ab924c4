"""Writes of outcomes: every change is audited (who, when, before, after)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from teenlab.core.audit import audited_save
from teenlab.outcomes.models import Outcome
from teenlab.training.models import Enrolment

OUTCOME_FIELDS = ("professional_project", "exit", "detail", "recorded_on")


def _outcome_values(data: dict[str, Any]) -> dict[str, Any]:
    return {
        name: "" if data[name] is None and name == "detail" else data[name]
        for name in OUTCOME_FIELDS
        if name in data
    }


def _validate(outcome: Outcome) -> None:
    outcome.full_clean(exclude=["enrolment"])


def outcome_save(
    *, enrolment: Enrolment, data: dict[str, Any], by, today: dt.date
) -> Outcome | None:
    """Create or update the outcome of ``enrolment`` from ``data``; audited. None if unchanged.

    A new outcome without a date is recorded today.
    """
    try:
        outcome = enrolment.outcome
    except Outcome.DoesNotExist:
        outcome = None
    values = _outcome_values(data)
    if outcome is None:
        outcome = Outcome(enrolment=enrolment, **values)
        if outcome.recorded_on is None:
            outcome.recorded_on = today
    elif all(getattr(outcome, name) == value for name, value in values.items()):
        return None  # left as it was, unvalidated
    else:
        for name, value in values.items():
            setattr(outcome, name, value)
    audited_save(outcome, by=by, validate=_validate)
    return outcome


@transaction.atomic
def outcomes_save(
    *, changes: list[tuple[Enrolment, dict[str, Any]]], by, today: dt.date
) -> list[Outcome]:
    """Save the outcomes of several enrolments at once (all or nothing); the ones changed."""
    saved = []
    for enrolment, data in changes:
        try:
            outcome = outcome_save(enrolment=enrolment, data=data, by=by, today=today)
        except ValidationError as error:
            raise ValidationError(
                _("%(youth)s : %(errors)s")
                % {"youth": enrolment.youth, "errors": " ".join(error.messages)}
            ) from error
        if outcome is not None:
            saved.append(outcome)
    return saved
