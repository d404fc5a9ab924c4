"""Cohorts and sign-in pages: who may open them (404 / 403), the schedule form, the full sign-in
flow through the test client, forged requests, the printed sheet and query counts."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from teenlab.core.choices import EnrolmentStatus
from teenlab.core.models import AuditEntry
from teenlab.training.models import (
    Attendance,
    AttendanceCorrection,
    AttendanceSignature,
    Enrolment,
    Slot,
    SlotCountersignature,
)
from tests.factories import EnrolmentFactory, ModuleFactory, SlotFactory
from tests.training.signatures import png_data_url
from tests.web.conftest import login
from tests.web.helpers import pattern_data, query_count

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _urls(cast, slots, name_of_cohort="taught"):
    cohort = getattr(cast, name_of_cohort) if name_of_cohort != "away" else cast.away_cohort
    slot = slots[name_of_cohort]
    enrolment = Enrolment.objects.filter(cohort=cohort).first()
    youth_pk = enrolment.youth_id
    return {
        "cohort_detail": reverse("training:cohort_detail", args=[cohort.pk]),
        "cohort_timetable": reverse("training:cohort_timetable", args=[cohort.pk]),
        "cohort_week_pdf": reverse("training:cohort_week_pdf", args=[cohort.pk]),
        "enrolment_complete": reverse("training:enrolment_complete", args=[enrolment.pk]),
        "enrolment_drop_out": reverse("training:enrolment_drop_out", args=[enrolment.pk]),
        "slot_attendance": reverse("training:slot_attendance", args=[slot.pk]),
        "slot_sheet_pdf": reverse("training:slot_sheet_pdf", args=[slot.pk]),
        "attendance_correct": reverse("training:attendance_correct", args=[slot.pk, youth_pk]),
    }


POSTS = {
    "slot_countersign": lambda slot, youth: reverse("training:slot_countersign", args=[slot.pk]),
    "attendance_sign": lambda slot, youth: reverse(
        "training:attendance_sign", args=[slot.pk, youth]
    ),
    "attendance_mark": lambda slot, youth: reverse(
        "training:attendance_mark", args=[slot.pk, youth]
    ),
}

# GET answers for the taught cohort, per role of the home organisation.
EXPECTED = {
    "coordinator": {
        "cohort_detail": 200,
        "cohort_timetable": 200,
        "enrolment_complete": 200,
        "enrolment_drop_out": 200,
        "slot_attendance": 200,
        "slot_sheet_pdf": 200,
        "attendance_correct": 200,
    },
    "trainer": {
        "cohort_detail": 200,
        "cohort_timetable": 200,
        "enrolment_complete": 403,
        "enrolment_drop_out": 403,
        "slot_attendance": 200,
        "slot_sheet_pdf": 200,
        "attendance_correct": 200,
    },
    "counsellor": {
        "cohort_detail": 200,
        "cohort_timetable": 403,
        "enrolment_complete": 200,
        "enrolment_drop_out": 200,
        "slot_attendance": 403,
        "slot_sheet_pdf": 403,
        "attendance_correct": 403,
    },
    "auditor": {
        "cohort_detail": 200,
        "cohort_timetable": 403,
        "enrolment_complete": 403,
        "enrolment_drop_out": 403,
        "slot_attendance": 200,
        "slot_sheet_pdf": 200,
        "attendance_correct": 403,
    },
    "partner": {
        "cohort_detail": 403,
        "cohort_timetable": 403,
        "enrolment_complete": 403,
        "enrolment_drop_out": 403,
        "slot_attendance": 403,
        "slot_sheet_pdf": 403,
        "attendance_correct": 403,
    },
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_gets_its_answer_on_its_own_organisation(client, cast, slots, role):
    login(client, getattr(cast, role))
    urls = _urls(cast, slots)
    answers = {name: client.get(url).status_code for name, url in urls.items()}
    # The week sheet needs slots that week: the taught cohort has one today.
    expected = dict(EXPECTED[role])
    expected["cohort_week_pdf"] = expected["slot_sheet_pdf"]
    assert answers == expected


def test_the_other_organisation_gets_404_everywhere(client, cast, slots):
    login(client, cast.away_coordinator)
    urls = _urls(cast, slots)
    for name, url in urls.items():
        assert client.get(url).status_code == 404, name
    youth = cast.pupil.pk
    for name, make in POSTS.items():
        response = client.post(make(slots["taught"], youth), {"image": png_data_url()})
        assert response.status_code == 404, name
    assert not Attendance.objects.exists()


def test_a_trainer_gets_404_on_a_cohort_they_do_not_teach(client, cast, slots):
    login(client, cast.trainer)
    for name, url in _urls(cast, slots, "untaught").items():
        if name.startswith("enrolment_"):
            continue  # 403 first: a trainer never edits enrolments
        assert client.get(url).status_code == 404, name
    response = client.post(
        POSTS["attendance_sign"](slots["untaught"], cast.other_pupil.pk),
        {"image": png_data_url()},
    )
    assert response.status_code == 404
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("role", ["counsellor", "auditor", "partner"])
def test_roles_that_do_not_take_attendance_get_403_on_its_changes(client, cast, slots, role):
    login(client, getattr(cast, role))
    for name, make in POSTS.items():
        response = client.post(make(slots["taught"], cast.pupil.pk), {"image": png_data_url()})
        assert response.status_code == 403, name
    assert not Attendance.objects.exists()


def test_lists_answer_per_role(client, cast, slots):
    for role, cohorts, today_page in [
        ("coordinator", 200, 200),
        ("trainer", 200, 200),
        ("counsellor", 200, 403),
        ("auditor", 200, 403),
        ("partner", 403, 403),
    ]:
        login(client, getattr(cast, role))
        assert client.get(reverse("training:cohort_list")).status_code == cohorts, role
        assert client.get(reverse("training:today")).status_code == today_page, role
        client.logout()


def test_a_trainer_sees_the_cohorts_and_slots_they_teach_only(client, cast, slots):
    login(client, cast.trainer)
    listing = client.get(reverse("training:cohort_list")).content.decode()
    assert cast.taught.name in listing
    assert cast.untaught.name not in listing
    assert cast.away_cohort.name not in listing
    today = client.get(reverse("training:today")).content.decode()
    assert reverse("training:slot_attendance", args=[slots["taught"].pk]) in today
    assert reverse("training:slot_attendance", args=[slots["untaught"].pk]) not in today


# --- Schedule -----------------------------------------------------------------------------------


def test_a_trainer_generates_the_timetable_of_the_session_they_teach(client, cast):
    """The session's trainers use the coordinators' generator (issue 9: one slot generator):
    public holidays and closures skipped, an error translated, another session a 404."""
    cohort = cast.taught
    cohort.start_date, cohort.end_date = dt.date(2026, 12, 1), dt.date(2027, 1, 31)
    cohort.save()
    login(client, cast.trainer)
    url = reverse("training:cohort_timetable", args=[cohort.pk])
    detail = client.get(reverse("training:cohort_detail", args=[cohort.pk])).content.decode()
    assert 'id="timetable-generate"' in detail and "schedule-create" not in detail
    data = pattern_data(
        [{"weekday": "4", "start": "09:00", "end": "12:30", "place": "FabLab"}],
        [("2026-12-14", "2026-12-20", "Pont")],
        first_day="2026-12-01",
        last_day="2026-12-31",
    )
    client.cookies["django_language"] = "en"
    refused = client.post(url, {**data, "pattern-0-end": "08:00", "action": "save"})
    assert refused.status_code == 422
    assert "Row 1: the end time must come after the start time." in refused.content.decode()
    assert not Slot.objects.filter(cohort=cohort, date__gte=dt.date(2026, 12, 1)).exists()

    saved = client.post(url, {**data, "action": "save"})
    assert saved.status_code == 302
    days = set(
        Slot.objects.filter(cohort=cohort, date__gte=dt.date(2026, 12, 1)).values_list(
            "date", flat=True
        )
    )
    assert days == {dt.date(2026, 12, 4), dt.date(2026, 12, 11)}  # 18th closed, 25th Christmas
    assert (
        client.get(reverse("training:cohort_timetable", args=[cast.untaught.pk])).status_code == 404
    )


# --- Enrolments ---------------------------------------------------------------------------------


def test_a_counsellor_records_a_dropout_with_its_reason(client, cast):
    login(client, cast.counsellor)
    enrolment = Enrolment.objects.get(youth=cast.pupil)
    left_on = enrolment.enrolled_on + dt.timedelta(days=5)
    response = client.post(
        reverse("training:enrolment_drop_out", args=[enrolment.pk]),
        {"left_on": left_on.isoformat(), "reason": "wrong_orientation"},
    )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.left_on, enrolment.dropout_reason) == (
        EnrolmentStatus.DROPPED_OUT,
        left_on,
        "wrong_orientation",
    )
    assert AuditEntry.objects.filter(model="training.enrolment", object_id=enrolment.pk).exists()


def test_a_dropout_before_enrolment_is_refused(client, cast):
    login(client, cast.coordinator)
    enrolment = Enrolment.objects.get(youth=cast.pupil)
    response = client.post(
        reverse("training:enrolment_drop_out", args=[enrolment.pk]),
        {
            "left_on": (enrolment.enrolled_on - dt.timedelta(days=1)).isoformat(),
            "reason": "health",
        },
    )
    assert response.status_code == 422
    assert "précède" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.IN_PROGRESS


def test_completion_from_the_cohort_page(client, cast):
    login(client, cast.coordinator)
    enrolment = Enrolment.objects.get(youth=cast.pupil)
    page = client.get(reverse("training:cohort_detail", args=[cast.taught.pk])).content.decode()
    assert f'id="complete-{enrolment.pk}"' in page
    response = client.post(reverse("training:enrolment_complete", args=[enrolment.pk]))
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED
    again = client.post(reverse("training:enrolment_complete", args=[enrolment.pk]))
    assert again.status_code == 422


# --- The sign-in flow ---------------------------------------------------------------------------


def test_two_signatures_a_mark_and_a_countersignature_lock_the_slot(client, cast, class_of_three):
    slot, (first, second, third) = class_of_three
    login(client, cast.trainer)
    page = client.get(reverse("training:slot_attendance", args=[slot.pk])).content.decode()
    for youth in (first, second, third):
        assert f'id="row-{youth.pk}"' in page
        assert f'id="sign-{youth.pk}"' in page

    for youth in (first, second):
        response = client.post(
            reverse("training:attendance_sign", args=[slot.pk, youth.pk]),
            {"image": png_data_url()},
            **HTMX,
        )
        assert response.status_code == 200
        row = response.content.decode()
        assert f'id="row-{youth.pk}"' in row and 'data-status="present"' in row
    response = client.post(
        reverse("training:attendance_mark", args=[slot.pk, third.pk]),
        {"status": "partial", "minutes": "60"},
        **HTMX,
    )
    assert response.status_code == 200
    assert AttendanceSignature.objects.filter(collected_by=cast.trainer).count() == 2

    response = client.post(
        reverse("training:slot_countersign", args=[slot.pk]), {"image": png_data_url()}
    )
    assert response.status_code == 302
    countersignature = SlotCountersignature.objects.get(slot=slot)
    assert countersignature.trainer == cast.trainer

    page = client.get(reverse("training:slot_attendance", args=[slot.pk])).content.decode()
    assert 'id="locked-notice"' in page
    assert f'id="sign-{first.pk}"' not in page
    assert f'id="correct-{third.pk}"' in page

    # After the lock: a change is refused, the data unchanged…
    snapshot = list(Attendance.objects.order_by("pk").values_list("youth_id", "status", "minutes"))
    response = client.post(
        reverse("training:attendance_mark", args=[slot.pk, first.pk]),
        {"status": "absent"},
        **HTMX,
    )
    assert response.status_code == 422
    assert "verrouillé" in response.content.decode()
    assert (
        list(Attendance.objects.order_by("pk").values_list("youth_id", "status", "minutes"))
        == snapshot
    )

    # …and a correction is a new, logged entry.
    journal = AuditEntry.objects.count()
    response = client.post(
        reverse("training:attendance_correct", args=[slot.pk, third.pk]),
        {"status": "present", "reason": "Arrivée notée par erreur en retard"},
    )
    assert response.status_code == 302
    correction = AttendanceCorrection.objects.get()
    assert (
        correction.youth,
        correction.status_before,
        correction.minutes_before,
        correction.status,
    ) == (
        third,
        "partial",
        60,
        "present",
    )
    assert correction.corrected_by == cast.trainer
    assert Attendance.objects.get(slot=slot, youth=third).status == "present"
    assert AuditEntry.objects.count() == journal + 1
    page = client.get(reverse("training:slot_attendance", args=[slot.pk])).content.decode()
    assert "Arrivée notée par erreur en retard" in page


def test_without_htmx_a_change_redirects_to_the_page(client, cast, class_of_three):
    slot, (first, *_rest) = class_of_three
    login(client, cast.trainer)
    response = client.post(
        reverse("training:attendance_mark", args=[slot.pk, first.pk]), {"status": "excused"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#row-{first.pk}")
    assert Attendance.objects.get().status == "excused"


@pytest.mark.parametrize(
    ("action", "data", "expected"),
    [
        ("attendance_sign", {"image": "data:image/png;base64,aGVsbG8="}, "PNG"),
        ("attendance_sign", {"image": "<svg/>"}, "PNG"),
        ("attendance_sign", {"image": ""}, "signez dans le cadre"),
        ("attendance_mark", {"status": "partial", "minutes": "1440"}, "minutes"),  # > the slot
        ("attendance_mark", {"status": "partial"}, "minutes"),
        ("attendance_mark", {"status": "teleported"}, "Statut"),
    ],
)
def test_forged_inputs_are_refused_with_data_unchanged(
    client, cast, class_of_three, action, data, expected
):
    slot, (first, *_rest) = class_of_three
    login(client, cast.trainer)
    response = client.post(reverse(f"training:{action}", args=[slot.pk, first.pk]), data, **HTMX)
    assert response.status_code == 422
    assert expected in response.content.decode()
    assert not Attendance.objects.exists()
    assert not AttendanceSignature.objects.exists()


def test_a_youth_not_enrolled_in_the_slot_is_refused(client, cast, class_of_three):
    slot, _ = class_of_three
    login(client, cast.coordinator)
    for youth in (cast.other_pupil, cast.stranger, cast.newcomer):
        response = client.post(
            reverse("training:attendance_sign", args=[slot.pk, youth.pk]),
            {"image": png_data_url()},
            **HTMX,
        )
        assert response.status_code == 422
        assert "pas inscrit" in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_countersignature_with_youth_left_unmarked_is_refused(client, cast, class_of_three):
    slot, (first, *_rest) = class_of_three
    login(client, cast.trainer)
    client.post(
        reverse("training:attendance_sign", args=[slot.pk, first.pk]), {"image": png_data_url()}
    )
    response = client.post(
        reverse("training:slot_countersign", args=[slot.pk]), {"image": png_data_url()}, follow=True
    )
    assert "complétez la feuille" in response.content.decode()
    assert not SlotCountersignature.objects.exists()


def test_an_errors_are_translated(client, cast, class_of_three):
    slot, (first, *_rest) = class_of_three
    login(client, cast.trainer)
    client.cookies["django_language"] = "it"
    response = client.post(
        reverse("training:attendance_sign", args=[slot.pk, first.pk]),
        {"image": "data:image/png;base64,aGVsbG8="},
        **HTMX,
    )
    assert "PNG" in response.content.decode()
    assert "La signature n'est pas" not in response.content.decode()


# --- The printed sheet --------------------------------------------------------------------------


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_sheet_has_one_line_per_trainee_with_signatures(client, cast, class_of_three):
    slot, youth = class_of_three
    login(client, cast.trainer)
    client.post(
        reverse("training:attendance_sign", args=[slot.pk, youth[0].pk]), {"image": png_data_url()}
    )
    client.post(
        reverse("training:attendance_mark", args=[slot.pk, youth[1].pk]), {"status": "absent"}
    )
    client.post(
        reverse("training:attendance_mark", args=[slot.pk, youth[2].pk]),
        {"status": "partial", "minutes": "45"},
    )
    # A countersignature on white, unlike the transparent one: WeasyPrint embeds identical
    # images once.
    client.post(
        reverse("training:slot_countersign", args=[slot.pk]),
        {"image": png_data_url(mode="RGB")},
    )
    client.logout()

    login(client, cast.auditor)  # auditors download attendance proof
    response = client.get(reverse("training:slot_sheet_pdf", args=[slot.pk]))
    assert response.status_code == 200
    text = _pdf_text(response)
    for person in youth:
        assert text.count(person.last_name.upper()) == 1, person.last_name
    assert cast.taught.name in text
    assert cast.project.programme in text
    assert "Absent" in text and "45 min" in text
    reader = PdfReader(io.BytesIO(response.content))
    images = sum(len(page.images) for page in reader.pages)
    assert images == 2  # one youth signature and the countersignature


def test_the_sheet_follows_the_language(client, cast, class_of_three):
    slot, _ = class_of_three
    login(client, cast.trainer)
    client.cookies["django_language"] = "it"
    text = _pdf_text(client.get(reverse("training:slot_sheet_pdf", args=[slot.pk])))
    assert "Foglio firme" in text
    assert "Feuille d'émargement" not in text


def test_the_week_sheet_has_a_section_per_slot(client, cast, class_of_three, today):
    _slot, youth = class_of_three
    other_day = today + dt.timedelta(days=1 if today.weekday() < 6 else -1)
    SlotFactory(cohort=cast.taught, date=other_day)
    login(client, cast.coordinator)
    response = client.get(
        reverse("training:cohort_week_pdf", args=[cast.taught.pk]) + f"?week={today.isoformat()}"
    )
    assert response.status_code == 200
    text = _pdf_text(response)
    assert text.count(youth[0].last_name.upper()) == 2
    bad = client.get(reverse("training:cohort_week_pdf", args=[cast.taught.pk]) + "?week=nope")
    assert bad.status_code == 302


# --- Query counts -------------------------------------------------------------------------------


def _grow(cast, today, *, youth: int, slots: int):
    for _ in range(youth):
        EnrolmentFactory(cohort=cast.taught, enrolled_on=cast.taught.start_date)
    module = ModuleFactory(cohort=cast.taught, project=cast.project)
    for n in range(slots):
        SlotFactory(
            cohort=cast.taught,
            module=module,
            date=cast.taught.start_date + dt.timedelta(days=n % 28),
            start=dt.time(8 + n // 28, 0),
            end=dt.time(8 + n // 28, 45),
        )


def test_pages_run_the_same_number_of_queries_whatever_the_data(client, cast, slots, today):
    login(client, cast.trainer)
    slot = slots["taught"]
    urls = [
        reverse("training:cohort_list"),
        reverse("training:cohort_detail", args=[cast.taught.pk]),
        reverse("training:cohort_detail", args=[cast.taught.pk])
        + f"?week={cast.taught.start_date.isoformat()}",
        reverse("training:today"),
        reverse("training:slot_attendance", args=[slot.pk]),
    ]
    _grow(cast, today, youth=1, slots=2)
    small = [query_count(client, url) for url in urls]
    _grow(cast, today, youth=15, slots=40)
    for youth in Enrolment.objects.filter(cohort=cast.taught).values_list("youth_id", flat=True)[
        :10
    ]:
        client.post(
            reverse("training:attendance_sign", args=[slot.pk, youth]), {"image": png_data_url()}
        )
    large = [query_count(client, url) for url in urls]
    assert large == small
    assert max(large) <= 20


def test_a_trainer_who_is_also_counsellor_reads_but_does_not_run_other_cohorts(client, cast, slots):
    cast.trainer.is_counsellor = True
    cast.trainer.save()
    login(client, cast.trainer)
    untaught = slots["untaught"]
    page = client.get(reverse("training:slot_attendance", args=[untaught.pk]))
    assert page.status_code == 200
    assert f'id="sign-{cast.other_pupil.pk}"' not in page.content.decode()
    response = client.post(
        reverse("training:attendance_sign", args=[untaught.pk, cast.other_pupil.pk]),
        {"image": png_data_url()},
    )
    assert response.status_code == 404
    timetable = client.get(reverse("training:cohort_timetable", args=[cast.untaught.pk]))
    assert timetable.status_code == 404
    assert not Attendance.objects.exists()


def test_the_week_sheet_runs_the_same_number_of_queries_whatever_the_data(
    client, cast, slots, today
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, cast.auditor)
    url = reverse("training:cohort_week_pdf", args=[cast.taught.pk]) + f"?week={today}"

    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    small = count()
    for _ in range(6):
        EnrolmentFactory(cohort=cast.taught, enrolled_on=cast.taught.start_date)
    monday = today - dt.timedelta(days=today.weekday())
    for n in range(4):
        SlotFactory(
            cohort=cast.taught,
            date=monday + dt.timedelta(days=n),
            start=dt.time(14),
            end=dt.time(16),
        )
    assert count() == small


def test_the_cohort_page_shows_each_enrolments_attendance_rate(client, cast, today):
    """Minutes attended over minutes scheduled, on the past slots of the enrolment's window."""
    from tests.factories import AttendanceFactory

    start = cast.taught.start_date
    staying = EnrolmentFactory(cohort=cast.taught, enrolled_on=start)
    leaving = EnrolmentFactory(
        cohort=cast.taught,
        enrolled_on=start,
        status=EnrolmentStatus.DROPPED_OUT,
        left_on=start + dt.timedelta(days=2),
    )
    first = SlotFactory(cohort=cast.taught, date=start + dt.timedelta(days=1))  # 180 min
    second = SlotFactory(cohort=cast.taught, date=start + dt.timedelta(days=3))  # after leaving
    SlotFactory(cohort=cast.taught, date=today + dt.timedelta(days=1))  # not yet held
    AttendanceFactory(slot=first, youth=staying.youth, status="present")
    AttendanceFactory(slot=second, youth=staying.youth, status="partial", minutes=45)
    AttendanceFactory(slot=first, youth=leaving.youth, status="partial", minutes=90)
    AttendanceFactory(slot=second, youth=leaving.youth, status="present")

    login(client, cast.coordinator)
    page = client.get(reverse("training:cohort_detail", args=[cast.taught.pk])).content.decode()

    def rate_of(enrolment):
        row = page.split(f'data-enrolment="{enrolment.pk}"', 1)[1].split("</tr>", 1)[0]
        return float(row.split('data-rate="', 1)[1].split('"', 1)[0])

    assert rate_of(staying) == pytest.approx((180 + 45) / (180 + 180))
    assert rate_of(leaving) == pytest.approx(90 / 180)


def test_the_week_view_lists_that_weeks_slots(client, cast, slots, today):
    start = cast.taught.start_date
    monday = start - dt.timedelta(days=start.weekday())
    inside = SlotFactory(cohort=cast.taught, date=start, place="Salle du quai")
    outside = SlotFactory(cohort=cast.taught, date=monday + dt.timedelta(days=8))
    login(client, cast.trainer)
    url = reverse("training:cohort_detail", args=[cast.taught.pk])
    page = client.get(f"{url}?week={start.isoformat()}").content.decode()
    assert 'id="view-week" href' in page and 'aria-current="page">Semaine' in page
    assert reverse("training:slot_attendance", args=[inside.pk]) in page
    assert "Salle du quai" in page
    assert reverse("training:slot_attendance", args=[outside.pk]) not in page
    # An unreadable week falls back to the month.
    assert client.get(f"{url}?week=soon").status_code == 200
