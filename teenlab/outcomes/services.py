"""Writes of outcomes: every change is audited (who, when, before, after)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from teenlab.core.audit import audit_log, snapshot
from teenlab.core.models import AuditEntry
from teenlab.outcomes.models import Outcome
from teenlab.training.models import Enrolment

OUTCOME_FIELDS = ("professional_project", "exit", "detail", "recorded_on")


def _outcome_apply(outcome: Outcome, data: dict[str, Any]) -> None:
    for name in OUTCOME_FIELDS:
        if name in data:
            value = data[name]
            setattr(outcome, name, "" if value is None and name == "detail" else value)


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
    if outcome is None:
        outcome = Outcome(enrolment=enrolment)
        _outcome_apply(outcome, data)
        if outcome.recorded_on is None:
            outcome.recorded_on = today
        outcome.full_clean(exclude=["enrolment"])
        outcome.save()
        audit_log(user=by, action=AuditEntry.Action.CREATE, obj=outcome, after=snapshot(outcome))
        return outcome
    before = snapshot(outcome)
    _outcome_apply(outcome, data)
    after = snapshot(outcome)
    if after == before:
        return None
    outcome.full_clean(exclude=["enrolment"])
    outcome.save()
    audit_log(user=by, action=AuditEntry.Action.UPDATE, obj=outcome, before=before, after=after)
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
