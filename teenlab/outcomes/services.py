"""Writes of outcomes and follow-ups: every change is audited (who, when, before, after)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from teenlab.core.audit import audited_save
from teenlab.core.choices import EnrolmentStatus
from teenlab.outcomes.models import FollowUp, Outcome
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


# --- The situation after leaving ----------------------------------------------------------------


def leaving_date(enrolment: Enrolment) -> dt.date:
    """The day a young person left an enrolment: ``left_on``, else the end of its cohort."""
    return enrolment.left_on or enrolment.cohort.end_date


@transaction.atomic
def follow_up_record(
    *,
    enrolment: Enrolment,
    kind: str,
    situation: str,
    date: dt.date,
    source: str,
    qualification_gained: bool = False,
    detail: str = "",
    by,
    today: dt.date,
) -> FollowUp:
    """Record (or correct) the ``kind`` follow-up of an enrolment the young person has left:
    their situation on ``date`` (from the day they left to today), as ``source`` told it."""
    enrolment = Enrolment.objects.select_for_update().select_related("cohort").get(pk=enrolment.pk)
    if enrolment.status == EnrolmentStatus.IN_PROGRESS:
        raise ValidationError(
            _("Le jeune n'a pas encore quitté la session : le suivi vient après la sortie.")
        )
    left = leaving_date(enrolment)
    if date < left:
        raise ValidationError(
            {"date": _("La date est avant la sortie (%(date)s).") % {"date": left.isoformat()}}
        )
    if date > today:
        raise ValidationError({"date": _("La date est dans le futur.")})
    follow_up = FollowUp.objects.filter(enrolment=enrolment, kind=kind).first()
    if follow_up is None:
        follow_up = FollowUp(enrolment=enrolment, kind=kind)
    values = {
        "situation": situation,
        "qualification_gained": qualification_gained,
        "date": date,
        "source": source,
        "detail": detail.strip(),
    }
    for name, value in values.items():
        setattr(follow_up, name, value)
    follow_up.recorded_by = by
    audited_save(follow_up, by=by, validate=lambda f: f.full_clean(exclude=["enrolment"]))
    return follow_up
