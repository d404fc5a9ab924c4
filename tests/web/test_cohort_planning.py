"""Sessions (cohorts) and their modules created and edited in the app (issue 9, point 2)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from teenlab.core.models import AuditEntry
from teenlab.training.models import Attendance, Cohort, Module, Slot
from tests.factories import ModuleFactory, SlotFactory, UserFactory
from tests.web.conftest import login

pytestmark = pytest.mark.django_db


def _session(cast, **changes):
    data = {
        "code": "S27-NOUVELLE",
        "name": "Session de printemps",
        "start_date": "2027-03-01",
        "end_date": "2027-06-30",
        "trainers": [cast.trainer.pk],
        "organisation": cast.home.pk,
    }
    return {**data, **changes}


def test_a_coordinator_creates_a_session_with_a_proposed_code_and_trainers(client, cast):
    login(client, cast.coordinator)
    page = client.get(reverse("training:cohort_create"))
    proposed = page.context["form"].initial["code"]
    assert not Cohort.objects.filter(project=cast.project, code=proposed).exists()

    assert page.context["form"].initial["organisation"] == cast.home.pk
    response = client.post(
        reverse("training:cohort_create"),
        _session(cast, code=proposed, organisation=cast.home.pk),
    )

    cohort = Cohort.objects.get(project=cast.project, code=proposed)
    assert response.status_code == 302
    assert response["Location"] == reverse("training:cohort_detail", args=[cohort.pk])
    # A coordinator of the lead partner picks the organisation, their own by default.
    assert (cohort.organisation, cohort.start_date) == (cast.home, dt.date(2027, 3, 1))
    assert list(cohort.trainers.all()) == [cast.trainer]
    actions = AuditEntry.objects.filter(model="training.cohort", object_id=cohort.pk)
    assert {entry.action for entry in actions} == {"create", "update"}
    assert cast.trainer.cohorts_taught.filter(pk=cohort.pk).exists()


def test_a_coordinator_of_a_partner_creates_sessions_of_their_own_organisation_only(client, cast):
    login(client, cast.away_coordinator)
    form = client.get(reverse("training:cohort_create")).context["form"]
    assert "organisation" not in form.fields
    # Forging another organisation changes nothing: the field is not read.
    response = client.post(
        reverse("training:cohort_create"),
        _session(cast, trainers=[], organisation=cast.home.pk),
    )
    assert response.status_code == 302
    assert Cohort.objects.get(code="S27-NOUVELLE").organisation == cast.away


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"end_date": "2027-02-01"}, "end_date"),
        ({"start_date": "01/03/2027x"}, "start_date"),
        ({"code": "../S1"}, "code"),
        ({"code": "TAKEN"}, "code"),
        ({"trainers": ["FORGED"]}, "trainers"),
    ],
)
def test_a_bad_session_is_refused_with_a_translated_error_and_nothing_written(
    client, cast, changes, field
):
    cast.untaught.code = "TAKEN"
    cast.untaught.save()
    login(client, cast.coordinator)
    before = Cohort.objects.count()
    response = client.post(reverse("training:cohort_create"), _session(cast, **changes))
    assert response.status_code == 422
    assert response.context["form"].errors[field]
    assert Cohort.objects.count() == before


def test_a_trainer_of_another_organisation_cannot_teach_the_session(client, cast):
    stranger = UserFactory(organisation=cast.away, is_trainer=True)
    login(client, cast.coordinator)
    response = client.post(
        reverse("training:cohort_create"), _session(cast, trainers=[stranger.pk])
    )
    assert response.status_code == 422
    assert not Cohort.objects.filter(code="S27-NOUVELLE").exists()


def test_editing_a_session_keeps_its_slots_inside_its_dates(client, cast, today):
    SlotFactory(cohort=cast.taught, date=today)
    login(client, cast.coordinator)
    url = reverse("training:cohort_edit", args=[cast.taught.pk])
    response = client.post(
        url,
        _session(
            cast,
            code=cast.taught.code,
            start_date=(today + dt.timedelta(days=1)).isoformat(),
            end_date=cast.taught.end_date.isoformat(),
        ),
    )
    assert response.status_code == 422
    assert "end_date" in response.context["form"].errors
    cast.taught.refresh_from_db()
    assert cast.taught.name != "Session de printemps"

    response = client.post(
        url,
        _session(
            cast,
            code=cast.taught.code,
            start_date=cast.taught.start_date.isoformat(),
            end_date=cast.taught.end_date.isoformat(),
            trainers=[],
        ),
    )
    assert response.status_code == 302
    cast.taught.refresh_from_db()
    assert cast.taught.name == "Session de printemps"
    assert not cast.taught.trainers.exists()


def test_a_coordinator_adds_edits_and_removes_a_module(client, cast):
    login(client, cast.coordinator)
    create = reverse("training:module_create", args=[cast.taught.pk])
    proposed = client.get(create).context["form"].initial["code"]
    response = client.post(
        create,
        {"code": proposed, "name": "FabLab", "strand": "fablab", "planned_hours": "42.5"},
    )
    assert response.status_code == 302
    module = Module.objects.get(code=proposed)
    assert (module.cohort, module.project, module.planned_hours) == (
        cast.taught,
        cast.project,
        Decimal("42.5"),
    )
    detail = client.get(reverse("training:cohort_detail", args=[cast.taught.pk]))
    assert f'id="module-edit-{module.pk}"' in detail.content.decode()

    response = client.post(
        reverse("training:module_edit", args=[module.pk]),
        {"code": proposed, "name": "FabLab", "strand": "fablab", "planned_hours": "-1"},
    )
    assert response.status_code == 422
    module.refresh_from_db()
    assert module.planned_hours == Decimal("42.5")

    slot = SlotFactory(cohort=cast.taught, module=module)
    response = client.post(reverse("training:module_delete", args=[module.pk]))
    assert response.status_code == 302
    assert not Module.objects.filter(pk=module.pk).exists()
    slot.refresh_from_db()
    assert slot.module is None
    assert AuditEntry.objects.filter(
        model="training.module", object_id=module.pk, action="delete"
    ).exists()


def test_a_module_used_by_a_slot_with_attendance_is_not_removed(client, cast):
    module = ModuleFactory(cohort=cast.taught)
    slot = SlotFactory(cohort=cast.taught, module=module)
    Attendance.objects.create(slot=slot, youth=cast.pupil, status="present")
    login(client, cast.coordinator)
    response = client.post(reverse("training:module_delete", args=[module.pk]))
    assert response.status_code == 422
    assert Module.objects.filter(pk=module.pk).exists()
    assert Slot.objects.get(pk=slot.pk).module == module


def test_another_organisations_module_is_a_404(client, cast):
    module = ModuleFactory(cohort=cast.away_cohort)
    login(client, cast.coordinator)
    for name in ("training:module_edit", "training:module_delete"):
        response = client.post(reverse(name, args=[module.pk]), {"name": "x"})
        assert response.status_code == 404
    assert Module.objects.filter(pk=module.pk).exists()
