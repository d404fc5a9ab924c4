"""The journal page (coordinators: their organisation; auditors: read-only, no young person's
values) and the history a trainer reads on a youth record (issue 7, #8 and #14)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from teenlab.core.audit import access_log, audit_log, snapshot
from teenlab.core.models import AuditEntry
from tests.factories import AttendanceFactory, OutcomeFactory, SlotFactory, UserFactory
from tests.web.conftest import login
from tests.web.helpers import query_count

pytestmark = pytest.mark.django_db
URL = "/journal/"


def edit_youth(youth, *, by, **changes):
    before = snapshot(youth)
    for name, value in changes.items():
        setattr(youth, name, value)
    youth.save()
    return audit_log(user=by, action="update", obj=youth, before=before, after=snapshot(youth))


def shown(response) -> list[int]:
    return [item.entry.seq for item in response.context["items"]]


def test_the_journal_opens_for_coordinators_and_auditors_only(client, cast):
    assert reverse("dashboard:journal") == URL
    for role, status in [
        ("coordinator", 200),
        ("auditor", 200),
        ("counsellor", 403),
        ("trainer", 403),
        ("partner", 403),
    ]:
        login(client, getattr(cast, role))
        assert client.get(URL).status_code == status, role


def test_a_coordinator_reads_their_organisations_entries_and_no_other(client, cast):
    home = edit_youth(cast.newcomer, by=cast.counsellor, first_name="Zéphyrine")
    away = edit_youth(cast.stranger, by=cast.away_coordinator, first_name="Ottavina")
    # Written by one of home's accounts about a project-wide record: home's too.
    project = access_log(user=cast.coordinator, action="export", obj=cast.project)
    login(client, cast.coordinator)
    response = client.get(URL)
    assert shown(response) == [project.seq, home.seq]
    assert "Zéphyrine" in response.content.decode() and "Ottavina" not in response.content.decode()

    login(client, cast.away_coordinator)  # the outsider sees none of home's journal
    response = client.get(URL)
    assert shown(response) == [away.seq]
    assert "Zéphyrine" not in response.content.decode()
    assert client.get(URL, {"youth": str(cast.newcomer.pk)}).context["items"] == []


def test_an_auditor_reads_who_did_what_but_no_young_persons_values(client, cast):
    edit_youth(cast.newcomer, by=cast.counsellor, first_name="Zéphyrine", last_name="Quenouille")
    login(client, cast.auditor)
    html = client.get(URL).content.decode()
    assert "Zéphyrine" not in html and "Quenouille" not in html
    assert f"jeune n° {cast.newcomer.pk}" in html
    assert "•••" in html and "Prénom" in html  # which field changed, not its value
    assert 'method="post"' not in html.split('id="main"')[-1]  # read-only


def test_the_filters(client, cast, today):
    old = edit_youth(cast.newcomer, by=cast.counsellor, first_name="Ancien")
    AuditEntry.objects.filter(pk=old.pk).update(at=old.at - dt.timedelta(days=10))
    edit = edit_youth(cast.pupil, by=cast.coordinator, first_name="Nouveau")
    view = access_log(user=cast.counsellor, action="view", obj=cast.newcomer)
    login(client, cast.coordinator)
    assert shown(client.get(URL, {"date_from": today.isoformat()})) == [view.seq, edit.seq]
    ten_days_ago = (today - dt.timedelta(days=10)).isoformat()
    assert shown(client.get(URL, {"date_to": ten_days_ago})) == [old.seq]
    assert shown(client.get(URL, {"author": cast.counsellor.pk})) == [view.seq, old.seq]
    assert shown(client.get(URL, {"action": "view"})) == [view.seq]
    assert shown(client.get(URL, {"model": "participants.youth", "action": "update"})) == [
        edit.seq,
        old.seq,
    ]
    assert shown(client.get(URL, {"youth": cast.newcomer.code})) == [view.seq, old.seq]
    assert shown(client.get(URL, {"youth": str(cast.pupil.pk)})) == [edit.seq]
    assert shown(client.get(URL, {"youth": cast.stranger.code})) == []  # not theirs


def test_a_bad_filter_is_a_clear_error_and_shows_everything(client, cast):
    entry = edit_youth(cast.newcomer, by=cast.counsellor, first_name="Zéphyrine")
    login(client, cast.coordinator)
    response = client.get(URL, {"date_from": "2026-02-30", "action": "drop", "author": "x"})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"date_from", "action", "author"}
    assert shown(response) == [entry.seq]
    swapped = client.get(URL, {"date_from": "2026-03-02", "date_to": "2026-03-01"})
    assert "La fin de la période ne peut pas précéder son début." in swapped.content.decode()


def test_the_journal_is_paginated(client, cast):
    for _ in range(51):
        access_log(user=cast.counsellor, action="view", obj=cast.newcomer)
    login(client, cast.coordinator)
    first = client.get(URL)
    assert len(first.context["items"]) == 50 and first.context["page_obj"].has_next()
    assert len(client.get(URL, {"page": 2}).context["items"]) == 1


def test_the_journal_page_runs_the_same_queries_for_ten_or_fifty_entries(client, cast):
    login(client, cast.coordinator)
    authors = [cast.coordinator, cast.counsellor, cast.trainer]
    for number in range(10):
        edit_youth(cast.newcomer, by=authors[number % 3], first_name=f"N{number}")
    few = query_count(client, URL)
    for _ in range(40):
        access_log(user=UserFactory(organisation=cast.home), action="view", obj=cast.pupil)
    assert query_count(client, URL) == few


# --- What a trainer reads of a young person's history (#14) -------------------------------------


@pytest.fixture
def mixed_history(cast):
    """A young person's record changed by a counsellor, their outcome, their attendance."""
    youth = cast.pupil
    edit_youth(youth, by=cast.counsellor, referred_by="Mission locale — suivi renforcé")
    outcome = OutcomeFactory(enrolment=youth.enrolments.get())
    audit_log(user=cast.counsellor, action="create", obj=outcome, after=snapshot(outcome))
    taught = AttendanceFactory(slot=SlotFactory(cohort=cast.taught), youth=youth)
    audit_log(user=cast.trainer, action="create", obj=taught, after=snapshot(taught))
    # Attendance in a cohort the trainer does not teach: not theirs either.
    untaught = AttendanceFactory(slot=SlotFactory(cohort=cast.untaught), youth=youth)
    audit_log(user=cast.coordinator, action="create", obj=untaught, after=snapshot(untaught))
    return youth, taught


def test_a_trainer_reads_only_the_attendance_history_of_their_cohorts(client, cast, mixed_history):
    youth, taught = mixed_history
    login(client, cast.trainer)
    response = client.get(reverse("participants:youth_detail", args=[youth.pk]))
    items = response.context["history"]
    assert [(item.entry.model, item.entry.object_id) for item in items] == [
        ("training.attendance", taught.pk)
    ]
    history = response.content.decode().split('id="history"')[1]
    assert "suivi renforcé" not in history


def test_a_counsellor_reads_the_whole_history(client, cast, mixed_history):
    youth, _taught = mixed_history
    login(client, cast.counsellor)
    response = client.get(reverse("participants:youth_detail", args=[youth.pk]))
    models = sorted(item.entry.model for item in response.context["history"])
    assert models == [
        "outcomes.outcome",
        "participants.youth",
        "training.attendance",
        "training.attendance",
    ]
    assert "suivi renforcé" in response.content.decode().split('id="history"')[1]
