"""Consent and information at entry (issue 12, point 1), through the real pages: a counsellor
records a minor's notice, legal guardian and parents' authorisations; a coordinator cannot add
them to a stay in Italy until their *autorisation de sortie du territoire* is recorded, and the
page says why."""

import datetime as dt

from django.utils import timezone

from teenlab.activities.models import ExchangeParticipant
from teenlab.participants.models import Consent
from tests.browser.steps_consent import consent_record, exchange_youth_add, guardian_set
from tests.factories import ExchangeFactory, YouthFactory


def test_a_minor_joins_a_cross_border_stay_only_with_a_recorded_ast(
    page, server, programme, log_in
):
    today = timezone.localdate()
    minor = YouthFactory(
        project=programme.project,
        organisation=programme.coordinator.organisation,
        first_name="Inès",
        last_name="Morel",
        birth_date=today.replace(year=today.year - 16),
        received_on=today - dt.timedelta(days=3),
    )
    stay = ExchangeFactory(
        project=programme.project,
        code="X-TORINO",
        title="Séjour à Turin",
        origin="FR",
        destination="IT",
        start_date=today + dt.timedelta(days=20),
        end_date=today + dt.timedelta(days=24),
        youth_count=None,
        staff_count=None,
    )

    log_in(programme.counsellor)
    page.goto(f"{server.url}/youth/{minor.pk}/")
    assert page.locator("#consents-missing").is_visible()
    guardian_set(
        page, server, youth_id=minor.pk, name="Sophie Morel (mère)", contact="06 11 22 33 44"
    )
    consent_record(
        page,
        server,
        youth_id=minor.pk,
        kind="notice",
        on=minor.received_on,
        given_by="both",
        version="2026-01",
        language="fr",
    )
    consent_record(
        page,
        server,
        youth_id=minor.pk,
        kind="image_rights",
        on=minor.received_on,
        given_by="guardian",
        granted=False,
    )
    consent_record(
        page,
        server,
        youth_id=minor.pk,
        kind="participation",
        on=minor.received_on,
        given_by="guardian",
    )
    assert not page.locator("#consents-missing").count()
    assert "Pas de photo ni de vidéo" in page.locator("#consents").inner_text()

    # Without the AST the coordinator's page refuses, and says why.
    log_in(programme.coordinator)
    reason = exchange_youth_add(page, server, exchange_id=stay.pk, youth_id=minor.pk, refused=True)
    assert "autorisation de sortie du territoire" in reason and "Morel" in reason
    assert not ExchangeParticipant.objects.filter(youth=minor).exists()

    # The counsellor records it, valid until the stay's last day: now the minor goes.
    log_in(programme.counsellor)
    consent_record(
        page,
        server,
        youth_id=minor.pk,
        kind="travel",
        on=today,
        given_by="guardian",
        valid_until=stay.end_date,
    )
    assert "Autorisation de sortie du territoire" in page.locator("#consents").inner_text()
    log_in(programme.coordinator)
    exchange_youth_add(page, server, exchange_id=stay.pk, youth_id=minor.pk)
    assert ExchangeParticipant.objects.filter(exchange=stay, youth=minor).exists()
    assert set(Consent.objects.filter(youth=minor).values_list("kind", flat=True)) == {
        "notice",
        "image_rights",
        "participation",
        "travel",
    }
    assert minor.consents.get(kind="travel").recorded_by == programme.counsellor
