"""Point 6 of issue 9: an event's beneficiary and the young people who took part; an exchange's
participants by name (youth and staff), its head counts following them."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from teenlab.activities import selectors, services
from teenlab.activities.models import Event, EventParticipant, Exchange, ExchangeParticipant
from teenlab.core.models import AuditEntry
from tests.factories import (
    EnrolmentFactory,
    EventFactory,
    ExchangeFactory,
    ExchangeParticipantFactory,
    UserFactory,
)
from tests.web.conftest import login

pytestmark = pytest.mark.django_db


def event_data(cast, **extra):
    return {
        "code": "EV-1",
        "title": "Soirée jeux",
        "cohort": cast.taught.code,
        "date": "2026-03-14",
        "beneficiary": "Secours populaire",
        "place": "Chambéry",
        **extra,
    }


def exchange_data(**extra):
    return {
        "code": "X-1",
        "title": "Séjour à Turin",
        "kind": "youth_stay",
        "origin": "FR",
        "destination": "IT",
        "start_date": "2026-05-16",
        "end_date": "2026-05-20",
        "place": "Torino",
        "youth_count": "",
        "staff_count": "",
        **extra,
    }


def test_an_event_records_its_beneficiary_and_who_took_part(client, cast):
    classmate = EnrolmentFactory(cohort=cast.taught).youth
    login(client, cast.trainer)
    data = event_data(cast, participants=[cast.pupil.pk, classmate.pk])
    response = client.post(reverse("activities:event_create"), data)
    assert response.status_code == 302
    event = Event.objects.get(code="EV-1")
    assert event.beneficiary == "Secours populaire"
    assert set(event.participants.values_list("youth", flat=True)) == {
        cast.pupil.pk,
        classmate.pk,
    }
    assert (
        AuditEntry.objects.filter(model="activities.eventparticipant", action="create").count() == 2
    )
    listing = client.get(reverse("activities:event_list")).content.decode()
    assert "Secours populaire" in listing and 'data-participants="2"' in listing
    # Editing drops one; the journal keeps the deletion.
    response = client.post(
        reverse("activities:event_edit", args=[event.pk]), {**data, "participants": [classmate.pk]}
    )
    assert response.status_code == 302
    assert list(event.participants.values_list("youth", flat=True)) == [classmate.pk]
    assert AuditEntry.objects.filter(model="activities.eventparticipant", action="delete").exists()


def test_the_event_form_offers_the_youth_of_the_cohorts_run(client, cast):
    login(client, cast.trainer)
    form = client.get(reverse("activities:event_create")).context["form"]
    offered = set(form.fields["participants"].queryset.values_list("pk", flat=True))
    assert offered == {cast.pupil.pk}


def test_a_young_person_not_in_the_event_cohort_is_refused_and_nothing_written(client, cast):
    login(client, cast.coordinator)
    # other_pupil is offered (the coordinator runs both cohorts) but not enrolled in `taught`.
    response = client.post(
        reverse("activities:event_create"), event_data(cast, participants=[cast.other_pupil.pk])
    )
    assert response.status_code == 422
    assert "Pas inscrit dans la session" in response.content.decode()
    assert not Event.objects.filter(code="EV-1").exists()
    # A forged id outside the choices, a malformed date: the form says so, nothing written.
    for bad in ({"participants": [cast.stranger.pk]}, {"date": "14/03/2026x"}):
        response = client.post(reverse("activities:event_create"), event_data(cast, **bad))
        assert response.status_code == 422
    assert not EventParticipant.objects.exists()


def test_the_service_refuses_a_youth_outside_the_cohort(cast):
    event = EventFactory(cohort=cast.taught, project=cast.project)
    with pytest.raises(ValidationError) as refused:
        services.event_save(event=event, participants=[cast.other_pupil], by=cast.coordinator)
    assert "participants" in refused.value.message_dict


def test_an_exchange_names_its_youth_and_staff_and_the_counts_follow(client, cast):
    colleague = UserFactory(organisation=cast.away, first_name="Giulia", last_name="Rossi")
    login(client, cast.coordinator)
    data = exchange_data(
        youth=[cast.pupil.pk, cast.other_pupil.pk],
        staff=[colleague.pk],
        others="Marc Dupont, Mission Locale\n\nAnna Bianchi",
        youth_count="12",
    )
    response = client.post(reverse("activities:exchange_create"), data)
    assert response.status_code == 302, response.content.decode()
    exchange = Exchange.objects.get(code="X-1")
    assert (exchange.youth_count, exchange.staff_count) == (2, 3)
    staff = set(exchange.participants.filter(youth=None).values_list("name", "organisation"))
    assert staff == {
        ("Giulia Rossi", cast.away.name),
        ("Marc Dupont", "Mission Locale"),
        ("Anna Bianchi", ""),
    }
    assert exchange.participants.get(name="Giulia Rossi").staff == colleague
    # The form shows them back.
    form = client.get(reverse("activities:exchange_edit", args=[exchange.pk])).context["form"]
    assert set(form.initial["youth"]) == {cast.pupil.pk, cast.other_pupil.pk}
    assert form.initial["staff"] == [colleague.pk]
    assert "Marc Dupont, Mission Locale" in form.initial["others"]
    # The young person's record lists it.
    record = client.get(reverse("participants:youth_detail", args=[cast.pupil.pk]))
    assert [p.exchange for p in record.context["exchanges"]] == [exchange]


def test_without_names_the_counts_entered_stay(client, cast):
    login(client, cast.coordinator)
    data = exchange_data(youth_count="12", staff_count="3")
    assert client.post(reverse("activities:exchange_create"), data).status_code == 302
    exchange = Exchange.objects.get(code="X-1")
    assert (exchange.youth_count, exchange.staff_count) == (12, 3)
    assert not exchange.participants.exists()


def test_an_edit_leaves_the_youth_the_account_does_not_see(client, cast):
    exchange = ExchangeFactory(project=cast.project, youth_count=None, staff_count=None)
    ExchangeParticipant.objects.create(exchange=exchange, youth=cast.stranger)
    login(client, cast.coordinator)
    form = client.get(reverse("activities:exchange_edit", args=[exchange.pk])).context["form"]
    assert cast.stranger.pk not in set(form.fields["youth"].queryset.values_list("pk", flat=True))
    data = exchange_data(code=exchange.code, youth=[cast.pupil.pk])
    response = client.post(reverse("activities:exchange_edit", args=[exchange.pk]), data)
    assert response.status_code == 302
    assert set(exchange.participants.values_list("youth", flat=True)) == {
        cast.pupil.pk,
        cast.stranger.pk,
    }
    exchange.refresh_from_db()
    assert exchange.youth_count == 2


def test_a_forged_youth_id_is_refused(client, cast):
    login(client, cast.coordinator)
    response = client.post(
        reverse("activities:exchange_create"), exchange_data(youth=[cast.stranger.pk])
    )
    assert response.status_code == 422
    assert not Exchange.objects.exists()


def test_the_record_lists_the_events_a_young_person_took_part_in(client, cast):
    event = EventFactory(cohort=cast.taught, project=cast.project, beneficiary="Emmaüs")
    EventParticipant.objects.create(event=event, youth=cast.pupil)
    login(client, cast.counsellor)
    response = client.get(reverse("participants:youth_detail", args=[cast.pupil.pk]))
    assert [p.event for p in response.context["events"]] == [event]
    assert "Emmaüs" in response.content.decode()


def test_participations_per_person_is_one_query(cast, django_assert_num_queries):
    event = EventFactory(cohort=cast.taught, project=cast.project)
    EventParticipant.objects.create(event=event, youth=cast.pupil)
    for _ in range(2):
        exchange = ExchangeFactory(project=cast.project)
        ExchangeParticipant.objects.create(exchange=exchange, youth=cast.pupil)
        ExchangeParticipantFactory(exchange=exchange)
    with django_assert_num_queries(1):
        counts = {
            y.pk: (y.events, y.exchanges)
            for y in selectors.participations_per_youth(project=cast.project)
        }
    assert counts[cast.pupil.pk] == (1, 2)
    assert counts[cast.other_pupil.pk] == (0, 0)


def test_named_staff_reads_one_person_a_line():
    assert services.named_staff(" Marc  Dupont , ML\nAnna\n\nAnna\nA, B, C") == [
        ("Marc Dupont", "ML"),
        ("Anna", ""),
        ("A, B", "C"),
    ]


def test_another_organisation_cannot_edit_or_see_the_form(client, cast):
    event = EventFactory(cohort=cast.away_cohort, project=cast.project)
    login(client, cast.coordinator)
    assert client.get(reverse("activities:event_edit", args=[event.pk])).status_code == 404
    login(client, cast.counsellor)
    assert client.get(reverse("activities:exchange_create")).status_code == 403


def test_the_bilan_prints_each_event_with_its_beneficiary(cast):
    import io

    from openpyxl import load_workbook

    from teenlab.reporting.renderers.html import render_html
    from teenlab.reporting.renderers.xlsx import render_xlsx
    from teenlab.reporting.selectors import bilan_build

    ExchangeFactory(project=cast.project)  # the section shows with the project's exchanges
    event = EventFactory(
        cohort=cast.taught, project=cast.project, title="Repair café", beneficiary="Emmaüs"
    )
    EventParticipant.objects.create(event=event, youth=cast.pupil)
    bilan = bilan_build(project=cast.project, trainees=True)  # the XLSX lists them
    assert [(e.title, e.beneficiary, e.participants) for e in bilan.events] == [
        ("Repair café", "Emmaüs", 1)
    ]
    html = render_html(bilan, "fr")
    assert 'id="bilan-events"' in html and "Emmaüs" in html
    workbook = load_workbook(io.BytesIO(render_xlsx(bilan, "en")))
    rows = list(workbook["List of events"].iter_rows(values_only=True))
    assert any("Emmaüs" in row for row in rows)


def test_the_event_form_names_each_young_persons_session(client, cast):
    login(client, cast.coordinator)
    page = client.get(reverse("activities:event_create")).content.decode()
    assert f"({cast.pupil.code}) — {cast.taught.name}" in page
    assert f"({cast.other_pupil.code}) — {cast.untaught.name}" in page


def test_past_many_young_people_an_exchange_adds_them_by_code(client, cast):
    """A project's thousands of young people are no list of checkboxes: past SEARCHABLE_OVER,
    the form ticks those taking part and adds others by their codes (issue 14, target 3)."""
    from teenlab.core.forms import SEARCHABLE_OVER
    from tests.factories import YouthFactory

    YouthFactory.create_batch(SEARCHABLE_OVER, project=cast.project, organisation=cast.home)
    login(client, cast.coordinator)
    page = client.get(reverse("activities:exchange_create"))
    assert "youth_codes" in page.context["form"].fields
    assert 'name="youth"' not in page.content.decode()  # not one checkbox per young person
    url = reverse("activities:exchange_create")
    for codes in ("NOPE", cast.stranger.code):  # unknown, or another organisation's
        refused = client.post(url, exchange_data(youth_codes=f"{cast.pupil.code}, {codes}"))
        assert refused.status_code == 422
        assert codes in str(refused.context["form"].errors["youth_codes"])
    assert not Exchange.objects.exists()
    codes = f"{cast.pupil.code}\n{cast.newcomer.code}"
    assert client.post(url, exchange_data(youth_codes=codes)).status_code == 302
    exchange = Exchange.objects.get(code="X-1")
    assert set(exchange.participants.values_list("youth", flat=True)) == {
        cast.pupil.pk,
        cast.newcomer.pk,
    }
    # Editing shows them ticked; one unticked and another added by code.
    edit = reverse("activities:exchange_edit", args=[exchange.pk])
    form = client.get(edit).context["form"]
    offered = set(form.fields["youth"].queryset.values_list("pk", flat=True))
    assert offered == {cast.pupil.pk, cast.newcomer.pk}
    data = exchange_data(youth=[cast.pupil.pk], youth_codes=cast.other_pupil.code)
    assert client.post(edit, data).status_code == 302
    assert set(exchange.participants.values_list("youth", flat=True)) == {
        cast.pupil.pk,
        cast.other_pupil.pk,
    }
