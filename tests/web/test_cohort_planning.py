"""Sessions (cohorts) and their modules created and edited in the app (issue 9, point 2)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from teenlab.core.models import AuditEntry
from teenlab.training.models import Attendance, Cohort, Module, Slot
from tests.factories import (
    OPEN_ALL_DAY,
    ModuleFactory,
    SlotCountersignatureFactory,
    SlotFactory,
    UserFactory,
)
from tests.web.conftest import login
from tests.web.helpers import pattern_data
from tests.web.test_sheet_proof import pdf_text

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


def test_a_module_has_one_of_the_sessions_trainers(client, cast):
    """Issue 9, point 2: a module's trainer, chosen among the session's trainers."""
    outsider = UserFactory(organisation=cast.home, is_trainer=True, first_name="Léa")
    module = ModuleFactory(cohort=cast.taught, name="Culture numérique")
    login(client, cast.coordinator)
    edit = reverse("training:module_edit", args=[module.pk])
    fields = {"code": module.code, "name": module.name, "strand": "digital_culture"}
    fields["planned_hours"] = "210"
    response = client.post(edit, {**fields, "trainer": outsider.pk})
    assert response.status_code == 422  # not a trainer of the session
    module.refresh_from_db()
    assert module.trainer is None

    response = client.post(edit, {**fields, "trainer": cast.trainer.pk})
    assert response.status_code == 302
    module.refresh_from_db()
    assert module.trainer == cast.trainer
    entry = AuditEntry.objects.filter(model="training.module", object_id=module.pk).last()
    assert entry.after["trainer_id"] == cast.trainer.pk
    detail = client.get(reverse("training:cohort_detail", args=[cast.taught.pk])).content
    name = cast.trainer.get_full_name() or cast.trainer.username
    assert f'<span class="small module-trainer">{name}</span>' in detail.decode()


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


def test_the_generator_previews_then_saves_the_timetable(client, cast):
    cohort = cast.untaught
    cohort.start_date, cohort.end_date = dt.date(2026, 12, 1), dt.date(2027, 1, 31)
    cohort.save()
    module = ModuleFactory(cohort=cohort, planned_hours=Decimal("10"))
    login(client, cast.coordinator)
    url = reverse("training:cohort_timetable", args=[cohort.pk])
    assert client.get(url).status_code == 200
    data = pattern_data(
        [
            {"weekday": "4", "start": "09:00", "end": "12:00", "module": str(module.pk)},
            {"weekday": "", "start": "", "end": "", "module": "", "place": ""},
        ],
        [("2026-12-14", "2026-12-20", "Pont")],
        first_day="2026-12-01",
        last_day="2026-12-31",
    )

    preview = client.post(url, {**data, "action": "preview"})
    assert preview.status_code == 200
    page = preview.content.decode()
    plan = preview.context["plan"]
    assert len(plan.slots) == 2  # 4 and 11 December; 18th closed, 25th Christmas
    assert "Noël" in page and "Pont" in page
    assert 'data-gap="under"' in page  # 6 h of the 10 planned
    assert not Slot.objects.filter(cohort=cohort).exists()

    # The form under the preview keeps the rows given and one empty row, not eight.
    assert 'name="pattern-TOTAL_FORMS" value="2"' in page
    assert 'name="pattern-INITIAL_FORMS" value="1"' in page
    assert 'name="closures-TOTAL_FORMS" value="2"' in page
    assert f'<option value="{module.pk}" selected>' in page

    # Saved as the browser sends that form: the filled rows as initial ones, one empty row.
    shown = {
        **data,
        "pattern-INITIAL_FORMS": "1",
        "closures-TOTAL_FORMS": "2",
        "closures-INITIAL_FORMS": "1",
        "closures-1-start_date": "",
        "closures-1-end_date": "",
        "closures-1-label": "",
    }
    saved = client.post(url, {**shown, "action": "save"})
    assert saved.status_code == 302
    assert Slot.objects.filter(cohort=cohort, module=module).count() == 2
    assert cohort.closures.get().label == "Pont"


@pytest.mark.parametrize(
    "changes",
    [
        {"pattern-0-end": "08:00"},
        {"pattern-0-weekday": "9"},
        {"pattern-0-module": "999999"},
        {"last_day": "2026-11-01"},
        {"pattern-TOTAL_FORMS": "x"},
        {"closures-0-end_date": "", "closures-0-start_date": "2026-12-01"},
    ],
)
def test_a_bad_pattern_is_a_422_with_nothing_written(client, cast, changes):
    cohort = cast.untaught
    login(client, cast.coordinator)
    data = pattern_data(
        [{"weekday": "1", "start": "09:00", "end": "12:00"}],
        [("", "", "")],
        first_day=cohort.start_date.isoformat(),
        last_day=cohort.end_date.isoformat(),
    )
    response = client.post(
        reverse("training:cohort_timetable", args=[cohort.pk]),
        {**data, **changes, "action": "save"},
    )
    assert response.status_code == 422
    assert not Slot.objects.filter(cohort=cohort).exists()


def test_another_organisations_timetable_is_a_404(client, cast):
    login(client, cast.coordinator)
    url = reverse("training:cohort_timetable", args=[cast.away_cohort.pk])
    assert client.post(url, {"action": "save"}).status_code == 404


# --- Single slots -------------------------------------------------------------------------------


def test_a_coordinator_adds_a_slot_and_it_is_journaled(client, cast, today):
    login(client, cast.coordinator)
    response = client.post(
        reverse("training:slot_create", args=[cast.untaught.pk]),
        {"date": today.isoformat(), "start": "14:00", "end": "16:30", "place": "Salle 2"},
    )
    assert response.status_code == 302
    slot = Slot.objects.get(cohort=cast.untaught, date=today)
    assert (slot.duration_minutes, slot.place) == (150, "Salle 2")
    assert AuditEntry.objects.filter(
        model="training.slot", object_id=slot.pk, action="create"
    ).exists()
    # The same hours again overlap: refused, nothing written.
    again = client.post(
        reverse("training:slot_create", args=[cast.untaught.pk]),
        {"date": today.isoformat(), "start": "15:00", "end": "17:00"},
    )
    assert again.status_code == 422
    assert Slot.objects.filter(cohort=cast.untaught).count() == 1


def test_moving_a_slot_changes_its_date_and_a_countersigned_one_is_refused(client, cast, today):
    slot = SlotFactory(cohort=cast.untaught, date=today)
    login(client, cast.coordinator)
    url = reverse("training:slot_edit", args=[slot.pk])
    tomorrow = today + dt.timedelta(days=1)
    response = client.post(
        url,
        {
            "action": "move",
            "date": tomorrow.isoformat(),
            "start": "10:00",
            "end": "12:00",
            "place": "Atelier",
        },
    )
    assert response.status_code == 302
    slot.refresh_from_db()
    assert (slot.date, slot.duration_minutes, slot.place) == (tomorrow, 120, "Atelier")

    SlotCountersignatureFactory(slot=slot)
    refused = client.post(
        url,
        {"action": "move", "date": today.isoformat(), "start": "10:00", "end": "12:00"},
    )
    assert refused.status_code == 422
    slot.refresh_from_db()
    assert slot.date == tomorrow


def test_a_slot_with_attendance_is_cancelled_not_deleted_and_its_sheet_says_so(client, cast, today):
    slot = SlotFactory(cohort=cast.taught, date=today, **OPEN_ALL_DAY)
    Attendance.objects.create(slot=slot, youth=cast.pupil, status="present")
    login(client, cast.coordinator)
    url = reverse("training:slot_edit", args=[slot.pk])

    assert client.post(url, {"action": "delete"}).status_code == 422
    assert Slot.objects.filter(pk=slot.pk).exists()
    assert client.post(url, {"action": "cancel", "reason": "  "}).status_code == 422

    response = client.post(url, {"action": "cancel", "reason": "Formatrice malade"})
    assert response.status_code == 302
    slot.refresh_from_db()
    assert slot.cancelled_reason == "Formatrice malade"
    assert slot.attendance.count() == 1  # kept as proof
    assert AuditEntry.objects.filter(
        model="training.slot", object_id=slot.pk, action="update"
    ).exists()
    sheet = client.get(reverse("training:slot_sheet_pdf", args=[slot.pk]))
    assert "annulé : Formatrice malade" in pdf_text(sheet)
    # No longer on today's sign-in list, nor open to signatures.
    login(client, cast.trainer)
    today_page = client.get(reverse("training:today"))
    assert slot not in today_page.context["slots"]


def test_a_slot_without_attendance_may_be_deleted(client, cast, today):
    slot = SlotFactory(cohort=cast.untaught, date=today)
    login(client, cast.coordinator)
    response = client.post(reverse("training:slot_edit", args=[slot.pk]), {"action": "delete"})
    assert response.status_code == 302
    assert not Slot.objects.filter(pk=slot.pk).exists()
    assert AuditEntry.objects.filter(
        model="training.slot", object_id=slot.pk, action="delete"
    ).exists()


def test_another_organisations_slot_is_a_404_and_a_forged_action_a_422(client, cast, today):
    other = SlotFactory(cohort=cast.away_cohort, date=today)
    login(client, cast.coordinator)
    url = reverse("training:slot_edit", args=[other.pk])
    assert client.post(url, {"action": "cancel", "reason": "x"}).status_code == 404
    own = SlotFactory(cohort=cast.untaught, date=today)
    response = client.post(reverse("training:slot_edit", args=[own.pk]), {"action": "explode"})
    assert response.status_code == 422
    own.refresh_from_db()
    assert not own.cancelled_reason
