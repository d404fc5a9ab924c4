"""Consent and information at entry (issue 12, point 1): recorded from the youth's page, a minor
kept off a cross-border exchange without an AST, the dashboard's list of what is missing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from teenlab.activities import services as activity_services
from teenlab.activities.models import Exchange, ExchangeParticipant
from teenlab.core.models import AuditEntry
from teenlab.participants.models import Consent, Youth
from tests.factories import ConsentFactory, ExchangeFactory, YouthFactory
from tests.web.conftest import login

pytestmark = pytest.mark.django_db


def years_ago(day: dt.date, years: int, days: int = 0) -> dt.date:
    return day.replace(year=day.year - years) - dt.timedelta(days=days)


@pytest.fixture
def minor(cast, today):
    """A young person of ``home`` aged 16, received today."""
    return YouthFactory(
        project=cast.project,
        organisation=cast.home,
        birth_date=years_ago(today, 16),
        received_on=today,
        guardian_name="Anne Martin (mère)",
        guardian_contact="06 00 00 00 00",
    )


def stay_data(today, youth, **extra):
    return {
        "code": "X-1",
        "title": "Séjour à Turin",
        "kind": "youth_stay",
        "origin": "FR",
        "destination": "IT",
        "start_date": (today + dt.timedelta(days=30)).isoformat(),
        "end_date": (today + dt.timedelta(days=34)).isoformat(),
        "place": "Torino",
        "youth_count": "",
        "staff_count": "",
        "youth": [youth.pk],
        **extra,
    }


def test_a_counsellor_records_a_notice_and_the_record_shows_it(client, cast, minor, today):
    login(client, cast.counsellor)
    page = client.get(reverse("participants:youth_detail", args=[minor.pk]))
    missing = page.context["consents"].missing
    assert any("notice" in str(item) for item in missing)
    response = client.post(
        reverse("participants:consent_create", args=[minor.pk]),
        {
            "kind": "notice",
            "given_on": today.isoformat(),
            "given_by": "both",
            "granted": "on",
            "version": "2026-01",
            "language": "it",
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get(youth=minor)
    assert (consent.kind, consent.given_by, consent.language, consent.version) == (
        "notice",
        "both",
        "it",
        "2026-01",
    )
    assert consent.recorded_by == cast.counsellor
    entry = AuditEntry.objects.get(model="participants.consent", object_id=consent.pk)
    assert (entry.action, entry.user, entry.youth_id) == ("create", cast.counsellor, minor.pk)
    page = client.get(reverse("participants:youth_detail", args=[minor.pk]))
    assert page.context["consents"].notice == consent
    assert "2026-01" in page.content.decode()


def test_an_ast_without_its_validity_is_refused_and_nothing_is_written(client, cast, minor, today):
    login(client, cast.counsellor)
    url = reverse("participants:consent_create", args=[minor.pk])
    for bad in (
        {"kind": "travel", "given_on": today.isoformat(), "given_by": "guardian"},
        {
            "kind": "travel",
            "given_on": today.isoformat(),
            "given_by": "youth",
            "valid_until": "2099-01-01",
        },
        {"kind": "notice", "given_on": "31/02/2026", "given_by": "youth"},
        {"kind": "forged", "given_on": today.isoformat(), "given_by": "youth"},
    ):
        response = client.post(url, {"granted": "on", **bad})
        assert response.status_code == 422, bad
    assert not Consent.objects.exists()
    assert not AuditEntry.objects.filter(model="participants.consent").exists()


def test_another_organisations_youth_is_a_404_and_a_trainer_a_403(client, cast, today):
    data = {"kind": "notice", "given_on": today.isoformat(), "given_by": "youth", "granted": "on"}
    login(client, cast.counsellor)
    url = reverse("participants:consent_create", args=[cast.stranger.pk])
    assert client.post(url, data).status_code == 404
    login(client, cast.trainer)
    url = reverse("participants:consent_create", args=[cast.pupil.pk])
    assert client.post(url, data).status_code == 403
    assert not Consent.objects.exists()


def test_a_minor_needs_a_guardians_name_and_contact(client, cast, today):
    login(client, cast.counsellor)
    data = {
        "code": "J-MINOR",
        "first_name": "Léa",
        "last_name": "Petit",
        "gender": "f",
        "birth_date": years_ago(today, 16).isoformat(),
        "received_on": today.isoformat(),
    }
    response = client.post(reverse("participants:youth_create"), data)
    assert set(response.context["form"].errors) == {"guardian_name", "guardian_contact"}
    # Minority is taken on the day received: 18 today, 17 when received last year.
    adult_now = {
        **data,
        "birth_date": years_ago(today, 18).isoformat(),
        "received_on": (today - dt.timedelta(days=200)).isoformat(),
    }
    response = client.post(reverse("participants:youth_create"), adult_now)
    assert set(response.context["form"].errors) == {"guardian_name", "guardian_contact"}
    data.update(guardian_name="Paul Petit (père)", guardian_contact="paul@example.org")
    assert client.post(reverse("participants:youth_create"), data).status_code == 302
    assert Youth.objects.get(code="J-MINOR").guardian_name == "Paul Petit (père)"


def test_a_minor_without_an_ast_is_refused_on_a_cross_border_exchange(client, cast, minor, today):
    login(client, cast.coordinator)
    response = client.post(reverse("activities:exchange_create"), stay_data(today, minor))
    assert response.status_code == 422
    text = response.content.decode()
    assert "autorisation de sortie du territoire" in text and minor.last_name in text
    assert not Exchange.objects.exists()
    assert not ExchangeParticipant.objects.exists()


def test_an_ast_ending_before_the_stay_does_not_count(client, cast, minor, today):
    ConsentFactory(
        youth=minor,
        kind="travel",
        given_by="guardian",
        given_on=today,
        valid_until=today + dt.timedelta(days=32),  # the stay ends on day 34
    )
    ConsentFactory(
        youth=minor,
        kind="travel",
        given_by="guardian",
        given_on=today,
        granted=False,
        valid_until=today + dt.timedelta(days=90),
    )
    login(client, cast.coordinator)
    response = client.post(reverse("activities:exchange_create"), stay_data(today, minor))
    assert response.status_code == 422
    assert not ExchangeParticipant.objects.exists()


def test_with_a_valid_ast_the_minor_is_added(client, cast, minor, today):
    ConsentFactory(
        youth=minor,
        kind="travel",
        given_by="guardian",
        given_on=today,
        valid_until=today + dt.timedelta(days=34),
    )
    login(client, cast.coordinator)
    response = client.post(reverse("activities:exchange_create"), stay_data(today, minor))
    assert response.status_code == 302
    assert ExchangeParticipant.objects.get().youth == minor


def test_an_adult_a_remote_exchange_or_a_stay_at_home_need_no_ast(client, cast, minor, today):
    adult = YouthFactory(project=cast.project, organisation=cast.home)
    login(client, cast.coordinator)
    for code, youth, extra in (
        ("X-ADULT", adult, {}),
        ("X-REMOTE", minor, {"destination": "remote"}),
        ("X-HOME", minor, {"destination": "FR"}),
        # 18 on the stay's first day: no longer a minor.
        ("X-18", minor, {"start_date": years_ago(today, -2).isoformat(), "end_date": ""}),
    ):
        response = client.post(
            reverse("activities:exchange_create"), stay_data(today, youth, code=code, **extra)
        )
        assert response.status_code == 302, (code, response.content.decode())
    assert ExchangeParticipant.objects.count() == 4


def test_the_service_itself_refuses_the_minor(cast, minor, today):
    exchange = ExchangeFactory(
        project=cast.project,
        start_date=today + dt.timedelta(days=10),
        end_date=today + dt.timedelta(days=12),
    )
    with pytest.raises(ValidationError) as refused:
        activity_services.exchange_save(exchange=exchange, youth=[minor], by=cast.coordinator)
    assert "youth" in refused.value.message_dict
    assert not exchange.participants.exists()


def test_a_minor_already_on_an_exchange_stays_when_it_is_edited(client, cast, minor, today):
    """An exchange recorded before (an import, say) keeps its minor when its title changes:
    only a young person added is checked."""
    exchange = ExchangeFactory(
        project=cast.project,
        code="X-1",
        start_date=today + dt.timedelta(days=30),
        end_date=today + dt.timedelta(days=34),
    )
    ExchangeParticipant.objects.create(exchange=exchange, youth=minor)
    login(client, cast.coordinator)
    response = client.post(
        reverse("activities:exchange_edit", args=[exchange.pk]),
        stay_data(today, minor, title="Séjour à Turin (reporté)"),
    )
    assert response.status_code == 302


def test_the_dashboard_lists_what_is_missing_for_those_who_record_it(client, cast, minor, today):
    adult_done = YouthFactory(project=cast.project, organisation=cast.home, received_on=today)
    ConsentFactory(youth=adult_done, kind="notice")
    ConsentFactory(youth=adult_done, kind="image_rights", granted=False)
    ConsentFactory(youth=minor, kind="notice", given_by="youth")
    ConsentFactory(youth=minor, kind="image_rights")
    stay = ExchangeFactory(
        project=cast.project, start_date=today + dt.timedelta(days=5), end_date=None
    )
    ExchangeParticipant.objects.create(exchange=stay, youth=minor)

    login(client, cast.counsellor)
    board = client.get(reverse("dashboard:index")).context["board"]
    items = {item.youth.pk: item.gaps for item in board.consents.items}
    assert adult_done.pk not in items
    assert [str(gap) for gap in items[minor.pk]] == [
        "notice au représentant légal",
        "autorisation parentale",
        "autorisation de sortie du territoire",
    ]
    # Other young people received without a notice are counted; another organisation's not.
    assert cast.stranger.pk not in items
    received = Youth.objects.filter(organisation=cast.home).exclude(pk=adult_done.pk)
    assert board.consents.count == received.count()

    # Completed, the minor leaves the list.
    ConsentFactory(youth=minor, kind="notice", given_by="both")
    ConsentFactory(youth=minor, kind="participation", given_by="guardian")
    ConsentFactory(youth=minor, kind="travel", given_by="guardian", valid_until=stay.start_date)
    board = client.get(reverse("dashboard:index")).context["board"]
    assert minor.pk not in {item.youth.pk for item in board.consents.items}

    for role in ("partner", "auditor", "trainer"):
        login(client, getattr(cast, role))
        response = client.get(reverse("dashboard:index"))
        assert response.context["board"].consents is None
        assert 'id="consents-todo"' not in response.content.decode()
